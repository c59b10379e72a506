import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { ApprovalDeadline, ApprovalDueSoonV1, ApprovalOverdueV1, EventActor, EVENTS } from '@mpp/contracts';
import { DeemedApproval, deemedApprovalAt, dueWithinOneWorkingDay, findDecidedUnder, WorkingDayTimeZone } from '@mpp/domain';
import { AuditTrail } from '@mpp/audit';
import { ChangeRecorder } from '@mpp/messaging';
import { errorText, PeriodicTask, serviceLevelMetrics } from '@mpp/platform';
import { OfficeDirectory } from '../../offices/office-directory.service';
import { PermitIssuer } from '../permit-issuer';
import { approvalTransition, ApprovalStatus } from './approval-lifecycle';
import { ApprovalEntity } from './approval.entity';

const SYSTEM: EventActor = { kind: 'system', id: 'permit-issuance' };

/** Claimed per pass; each approval then gets its own transaction, so that one failing never holds up the rest. */
const BATCH = 50;

/**
 * The head of office's deadline on high-risk approvals. One working day ahead it warns once per due date
 * (ApprovalDueSoon: the notification service tells the head of office). When the due date passes without
 * a decision it announces the lapse once (ApprovalOverdue); where the application's rule set deems the Izin
 * issued then (fiktif positif, PP 28/2025 Ps. 230), it approves the application by operation of law in the
 * same transaction: the NIB and the Izin are issued with that legal basis and PermitIssued follows. Otherwise
 * the lapse escalates and the approval keeps waiting for the head of office. Several replicas may run it:
 * an approval is locked with SKIP LOCKED and re-checked inside its transaction, so it lapses once.
 */
