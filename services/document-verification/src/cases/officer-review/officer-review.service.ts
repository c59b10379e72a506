import { ConflictException, Injectable, NotFoundException } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AuditTrail } from '@mpp/audit';
import { actorOf, Officer } from '@mpp/auth';
import { DocumentsVerifiedV1, EVENTS, RiskLevel } from '@mpp/contracts';
import { OutboxWriter } from '@mpp/messaging';
import { CaseStatus, VerificationCaseEntity } from '../verification-case.entity';
import { CaseView, caseView } from './case.view';

/**
 * The office's officer queue. Every query is filtered by the caller's office on the server; a case of
 * another office answers 404, exactly like a case that does not exist.
 */
@Injectable()
export class OfficerReviewService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly outbox: OutboxWriter,
    private readonly audit: AuditTrail,
  ) {}

  async queue(officer: Officer, filter: { status?: CaseStatus; riskLevel?: RiskLevel; limit: number }): Promise<CaseView[]> {
    const cases = await this.dataSource.getRepository(VerificationCaseEntity).find({
      where: { officeCode: officer.office, ...(filter.status ? { status: filter.status } : {}), ...(filter.riskLevel ? { riskLevel: filter.riskLevel } : {}) },
      order: { openedAt: 'ASC' },
      take: filter.limit,
    });
    return cases.map(caseView);
  }

  async get(id: string, officer: Officer): Promise<CaseView> {
    const found = await this.dataSource.getRepository(VerificationCaseEntity).findOneBy({ id, officeCode: officer.office });
    if (!found) throw new NotFoundException('Case not found');
    return caseView(found);
  }

  /** A verifier of the office verifies the documents; issuance follows from the DocumentsVerified event. */
  async approve(id: string, officer: Officer): Promise<CaseView> {
    return this.dataSource.transaction(async (manager) => {
      const found = await manager.findOne(VerificationCaseEntity, {
        where: { id, officeCode: officer.office },
        lock: { mode: 'pessimistic_write' },
      });
      if (!found) throw new NotFoundException('Case not found');
      if (found.status !== CaseStatus.AWAITING_OFFICER) throw new ConflictException(`Case is ${found.status}, not awaiting an officer`);
      const now = new Date();
      found.status = CaseStatus.VERIFIED;
      found.decidedAt = now;
      found.decidedBy = officer.id;
      await manager.save(VerificationCaseEntity, found);
      const actor = actorOf(officer);
      const payload: DocumentsVerifiedV1 = {
        applicationId: found.applicationId,
        applicationNumber: found.applicationNumber,
        officeCode: found.officeCode,
        applicant: found.applicant,
        business: found.business,
        businessScale: found.businessScale,
        riskLevel: found.riskLevel,
        caseId: found.id,
        verifiedBy: 'OFFICER',
        verifiedAt: now.toISOString(),
      };
      await this.outbox.append(manager, { event: EVENTS.DocumentsVerified, aggregateId: found.applicationId, tenant: found.officeCode, payload, actor });
      await this.audit.record(manager, {
        action: 'case.approved',
        subjectType: 'verification-case',
        subjectId: found.id,
        office: found.officeCode,
        actor,
        details: { applicationNumber: found.applicationNumber },
      });
      return caseView(found);
    });
  }
}
