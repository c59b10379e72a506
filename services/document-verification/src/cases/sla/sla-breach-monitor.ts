import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { EVENTS } from '@mpp/contracts';
import { ChangeRecorder } from '@mpp/messaging';
import { errorText } from '@mpp/platform';
import { CASE_SUBJECT, caseEvent, SERVICE_ACTOR, slaBreached } from '../case-events';
import { statusesAllowing, SYSTEM } from '../case-lifecycle';
import { VerificationCaseEntity } from '../verification-case.entity';

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
  ) {}

  onApplicationBootstrap(): void {
    const every = this.config.get<number>('SLA_CHECK_INTERVAL_MS', 60_000);
    this.timer = setInterval(() => {
      this.running ??= this.check()
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

  /** One pass; returns the number of breaches announced. */
  async check(now = new Date()): Promise<number> {
    return this.dataSource.transaction(async (manager) => {
      const due: VerificationCaseEntity[] = await manager
        .getRepository(VerificationCaseEntity)
        .createQueryBuilder('c')
        .where('c.status IN (:...statuses) AND c.sla_breached_at IS NULL AND c.due_at < :now', { statuses: CLOCK_RUNNING, now })
        .orderBy('c.due_at', 'ASC')
        .limit(50)
        .setLock('pessimistic_write')
        .setOnLocked('skip_locked')
        .getMany();
      for (const found of due) {
        await manager.update(VerificationCaseEntity, { id: found.id }, { slaBreachedAt: now });
        const payload = slaBreached(found, now);
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
      return due.length;
    });
  }
}
