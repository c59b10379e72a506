import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { InjectDataSource } from '@nestjs/typeorm';
import { Counter, register } from 'prom-client';
import { DataSource } from 'typeorm';
import { EVENTS, SlaBreachedV1 } from '@mpp/contracts';
import { ChangeRecorder } from '@mpp/messaging';
import { errorText } from '@mpp/platform';
import { addWorkingDays, endOfLocalDay, localDate } from '@mpp/domain';
import { CASE_SUBJECT, caseEvent, SERVICE_ACTOR, slaBreached, slaDueSoon } from '../case-events';
import { OfficeCalendars } from '../office-calendar';
import { statusesAllowing, SYSTEM } from '../case-lifecycle';
import { VerificationCaseEntity } from '../verification-case.entity';

function counter(name: string, help: string): Counter<string> {
  return (register.getSingleMetric(name) as Counter<string>) ?? new Counter({ name, help, labelNames: ['office', 'stage'] });
}

/** Counted once the transaction that announces them has committed. */
export const slaMetrics = {
  breached: counter('mpp_sla_breaches_total', 'Service-level breaches announced (SlaBreached), by office and stage'),
  dueSoon: counter('mpp_sla_due_soon_total', 'Due-within-one-working-day warnings given (SlaDueSoon), by office and stage'),
};

/** Statuses in which the clock runs, so a due date can be missed. */
const CLOCK_RUNNING = statusesAllowing('breach-service-level', SYSTEM);

/**
 * Finds cases past their due date and announces each breach once (SlaBreached), marking the case so that
 * the queue flags it. Several replicas may run it: rows are claimed with SKIP LOCKED.
 */
@Injectable()
export class SlaBreachMonitor implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(SlaBreachMonitor.name);
  private timer?: NodeJS.Timeout;
  private running?: Promise<number>;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly recorder: ChangeRecorder,
    private readonly config: ConfigService,
    private readonly calendars: OfficeCalendars,
  ) {}

  onApplicationBootstrap(): void {
    const every = this.config.get<number>('SLA_CHECK_INTERVAL_MS', 60_000);
    this.timer = setInterval(() => {
      this.running ??= this.check()
        .then(async (breached) => breached + (await this.warnDueSoon()))
        .catch((err) => {
          this.logger.warn(`SLA check failed: ${errorText(err)}`);
          return 0;
        })
        .finally(() => (this.running = undefined));
    }, every);
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
  }

  /**
   * Warns once per due date about cases whose clock runs and whose due date is at most one working day
   * away (SlaDueSoon: the notification service tells the office's verifiers). Returns how many.
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
        // The close of the next working day after today: the due date falls on it or before.
        const tomorrow = new Date(endOfLocalDay(localDate(now, office.timezone), office.timezone).getTime() + 1);
        if (addWorkingDays(tomorrow, 1, office.calendar, office.timezone) < dueAt) continue;
        await manager.update(VerificationCaseEntity, { id: found.id }, { slaWarnedFor: dueAt });
        const payload = slaDueSoon(found, now);
        await this.recorder.record(manager, caseEvent(found, EVENTS.SlaDueSoon, payload), {
          action: 'case.sla-due-soon',
          subjectType: CASE_SUBJECT,
          subjectId: found.id,
          actor: SERVICE_ACTOR,
          details: { dueAt: payload.dueAt },
        });
        warnedOffices.push(found.officeCode);
      }
      if (warnedOffices.length) this.logger.log(`${warnedOffices.length} case(s) due within one working day`);
      return warnedOffices.length;
    });
    for (const office of warnedOffices) slaMetrics.dueSoon.inc({ office, stage: 'VERIFICATION' });
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
      const announced: SlaBreachedV1[] = [];
      for (const found of due) {
        await manager.update(VerificationCaseEntity, { id: found.id }, { slaBreachedAt: now });
        const payload = slaBreached(found, now);
        announced.push(payload);
        // The event carries no actor; the audit names this service.
        await this.recorder.record(manager, caseEvent(found, EVENTS.SlaBreached, payload), {
          action: 'case.sla-breached',
          subjectType: CASE_SUBJECT,
          subjectId: found.id,
          actor: SERVICE_ACTOR,
          details: { dueAt: payload.dueAt },
        });
      }
      if (due.length) this.logger.warn(`service level missed by ${due.length} case(s)`);
      return announced;
    });
    for (const { officeCode, stage } of breaches) slaMetrics.breached.inc({ office: officeCode, stage });
    return breaches.length;
  }
}
