import { ConflictException, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AuditTrail } from '@mpp/audit';
import { actorOf, Officer, officeOf } from '@mpp/auth';
import { EVENTS, RiskLevel } from '@mpp/contracts';
import { ChangeRecorder, OutgoingEvent } from '@mpp/messaging';
import { unmetChecklist } from '../case-checklist';
import { applicationRejected, caseAudit, caseEvent, documentsVerified, revisionRequested } from '../case-events';
import { OfficerCaseAction } from '../case-lifecycle';
import { CaseTransitions } from '../case-transitions';
import { actOnOfficeCase, officeCaseOrNotFound } from '../office-case';
import { CaseStatus, VerificationCaseEntity } from '../verification-case.entity';
import { CaseView, caseView } from './case.view';

export interface QueueFilter {
  status?: CaseStatus;
  riskLevel?: RiskLevel;
  overdue?: boolean;
  dueBefore?: Date;
  limit: number;
}

/** What a decision does beyond the lifecycle's transition, and the event it publishes (if any). */
interface Decision {
  action: OfficerCaseAction;
  /** Audit action. */
  audited: string;
  details?: Record<string, unknown>;
  change?: (found: VerificationCaseEntity, manager: EntityManager, now: Date) => Promise<void> | void;
  event?: (found: VerificationCaseEntity, now: Date) => OutgoingEvent<object>;
}

/**
 * The office's officer queue and the verifier's decisions. Every query is filtered by the caller's office
 * on the server; a case of another office answers 404, exactly like a case that does not exist. Which
 * decision is allowed when, and by whom, is the case lifecycle's (`case-lifecycle.ts`).
 */
@Injectable()
export class OfficerReviewService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly recorder: ChangeRecorder,
    private readonly audit: AuditTrail,
    private readonly transitions: CaseTransitions,
  ) {}

  async queue(officer: Officer, filter: QueueFilter): Promise<CaseView[]> {
    const query = this.dataSource
      .getRepository(VerificationCaseEntity)
      .createQueryBuilder('c')
      .where('c.office_code = :office', { office: officeOf(officer) });
    if (filter.status) query.andWhere('c.status = :status', { status: filter.status });
    if (filter.riskLevel) query.andWhere('c.risk_level = :risk', { risk: filter.riskLevel });
    if (filter.overdue !== undefined) {
      query.andWhere(filter.overdue ? '(c.sla_breached_at IS NOT NULL OR c.due_at < now())' : '(c.sla_breached_at IS NULL AND (c.due_at IS NULL OR c.due_at >= now()))');
    }
    if (filter.dueBefore) query.andWhere('c.due_at < :dueBefore', { dueBefore: filter.dueBefore });
    // Oldest due first; cases without a running clock after them, oldest opened first.
    const cases = await query.orderBy('c.due_at', 'ASC', 'NULLS LAST').addOrderBy('c.opened_at', 'ASC').take(filter.limit).getMany();
    return cases.map(caseView);
  }

  async get(id: string, officer: Officer): Promise<CaseView> {
    return caseView(await officeCaseOrNotFound(this.dataSource.manager, id, officer));
  }

  claim(id: string, officer: Officer): Promise<CaseView> {
    return this.decide(id, officer, { action: 'claim', audited: 'case.claimed' });
  }

  release(id: string, officer: Officer): Promise<CaseView> {
    return this.decide(id, officer, { action: 'release', audited: 'case.released' });
  }

  /** A verifier verifies the documents; issuance follows from the DocumentsVerified event. */
  approve(id: string, officer: Officer): Promise<CaseView> {
    return this.decide(id, officer, {
      action: 'approve',
      audited: 'case.approved',
      change: async (found, manager) => {
        const unmet = await unmetChecklist(manager, found);
        if (unmet.length) throw new ConflictException(`Not every checklist document is accepted: ${unmet.join(', ')}`);
        Object.assign(found, { decidedBy: officer.id, reasons: [] });
      },
      event: (found, now) => caseEvent(found, EVENTS.DocumentsVerified, documentsVerified(found, 'OFFICER', now), actorOf(officer)),
    });
  }

  /** The applicant has to correct or complete documents; the case comes back to this verifier. */
  requestRevision(id: string, officer: Officer, reasons: string[]): Promise<CaseView> {
    return this.decide(id, officer, {
      action: 'request-revision',
      audited: 'case.revision-requested',
      details: { reasons },
      change: (found) => {
        Object.assign(found, { reasons, revisionRound: found.revisionRound + 1 });
      },
      event: (found, now) => caseEvent(found, EVENTS.RevisionRequested, revisionRequested(found, now), actorOf(officer)),
    });
  }

  reject(id: string, officer: Officer, reasons: string[]): Promise<CaseView> {
    return this.decide(id, officer, {
      action: 'reject',
      audited: 'case.rejected',
      details: { reasons },
      change: (found) => {
        Object.assign(found, { decidedBy: officer.id, reasons });
      },
      event: (found, now) => caseEvent(found, EVENTS.ApplicationRejected, applicationRejected(found, now), actorOf(officer)),
    });
  }

  /** Loads the office's case under a row lock, asks the lifecycle, applies the decision, records it. */
  private decide(id: string, officer: Officer, decision: Decision): Promise<CaseView> {
    return this.dataSource.transaction(async (manager) => {
      const { found, transition } = await actOnOfficeCase(manager, id, officer, decision.action);
      const now = new Date();
      await decision.change?.(found, manager, now);
      await this.transitions.apply(manager, found, transition, now, officer.id);
      await manager.save(VerificationCaseEntity, found);
      await this.record(manager, found, officer, decision, now);
      return caseView(found);
    });
  }

  private async record(manager: EntityManager, found: VerificationCaseEntity, officer: Officer, decision: Decision, now: Date): Promise<void> {
    const audit = caseAudit(found, decision.audited, decision.details);
    if (decision.event) await this.recorder.record(manager, decision.event(found, now), audit);
    else await this.audit.record(manager, { ...audit, office: found.officeCode, actor: actorOf(officer) });
  }
}
