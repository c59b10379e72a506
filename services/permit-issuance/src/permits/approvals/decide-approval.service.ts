import { ConflictException, Injectable, NotFoundException } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, In } from 'typeorm';
import { AuditTrail } from '@mpp/audit';
import { actorOf, Officer, officeOf } from '@mpp/auth';
import { ApplicationDeniedV1, EVENTS, PermitIssuedV1 } from '@mpp/contracts';
import { ChangeRecorder } from '@mpp/messaging';
import { OfficeDirectory } from '../../offices/office-directory.service';
import { officerActor } from '../lifecycle';
import { PermitEntity } from '../permit.entities';
import { PermitIssuer } from '../permit-issuer';
import { refusalException } from '../refusal-exception';
import { ApprovalView, approvalView } from './approval.dto';
import { ApprovalEntity } from './approval.entity';
import { ApprovalAction, approvalTransition, ApprovalStatus, hasIssuedPermits } from './approval-lifecycle';

type Decision = Pick<ApprovalEntity, 'status' | 'decidedAt' | 'decidedBy' | 'decidedByName'> & Partial<Pick<ApprovalEntity, 'reason'>>;

/**
 * The head of office's decisions on high-risk applications. Every query is filtered by the officer's
 * office on the server: another office's approval answers 404, exactly like one that does not exist.
 * Who may decide what, and from which status, is the approval lifecycle's (`approval-lifecycle.ts`).
 */
@Injectable()
export class DecideApprovalService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly issuer: PermitIssuer,
    private readonly offices: OfficeDirectory,
    private readonly changes: ChangeRecorder,
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
      const { approval, decision } = await this.decidable(manager, id, officer, 'approve');
      const office = await this.offices.find(manager, approval.officeCode);
      if (!office) throw new ConflictException(`Office ${approval.officeCode} is not known to issuance`);
      const issued = await this.issuer.issue(manager, approval.application, office, {
        actor: actorOf(officer),
        approver: { name: deciderName(officer), office: officeOf(officer) },
        auditDetails: { approvalId: approval.id },
      });
      if (!issued) throw new ConflictException('Permits of this application were already issued');
      await this.decide(manager, approval, decision);
      await this.audit.record(manager, {
        action: 'approval.approved',
        subjectType: 'approval',
        subjectId: approval.id,
        office: approval.officeCode,
        actor: actorOf(officer),
        details: { applicationNumber: approval.applicationNumber, permits: permitNumbers(issued) },
      });
      return approvalView(approval, await this.permitsOf(manager, [approval]));
    });
  }

  /** Denies with a reason: nothing is issued; ApplicationDenied tells the applicant why. */
  async deny(id: string, officer: Officer, reason: string): Promise<ApprovalView> {
    return this.dataSource.transaction(async (manager) => {
      const { approval, decision } = await this.decidable(manager, id, officer, 'deny');
      await this.decide(manager, approval, { ...decision, reason });
      await this.changes.record(
        manager,
        {
          event: EVENTS.ApplicationDenied,
          aggregateId: approval.applicationId,
          tenant: approval.officeCode,
          payload: applicationDenied(approval, reason),
          actor: actorOf(officer),
        },
        { action: 'approval.denied', subjectType: 'approval', subjectId: approval.id, details: { applicationNumber: approval.applicationNumber, reason } },
      );
      return approvalView(approval);
    });
  }

  /** The officer's office's approval, locked, if the lifecycle lets the officer take `action` on it; its decision. */
  private async decidable(manager: EntityManager, id: string, officer: Officer, action: ApprovalAction): Promise<{ approval: ApprovalEntity; decision: Decision }> {
    const approval = await manager.findOne(ApprovalEntity, { where: { id, officeCode: officeOf(officer) }, lock: { mode: 'pessimistic_write' } });
    const verdict = approvalTransition(approval, action, officerActor(officer));
    if (!verdict.allowed) throw refusalException(verdict.refusal);
    if (!approval) throw new NotFoundException('Approval not found'); // refused above already
    return { approval, decision: { status: verdict.to, decidedAt: new Date(), decidedBy: officer.id, decidedByName: deciderName(officer) } };
  }

  private async decide(manager: EntityManager, approval: ApprovalEntity, decision: Decision): Promise<void> {
    Object.assign(approval, decision);
    await manager.update(ApprovalEntity, { id: approval.id }, decision);
  }

  private async permitsOf(manager: EntityManager, approvals: ApprovalEntity[]): Promise<PermitEntity[]> {
    const ids = approvals.filter((a) => hasIssuedPermits(a.status)).map((a) => a.applicationId);
    if (ids.length === 0) return [];
    return manager.find(PermitEntity, { where: { applicationId: In(ids) }, order: { issuedAt: 'ASC', type: 'ASC' } });
  }
}

const deciderName = (officer: Officer): string => officer.name ?? officer.username;

const permitNumbers = (issued: PermitIssuedV1) => issued.permits.map((p) => ({ type: p.type, number: p.number }));

function applicationDenied(approval: ApprovalEntity, reason: string): ApplicationDeniedV1 {
  return {
    applicationId: approval.applicationId,
    applicationNumber: approval.applicationNumber,
    officeCode: approval.officeCode,
    approvalId: approval.id,
    reason,
    deniedAt: (approval.decidedAt ?? new Date()).toISOString(),
  };
}
