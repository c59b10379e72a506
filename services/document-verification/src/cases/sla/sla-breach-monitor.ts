import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AuditTrail } from '@mpp/audit';
import { EVENTS, SlaBreachedV1 } from '@mpp/contracts';
import { OutboxWriter } from '@mpp/messaging';
import { VerificationCaseEntity } from '../verification-case.entity';

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
    private readonly outbox: OutboxWriter,
    private readonly audit: AuditTrail,
    private readonly config: ConfigService,
  ) {}

  onApplicationBootstrap(): void {
    const every = this.config.get<number>('SLA_CHECK_INTERVAL_MS', 60_000);
    this.timer = setInterval(() => {
      this.running ??= this.check()
        .catch((err) => {
          this.logger.warn(`SLA check failed: ${err instanceof Error ? err.message : err}`);
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
        .where(`c.status = 'AWAITING_OFFICER' AND c.sla_breached_at IS NULL AND c.due_at < :now`, { now })
        .orderBy('c.due_at', 'ASC')
        .limit(50)
        .setLock('pessimistic_write')
        .setOnLocked('skip_locked')
        .getMany();
      for (const found of due) {
        await manager.update(VerificationCaseEntity, { id: found.id }, { slaBreachedAt: now });
        const payload: SlaBreachedV1 = {
          applicationId: found.applicationId,
          applicationNumber: found.applicationNumber,
          officeCode: found.officeCode,
          caseId: found.id,
          stage: 'VERIFICATION',
          dueAt: (found.dueAt as Date).toISOString(),
          detectedAt: now.toISOString(),
        };
        await this.outbox.append(manager, { event: EVENTS.SlaBreached, aggregateId: found.applicationId, tenant: found.officeCode, payload });
        await this.audit.record(
          manager,
          { action: 'case.sla-breached', subjectType: 'verification-case', subjectId: found.id, office: found.officeCode, details: { dueAt: payload.dueAt } },
          'document-verification',
        );
      }
      if (due.length) this.logger.warn(`service level missed by ${due.length} case(s)`);
      return due.length;
    });
  }
}
