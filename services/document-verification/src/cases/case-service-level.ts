import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { dueAt, isClockPaused, pauseClock, resumeClock, startClock } from '@mpp/domain';
import { VerificationCaseEntity } from './verification-case.entity';
import { OfficeCalendars } from './office-calendar';

/**
 * The service-level clock of a case, following OSS semantics (docs/rules/working-days.md): it runs while the
 * office has the case, stops while the applicant has to act (a revision requested: 41 Konfirmasi Persyaratan,
 * or from the second request on 43 Re-Konfirmasi), and stops at the decision. On resubmission it resumes
 * where it stopped after a first request (42 Data Konfirmasi) and restarts from zero after a later one (44
 * Data Re-Konfirmasi). `dueAt` is kept in step so the queue can sort and flag overdue cases.
 */
@Injectable()
export class CaseServiceLevel {
  constructor(private readonly calendars: OfficeCalendars) {}

  async start(manager: EntityManager, found: VerificationCaseEntity, at: Date): Promise<void> {
    const office = await this.calendars.of(manager, found.officeCode);
    found.slaClock = startClock(at, office.verificationDays);
    found.dueAt = dueAt(found.slaClock, office.calendar, office.timezone) ?? null;
  }

  /** Waiting for the applicant, or decided: no deadline runs. */
  stop(found: VerificationCaseEntity, at: Date): void {
    const clock = found.slaClock;
    if (clock && !isClockPaused(clock)) found.slaClock = pauseClock(clock, notBefore(at, clock.runningSince));
    found.dueAt = null;
  }

  async resume(manager: EntityManager, found: VerificationCaseEntity, at: Date): Promise<void> {
    if (!found.slaClock || !isClockPaused(found.slaClock)) return;
    const office = await this.calendars.of(manager, found.officeCode);
    found.slaClock = resumeClock(found.slaClock, notBefore(at, found.slaClock.pausedAt), { reset: found.revisionRound >= 2 });
    found.dueAt = dueAt(found.slaClock, office.calendar, office.timezone) ?? null;
  }
}

/** Events stamped by another service's clock may be a hair earlier than our last change. */
function notBefore(at: Date, earliest?: string): Date {
  return earliest && Date.parse(earliest) > at.getTime() ? new Date(earliest) : at;
}
