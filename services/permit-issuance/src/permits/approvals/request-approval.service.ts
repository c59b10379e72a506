import { randomUUID } from 'node:crypto';
import { Injectable, Logger } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { ApplicationWithdrawnV1, ApprovalRequestedV1, DocumentsVerifiedV1, EVENTS, EventEnvelope } from '@mpp/contracts';
import { AuditTrail } from '@mpp/audit';
import { OutboxWriter } from '@mpp/messaging';
import type { IssuingOffice } from '../../offices/office-directory.service';
import { ApprovalEntity, ApprovalStatus } from './approval.entity';
import { approvalDueAt } from './due-date';

/**
 * Verified high-risk applications wait for the head of office: an approval record (with the application
 * as verified and a due date from the office's service level), announced as ApprovalRequested.
 */
@Injectable()
export class RequestApprovalService {
  private readonly logger = new Logger(RequestApprovalService.name);

  constructor(
    private readonly outbox: OutboxWriter,
    private readonly audit: AuditTrail,
  ) {}

  async request(event: EventEnvelope<DocumentsVerifiedV1>, office: IssuingOffice, manager: EntityManager): Promise<void> {
    const application = event.payload;
    const requestedAt = new Date();
    const dueAt = approvalDueAt(requestedAt, office);
    const id = randomUUID();
    const inserted = await manager
      .createQueryBuilder()
      .insert()
      .into(ApprovalEntity)
      .values({
        id,
        applicationId: application.applicationId,
        applicationNumber: application.applicationNumber,
        officeCode: application.officeCode,
        status: ApprovalStatus.PENDING,
        application,
        verifiedBy: event.actor ?? null,
        requestedAt,
        dueAt: dueAt ?? null,
      })
      .orIgnore()
      .returning(['id'])
      .execute();
    if ((inserted.raw as unknown[]).length === 0) {
      this.logger.log(`approval of ${application.applicationNumber} already requested`);
      return;
    }
    await this.audit.record(
      manager,
      {
        action: 'approval.requested',
        subjectType: 'approval',
        subjectId: id,
        office: application.officeCode,
        details: { applicationNumber: application.applicationNumber, dueAt: dueAt?.toISOString() ?? null, verifiedBy: event.actor ?? null },
      },
      'permit-issuance',
    );
    const payload: ApprovalRequestedV1 = {
      applicationId: application.applicationId,
      applicationNumber: application.applicationNumber,
      officeCode: application.officeCode,
      approvalId: id,
      requestedAt: requestedAt.toISOString(),
      ...(dueAt ? { dueAt: dueAt.toISOString() } : {}),
    };
    await this.outbox.append(manager, {
      event: EVENTS.ApprovalRequested,
      aggregateId: application.applicationId,
      tenant: application.officeCode,
      payload,
      actor: { kind: 'system', id: 'permit-issuance' },
    });
  }

  /** A withdrawn application no longer waits for the head of office. */
  async withdrawn(event: EventEnvelope<ApplicationWithdrawnV1>, manager: EntityManager): Promise<void> {
    const { applicationId, officeCode } = event.payload;
    const approval = await manager.findOne(ApprovalEntity, { where: { applicationId, officeCode }, lock: { mode: 'pessimistic_write' } });
    if (!approval || approval.status !== ApprovalStatus.PENDING) return;
    const at = new Date(event.payload.withdrawnAt);
    await manager.update(ApprovalEntity, { id: approval.id }, { status: ApprovalStatus.WITHDRAWN, decidedAt: at, reason: event.payload.reason ?? null });
    await this.audit.record(
      manager,
      {
        action: 'approval.withdrawn',
        subjectType: 'approval',
        subjectId: approval.id,
        office: approval.officeCode,
        actor: event.actor,
        details: { applicationNumber: approval.applicationNumber, reason: event.payload.reason ?? null },
      },
      'permit-issuance',
    );
  }
}
