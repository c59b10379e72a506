import { ConflictException, Injectable, NotFoundException } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AuditTrail } from '@mpp/audit';
import { actorOf, Officer, officeOf } from '@mpp/auth';
import { ApplicationRejectedV1, DocumentsVerifiedV1, EventDefinition, EVENTS, RevisionRequestedV1, RiskLevel } from '@mpp/contracts';
import { OutboxWriter } from '@mpp/messaging';
import { CaseDocumentsService } from '../documents/case-documents.service';
import { CaseServiceLevel } from '../sla/case-service-level';
import { CaseStatus, VerificationCaseEntity } from '../verification-case.entity';
import { CaseView, caseView } from './case.view';

/**
 * The office's officer queue and the verifier's decisions. Every query is filtered by the caller's office
 * on the server; a case of another office answers 404, exactly like a case that does not exist. A case
 * held (claimed) by one verifier can be decided only by them; one back from revision returns to them.
 */
@Injectable()
export class OfficerReviewService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly outbox: OutboxWriter,
    private readonly audit: AuditTrail,
    private readonly documents: CaseDocumentsService,
    private readonly serviceLevel: CaseServiceLevel,
  ) {}

  async queue(
    officer: Officer,
    filter: { status?: CaseStatus; riskLevel?: RiskLevel; overdue?: boolean; dueBefore?: Date; limit: number },
  ): Promise<CaseView[]> {
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
    const found = await this.dataSource.getRepository(VerificationCaseEntity).findOneBy({ id, officeCode: officeOf(officer) });
    if (!found) throw new NotFoundException('Case not found');
    return caseView(found);
  }

  claim(id: string, officer: Officer): Promise<CaseView> {
    return this.decide(id, officer, 'case.claimed', async (found) => {
      found.assignedTo = officer.id;
    });
  }

  release(id: string, officer: Officer): Promise<CaseView> {
    return this.decide(id, officer, 'case.released', async (found) => {
      found.assignedTo = null;
    });
  }

  /** A verifier verifies the documents; issuance follows from the DocumentsVerified event. */
  approve(id: string, officer: Officer): Promise<CaseView> {
    return this.decide(id, officer, 'case.approved', async (found, manager, now) => {
      const unmet = await this.documents.unmet(manager, found);
      if (unmet.length) throw new ConflictException(`Not every checklist document is accepted: ${unmet.join(', ')}`);
      Object.assign(found, { status: CaseStatus.VERIFIED, decidedAt: now, decidedBy: officer.id, reasons: [] });
      this.serviceLevel.stop(found, now);
      await this.publish<DocumentsVerifiedV1>(manager, found, officer, EVENTS.DocumentsVerified, {
        applicant: found.applicant,
        business: found.business,
        businessScale: found.businessScale,
        riskLevel: found.riskLevel,
        caseId: found.id,
        verifiedBy: 'OFFICER',
        verifiedAt: now.toISOString(),
      });
    });
  }

  /** The applicant has to correct or complete documents; the case comes back to this verifier. */
  requestRevision(id: string, officer: Officer, reasons: string[]): Promise<CaseView> {
    return this.decide(id, officer, 'case.revision-requested', async (found, manager, now) => {
      Object.assign(found, { status: CaseStatus.REVISION_REQUESTED, assignedTo: officer.id, reasons, revisionRound: found.revisionRound + 1 });
      this.serviceLevel.stop(found, now); // the applicant has the case: the clock stops (OSS 41)
      await this.publish<RevisionRequestedV1>(manager, found, officer, EVENTS.RevisionRequested, {
        caseId: found.id,
        reasons,
        requestedAt: now.toISOString(),
      });
    }, { reasons });
  }

  reject(id: string, officer: Officer, reasons: string[]): Promise<CaseView> {
    return this.decide(id, officer, 'case.rejected', async (found, manager, now) => {
      Object.assign(found, { status: CaseStatus.REJECTED, decidedAt: now, decidedBy: officer.id, reasons });
      this.serviceLevel.stop(found, now);
      await this.publish<ApplicationRejectedV1>(manager, found, officer, EVENTS.ApplicationRejected, {
        caseId: found.id,
        reasons,
        rejectedAt: now.toISOString(),
      });
    }, { reasons });
  }

  /** Loads the office's case under a row lock, checks it awaits this officer, applies and audits the change. */
  private decide(
    id: string,
    officer: Officer,
    action: string,
    change: (found: VerificationCaseEntity, manager: EntityManager, now: Date) => Promise<void>,
    details: Record<string, unknown> = {},
  ): Promise<CaseView> {
    return this.dataSource.transaction(async (manager) => {
      const found = await manager.findOne(VerificationCaseEntity, { where: { id, officeCode: officeOf(officer) }, lock: { mode: 'pessimistic_write' } });
      if (!found) throw new NotFoundException('Case not found');
      if (found.status !== CaseStatus.AWAITING_OFFICER) throw new ConflictException(`Case is ${found.status}, not awaiting an officer`);
      if (found.assignedTo && found.assignedTo !== officer.id) throw new ConflictException('Case is held by another verifier');
      await change(found, manager, new Date());
      await manager.save(VerificationCaseEntity, found);
      await this.audit.record(manager, {
        action,
        subjectType: 'verification-case',
        subjectId: found.id,
        office: found.officeCode,
        actor: actorOf(officer),
        details: { applicationNumber: found.applicationNumber, ...details },
      });
      return caseView(found);
    });
  }

  private publish<T extends object>(
    manager: EntityManager,
    found: VerificationCaseEntity,
    officer: Officer,
    event: EventDefinition<T>,
    payload: Omit<T, 'applicationId' | 'applicationNumber' | 'officeCode'>,
  ) {
    return this.outbox.append(manager, {
      event,
      aggregateId: found.applicationId,
      tenant: found.officeCode,
      payload: { applicationId: found.applicationId, applicationNumber: found.applicationNumber, officeCode: found.officeCode, ...payload } as T,
      actor: actorOf(officer),
    });
  }
}
