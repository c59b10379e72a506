import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { EVENTS, SlaBreachedV1 } from '@mpp/contracts';
import { ChangeRecorder } from '@mpp/messaging';
import { PeriodicTask, serviceLevelMetrics } from '@mpp/platform';
import { decidedUnder, deemedApprovalAt, dueWithinOneWorkingDay } from '@mpp/domain';
import { CASE_SUBJECT, caseEvent, documentsVerified, SERVICE_ACTOR, slaBreached, slaDueSoon } from '../case-events';
import { OfficeCalendars } from '../office-calendar';
import { caseTransition, statusesAllowing, SYSTEM } from '../case-lifecycle';
import { CaseTransitions } from '../case-transitions';
import { VerificationCaseEntity } from '../verification-case.entity';

/** Statuses in which the clock runs, so a due date can be missed. */
const CLOCK_RUNNING = statusesAllowing('breach-service-level', SYSTEM);

/**
 * Finds cases past their due date and announces each breach once (SlaBreached), marking the case so that
 * the queue flags it. Where the case's rule set deems a lapsed verification a verified one (fiktif positif,
 * PP 28/2025 Ps. 225 for a Menengah Tinggi Sertifikat Standar), the case is verified at the same time, in
 * the same transaction, with that legal basis (DocumentsVerified, `verifiedBy: DEEMED`). Several replicas
 * may run it: rows are claimed with SKIP LOCKED, and a case is breached and deemed verified once.
 */
