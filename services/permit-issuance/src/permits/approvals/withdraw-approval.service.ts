import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { AuditTrail } from '@mpp/audit';
import { ApplicationWithdrawnV1, EventEnvelope } from '@mpp/contracts';
import { approvalTransition } from './approval-lifecycle';
import { ApprovalEntity } from './approval.entity';

/** A withdrawn application no longer waits for the head of office; a decided approval stays as decided. */
@Injectable()
export class WithdrawApprovalService {
  constructor(private readonly audit: AuditTrail) {}

  async withdrawn(event: EventEnvelope<ApplicationWithdrawnV1>, manager: EntityManager): Promise<void> {
    const { applicationId, officeCode, withdrawnAt, reason } = event.payload;
    const approval = await manager.findOne(ApprovalEntity, { where: { applicationId, officeCode }, lock: { mode: 'pessimistic_write' } });
    const verdict = approvalTransition(approval, 'withdraw', { kind: 'event', type: event.type });
    if (!approval || !verdict.allowed) return;
    await manager.update(ApprovalEntity, { id: approval.id }, { status: verdict.to, decidedAt: new Date(withdrawnAt), reason: reason ?? null });
    await this.audit.record(
      manager,
      {
        action: 'approval.withdrawn',
        subjectType: 'approval',
        subjectId: approval.id,
        office: approval.officeCode,
        actor: event.actor,
        details: { applicationNumber: approval.applicationNumber, reason: reason ?? null },
      },
      'permit-issuance',
    );
  }
}