@Injectable()
export class ApprovalDeadlineMonitor implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(ApprovalDeadlineMonitor.name);
  private readonly task = new PeriodicTask('approval deadline check', async () => {
    await this.check();
    await this.warnDueSoon();
  }, this.logger);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly changes: ChangeRecorder,
    private readonly audit: AuditTrail,
    private readonly config: ConfigService,
    private readonly offices: OfficeDirectory,
    private readonly issuer: PermitIssuer,
  ) {}

  onApplicationBootstrap(): void {
    this.task.start(this.config.get<number>('SLA_CHECK_INTERVAL_MS', 60_000));
  }

  onApplicationShutdown(): Promise<void> {
    return this.task.stop();
  }

  /** Warns once per due date about approvals due within one working day. Returns how many. */
  async warnDueSoon(now = new Date()): Promise<number> {
    // Cheap bound first (one working day is never more than a long holiday away), the calendar after.
    const horizon = new Date(now.getTime() + 21 * 24 * 3600 * 1000);
    const candidates = await this.candidates('"due_at" > $1 AND "due_at" < $2 AND "sla_warned_for" IS DISTINCT FROM "due_at"', [now, horizon]);
    let warned = 0;
    for (const id of candidates) {
      const done = await this.claim(id, async (manager, approval) => {
        const dueAt = approval.dueAt as Date;
        if (dueAt <= now || approval.slaWarnedFor?.getTime() === dueAt.getTime()) return false;
        const office = await this.offices.find(manager, approval.officeCode);
        if (!office?.calendar || !dueWithinOneWorkingDay(dueAt, now, office.calendar, office.timezone as WorkingDayTimeZone)) return false;
        await manager.update(ApprovalEntity, { id: approval.id }, { slaWarnedFor: dueAt });
        const deemed = deemedOnLapse(approval);
        const payload: ApprovalDueSoonV1 = { ...deadlineOf(approval, now), ...(deemed ? { deemedOnLapse: deemed.basis } : {}) };
        await this.changes.record(
          manager,
          { event: EVENTS.ApprovalDueSoon, aggregateId: approval.applicationId, tenant: approval.officeCode, payload, actor: SYSTEM },
          { action: 'approval.due-soon', subjectType: 'approval', subjectId: approval.id, details: { applicationNumber: approval.applicationNumber, dueAt: payload.dueAt, ...(deemed ? { deemedOnLapse: deemed.basis } : {}) } },
        );
        return true;
      });
      if (done) {
        warned++;
        serviceLevelMetrics.dueSoon.inc({ office: done.officeCode, stage: 'APPROVAL' });
      }
    }
    if (warned) this.logger.log(`${warned} approval(s) due within one working day`);
    return warned;
  }

  /** Announces each missed due date once, approving by operation of law where the rule set says so. Returns how many. */
  async check(now = new Date()): Promise<number> {
    const candidates = await this.candidates('"due_at" < $1', [now]);
    let lapsed = 0;
    for (const id of candidates) {
      const done = await this.claim(id, async (manager, approval) => {
        if (!approval.dueAt || approval.dueAt >= now) return false;
        await manager.update(ApprovalEntity, { id: approval.id }, { slaBreachedAt: now });
        const deemed = deemedOnLapse(approval);
        const payload: ApprovalOverdueV1 = { ...deadlineOf(approval, now), ...(deemed ? { deemedBasis: deemed.basis } : {}) };
        await this.changes.record(
          manager,
          { event: EVENTS.ApprovalOverdue, aggregateId: approval.applicationId, tenant: approval.officeCode, payload, actor: SYSTEM },
          { action: 'approval.overdue', subjectType: 'approval', subjectId: approval.id, details: { applicationNumber: approval.applicationNumber, dueAt: payload.dueAt } },
        );
        if (deemed) await this.deemApproved(manager, approval, deemed, now);
        return true;
      });
      if (done) {
        lapsed++;
        serviceLevelMetrics.breached.inc({ office: done.officeCode, stage: 'APPROVAL' });
        if (deemedOnLapse(done)) serviceLevelMetrics.deemed.inc({ office: done.officeCode, stage: 'APPROVAL' });
      }
    }
    if (lapsed) this.logger.warn(`approval due date missed by ${lapsed} application(s)`);
    return lapsed;
  }

  /** Issues the application's permits by operation of law and records the approval as decided so (fiktif positif). */
  private async deemApproved(manager: EntityManager, approval: ApprovalEntity, deemed: DeemedApproval, now: Date): Promise<void> {
    const verdict = approvalTransition(approval, 'deem-approve', { kind: 'system' });
    if (!verdict.allowed) throw new Error(verdict.refusal.message);
    const office = await this.offices.find(manager, approval.officeCode);
    if (!office) throw new Error(`office ${approval.officeCode} is not known to issuance`);
    const dueAt = (approval.dueAt as Date).toISOString();
    const issued = await this.issuer.issue(manager, approval.application, office, {
      actor: SYSTEM,
      auditDetails: { approvalId: approval.id, deemed: { basis: deemed.basis, dueAt } },
      deemed: { permit: deemed.permit, basis: deemed.basis },
    });
    if (!issued) throw new Error(`permits of ${approval.applicationNumber} were already issued while its approval waited`);
    await manager.update(ApprovalEntity, { id: approval.id }, { status: verdict.to, decidedAt: now, decidedBy: 'DEEMED', deemedBasis: deemed.basis });
    await this.audit.record(manager, {
      action: 'approval.deemed-approved',
      subjectType: 'approval',
      subjectId: approval.id,
      office: approval.officeCode,
      actor: SYSTEM,
      details: { applicationNumber: approval.applicationNumber, dueAt, legalBasis: deemed.basis, ruleSet: approval.application.ruleSet ?? null },
    });
    this.logger.warn(`approval of ${approval.applicationNumber} deemed given (${deemed.basis})`);
  }

  /** Ids of waiting approvals with a due date that match `where` (no lock: each is claimed in its own transaction). */
  private async candidates(where: string, params: unknown[]): Promise<string[]> {
    const rows: { id: string }[] = await this.dataSource.query(
      `SELECT "id" FROM "issuance"."approvals" WHERE "status" = '${ApprovalStatus.PENDING}' AND "sla_breached_at" IS NULL AND ${where}
       ORDER BY "due_at" LIMIT ${BATCH}`,
      params,
    );
    return rows.map((r) => r.id);
  }

  /**
   * Runs `work` on approval `id` in a transaction of its own, once locked, if it still waits and has not
   * lapsed (`work` re-checks its own condition on the locked row); skipped while another replica or a head of
   * office holds it. Returns the approval when `work` did something; a failure is logged and retried on the
   * next pass.
   */
  private async claim(id: string, work: (manager: EntityManager, approval: ApprovalEntity) => Promise<boolean>): Promise<ApprovalEntity | undefined> {
    try {
      return await this.dataSource.transaction(async (manager) => {
        const approval = await manager
          .getRepository(ApprovalEntity)
          .createQueryBuilder('a')
          .where('a.id = :id AND a.status = :status AND a.sla_breached_at IS NULL', { id, status: ApprovalStatus.PENDING })
          .setLock('pessimistic_write')
          .setOnLocked('skip_locked')
          .getOne();
        if (!approval) return undefined;
        return (await work(manager, approval)) ? approval : undefined;
      });
    } catch (err) {
      this.logger.error(`approval deadline of ${id} not handled, retried on the next pass: ${errorText(err)}`);
      return undefined;
    }
  }
}

/** The deemed approval the application's rule set provides at the approval stage, if any (fiktif positif). */
function deemedOnLapse(approval: ApprovalEntity): DeemedApproval | undefined {
  const ruleSet = findDecidedUnder(approval.application.ruleSet);
  return ruleSet && deemedApprovalAt(ruleSet, approval.application.riskLevel, 'APPROVAL');
}

function deadlineOf(approval: ApprovalEntity, now: Date): ApprovalDeadline {
  return {
    applicationId: approval.applicationId,
    applicationNumber: approval.applicationNumber,
    officeCode: approval.officeCode,
    approvalId: approval.id,
    dueAt: (approval.dueAt as Date).toISOString(),
    detectedAt: now.toISOString(),
  };
}