@Injectable()
export class SlaBreachMonitor implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(SlaBreachMonitor.name);
  private readonly task = new PeriodicTask('SLA check', async () => {
    await this.check();
    await this.warnDueSoon();
  }, this.logger);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly recorder: ChangeRecorder,
    private readonly config: ConfigService,
    private readonly calendars: OfficeCalendars,
    private readonly transitions: CaseTransitions,
  ) {}

  onApplicationBootstrap(): void {
    this.task.start(this.config.get<number>('SLA_CHECK_INTERVAL_MS', 60_000));
  }

  onApplicationShutdown(): Promise<void> {
    return this.task.stop();
  }

  /**
   * Warns once per due date about cases whose clock runs and whose due date is at most one working day
   * away (SlaDueSoon: the notification service tells the office's verifiers, and its head of office too where the
   * lapse would verify the case by operation of law). Returns how many.
   */
  async warnDueSoon(now = new Date()): Promise<number> {
    const warnedOffices: string[] = [];
    const warned = await this.dataSource.transaction(async (manager) => {
      // Cheap bound first (one working day is never more than a long holiday away), the calendar after.
      const candidates: VerificationCaseEntity[] = await manager
        .getRepository(VerificationCaseEntity)
        .createQueryBuilder('c')
        .where('c.status IN (:...statuses) AND c.sla_breached_at IS NULL AND c.due_at > :now AND c.due_at < :horizon', {
          statuses: CLOCK_RUNNING,
          now,
          horizon: new Date(now.getTime() + 21 * 24 * 3600 * 1000),
        })
        .andWhere('(c.sla_warned_for IS NULL OR c.sla_warned_for <> c.due_at)')
        .orderBy('c.due_at', 'ASC')
        .limit(50)
        .setLock('pessimistic_write')
        .setOnLocked('skip_locked')
        .getMany();
      for (const found of candidates) {
        const office = await this.calendars.of(manager, found.officeCode);
        const dueAt = found.dueAt as Date;
        if (!dueWithinOneWorkingDay(dueAt, now, office.calendar, office.timezone)) continue;
        await manager.update(VerificationCaseEntity, { id: found.id }, { slaWarnedFor: dueAt });
        // Where the lapse would verify the case by operation of law, the warning says so (the head of office is told too).
        const deemed = findDeemedOnLapse(found);
        const payload = slaDueSoon(found, now, deemed?.basis);
        await this.recorder.record(manager, caseEvent(found, EVENTS.SlaDueSoon, payload), {
          action: 'case.sla-due-soon',
          subjectType: CASE_SUBJECT,
          subjectId: found.id,
          actor: SERVICE_ACTOR,
          details: { dueAt: payload.dueAt, ...(deemed ? { deemedOnLapse: deemed.basis } : {}) },
        });
        warnedOffices.push(found.officeCode);
      }
      if (warnedOffices.length) this.logger.log(`${warnedOffices.length} case(s) due within one working day`);
      return warnedOffices.length;
    });
    for (const office of warnedOffices) serviceLevelMetrics.dueSoon.inc({ office, stage: 'VERIFICATION' });
    return warned;
  }

  /** One pass; returns the number of breaches announced. */
  async check(now = new Date()): Promise<number> {
    const breaches = await this.dataSource.transaction(async (manager) => {
      const due: VerificationCaseEntity[] = await manager
        .getRepository(VerificationCaseEntity)
        .createQueryBuilder('c')
        .where('c.status IN (:...statuses) AND c.sla_breached_at IS NULL AND c.due_at < :now', { statuses: CLOCK_RUNNING, now })
        .orderBy('c.due_at', 'ASC')
        .limit(50)
        .setLock('pessimistic_write')
        .setOnLocked('skip_locked')
        .getMany();
      const announced: { breach: SlaBreachedV1; deemed: boolean }[] = [];
      for (const found of due) {
        await manager.update(VerificationCaseEntity, { id: found.id }, { slaBreachedAt: now });
        found.slaBreachedAt = now;
        const payload = slaBreached(found, now);
        // The event carries no actor; the audit names this service.
        await this.recorder.record(manager, caseEvent(found, EVENTS.SlaBreached, payload), {
          action: 'case.sla-breached',
          subjectType: CASE_SUBJECT,
          subjectId: found.id,
          actor: SERVICE_ACTOR,
          details: { dueAt: payload.dueAt },
        });
        announced.push({ breach: payload, deemed: await this.deemVerified(manager, found, now) });
      }
      if (due.length) this.logger.warn(`service level missed by ${due.length} case(s)`);
      return announced;
    });
    for (const { breach, deemed } of breaches) {
      serviceLevelMetrics.breached.inc({ office: breach.officeCode, stage: breach.stage });
      if (deemed) serviceLevelMetrics.deemed.inc({ office: breach.officeCode, stage: breach.stage });
    }
    return breaches.length;
  }

  /** Verifies a lapsed case by operation of law where its rule set says so; true when it did. */
  private async deemVerified(manager: EntityManager, found: VerificationCaseEntity, now: Date): Promise<boolean> {
    const deemed = findDeemedOnLapse(found);
    if (!deemed) return false;
    const transition = caseTransition(found, 'deem-verified', SYSTEM);
    if (!transition.allowed) return false;
    const dueAt = (found.dueAt as Date).toISOString();
    await this.transitions.apply(manager, found, transition, now);
    found.decidedBy = 'DEEMED';
    await manager.save(VerificationCaseEntity, found);
    await this.recorder.record(manager, caseEvent(found, EVENTS.DocumentsVerified, documentsVerified(found, 'DEEMED', now, deemed.basis), SERVICE_ACTOR), {
      action: 'case.deemed-verified',
      subjectType: CASE_SUBJECT,
      subjectId: found.id,
      actor: SERVICE_ACTOR,
      details: { applicationNumber: found.applicationNumber, dueAt, legalBasis: deemed.basis, ruleSet: found.ruleSet },
    });
    this.logger.warn(`case of ${found.applicationNumber} deemed verified (${deemed.basis})`);
    return true;
  }
}

/** The deemed verification the case's rule set provides for its risk level, if any (fiktif positif). */
const findDeemedOnLapse = (found: VerificationCaseEntity) => deemedApprovalAt(decidedUnder(found.ruleSet), found.riskLevel, 'VERIFICATION');
