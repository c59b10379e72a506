import { ConflictException, ForbiddenException, Injectable, NotFoundException } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, In } from 'typeorm';
import { AuditTrail } from '@mpp/audit';
import { actorOf, Officer, officeOf } from '@mpp/auth';
import { ApplicationDeniedV1, EVENTS } from '@mpp/contracts';
import { OutboxWriter } from '@mpp/messaging';
import { OfficeDirectory } from '../../offices/office-directory.service';
import { PermitIssuer } from '../issue-permits/permit-issuer';
import { PermitEntity } from '../permit.entities';
import { ApprovalView, approvalView } from './approval.dto';
import { ApprovalEntity, ApprovalStatus } from './approval.entity';

/**
 * The head of office's decisions on high-risk applications. Every query is filtered by the officer's
 * office on the server: another office's approval answers 404, exactly like one that does not exist.
 */
@Injectable()
export class DecideApprovalService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly issuer: PermitIssuer,
    private readonly offices: OfficeDirectory,
    private readonly outbox: OutboxWriter,
    private readonly audit: AuditTrail,
  ) {}

  async list(officer: Officer, filter: { status?: ApprovalStatus; limit: number }): Promise<ApprovalView[]> {
    const approvals = await this.dataSource.getRepository(ApprovalEntity).find({
      where: { officeCode: officeOf(officer), ...(filter.status ? { status: filter.status } : {}) },
      order: { requestedAt: 'ASC' },
      take: filter.limit,
    });
    const permits = await this.permitsOf(this.dataSource.manager, approvals);
    return approvals.map((a) => approvalView(a, permits.filter((p) => p.applicationId === a.applicationId)));
  }

  async get(id: string, officer: Officer): Promise<ApprovalView> {
    const approval = await this.dataSource.getRepository(ApprovalEntity).findOneBy({ id, officeCode: officeOf(officer) });
    if (!approval) throw new NotFoundException('Approval not found');
    return approvalView(approval, await this.permitsOf(this.dataSource.manager, [approval]));
  }

  /** Approves: the NIB and the Izin are issued exactly as for automatically issued permits, and PermitIssued follows. */
  async approve(id: string, officer: Officer): Promise<ApprovalView> {
    return this.dataSource.transaction(async (manager) => {
      const approval = await this.pending(manager, id, officer);
      // Four eyes: whoever verified the documents does not also approve the permit.
      if (approval.verifiedBy?.id === officer.id) {
        throw new ForbiddenException('The officer who verified the documents cannot also approve the permit');
      }
      const office = await this.offices.find(manager, approval.officeCode);
      if (!office) throw new ConflictException(`Office ${approval.officeCode} is not known to issuance`);
      const actor = actorOf(officer);
      const now = new Date();
      const name = officer.name ?? officer.username;
      const issued = await this.issuer.issue(manager, approval.application, office, {
        actor,
        approver: { name, office: officeOf(officer) },
        auditDetails: { approvalId: approval.id },
      });
      if (!issued) throw new ConflictException('Permits of this application were already issued');
      Object.assign(approval, { status: ApprovalStatus.APPROVED, decidedAt: now, decidedBy: officer.id, decidedByName: name });
      await manager.update(ApprovalEntity, { id: approval.id }, { status: approval.status, decidedAt: now, decidedBy: officer.id, decidedByName: name });
      await this.audit.record(manager, {
        action: 'approval.approved',
        subjectType: 'approval',
        subjectId: approval.id,
        office: approval.officeCode,
        actor,
        details: { applicationNumber: approval.applicationNumber, permits: issued.permits.map((p) => ({ type: p.type, number: p.number })) },
      });
      return approvalView(approval, await this.permitsOf(manager, [approval]));
    });
  }

  /** Denies with a reason: nothing is issued; ApplicationDenied tells the applicant why. */
  async deny(id: string, officer: Officer, reason: string): Promise<ApprovalView> {
    return this.dataSource.transaction(async (manager) => {
      const approval = await this.pending(manager, id, officer);
      const actor = actorOf(officer);
      const now = new Date();
      const name = officer.name ?? officer.username;
      Object.assign(approval, { status: ApprovalStatus.DENIED, decidedAt: now, decidedBy: officer.id, decidedByName: name, reason });
      await manager.update(ApprovalEntity, { id: approval.id }, { status: approval.status, decidedAt: now, decidedBy: officer.id, decidedByName: name, reason });
      const payload: ApplicationDeniedV1 = {
        applicationId: approval.applicationId,
        applicationNumber: approval.applicationNumber,
        officeCode: approval.officeCode,
        approvalId: approval.id,
        reason,
        deniedAt: now.toISOString(),
      };
      await this.outbox.append(manager, { event: EVENTS.ApplicationDenied, aggregateId: approval.applicationId, tenant: approval.officeCode, payload, actor });
      await this.audit.record(manager, {
        action: 'approval.denied',
        subjectType: 'approval',
        subjectId: approval.id,
        office: approval.officeCode,
        actor,
        details: { applicationNumber: approval.applicationNumber, reason },
      });
      return approvalView(approval);
    });
  }

  /** The officer's office's approval, locked for the decision; 404 elsewhere, 409 once decided. */
  private async pending(manager: EntityManager, id: string, officer: Officer): Promise<ApprovalEntity> {
    const approval = await manager.findOne(ApprovalEntity, { where: { id, officeCode: officeOf(officer) }, lock: { mode: 'pessimistic_write' } });
    if (!approval) throw new NotFoundException('Approval not found');
    if (approval.status !== ApprovalStatus.PENDING) throw new ConflictException(`Approval is ${approval.status}, not PENDING`);
    return approval;
  }

  private async permitsOf(manager: EntityManager, approvals: ApprovalEntity[]): Promise<PermitEntity[]> {
    const ids = approvals.filter((a) => a.status === ApprovalStatus.APPROVED).map((a) => a.applicationId);
    if (ids.length === 0) return [];
    return manager.find(PermitEntity, { where: { applicationId: In(ids) }, order: { issuedAt: 'ASC', type: 'ASC' } });
  }
}
