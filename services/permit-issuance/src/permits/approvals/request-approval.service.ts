import { randomUUID } from 'node:crypto';
import { Injectable, Logger } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { ApprovalRequestedV1, DocumentsVerifiedV1, EVENTS, EventActor, EventEnvelope } from '@mpp/contracts';
import { ChangeRecorder, PermanentEventError } from '@mpp/messaging';
import type { IssuingOffice } from '../../offices/office-directory.service';
import { approvalTransition } from './approval-lifecycle';
import { ApprovalEntity } from './approval.entity';
import { approvalDueAt } from './due-date';

const SYSTEM: EventActor = { kind: 'system', id: 'permit-issuance' };

/**
 * Verified high-risk applications wait for the head of office: an approval record (with the application
 * as verified and a due date from the office's service level), announced as ApprovalRequested.
 */
@Injectable()
export class RequestApprovalService {
  private readonly logger = new Logger(RequestApprovalService.name);

  constructor(private readonly changes: ChangeRecorder) {}

  async request(event: EventEnvelope<DocumentsVerifiedV1>, office: IssuingOffice, manager: EntityManager): Promise<void> {
    const verdict = approvalTransition(null, 'request', { kind: 'event', type: event.type });
    if (!verdict.allowed) throw new PermanentEventError(verdict.refusal.message);
    const requestedAt = new Date();
    const approval: ApprovalEntity = {
      id: randomUUID(),
      applicationId: event.payload.applicationId,
      applicationNumber: event.payload.applicationNumber,
      officeCode: event.payload.officeCode,
      status: verdict.to,
      application: event.payload,
      verifiedBy: event.actor ?? null,
      requestedAt,
      dueAt: approvalDueAt(requestedAt, office) ?? null,
      decidedAt: null,
      decidedBy: null,
      decidedByName: null,
      reason: null,
    };
    // One approval per application: a redelivered DocumentsVerified finds it there.
    const inserted = await manager.createQueryBuilder().insert().into(ApprovalEntity).values(approval).orIgnore().returning(['id']).execute();
    if ((inserted.raw as unknown[]).length === 0) {
      this.logger.log(`approval of ${approval.applicationNumber} already requested`);
      return;
    }
    await this.changes.record(
      manager,
      { event: EVENTS.ApprovalRequested, aggregateId: approval.applicationId, tenant: approval.officeCode, payload: approvalRequested(approval), actor: SYSTEM },
      {
        action: 'approval.requested',
        subjectType: 'approval',
        subjectId: approval.id,
        details: { applicationNumber: approval.applicationNumber, dueAt: approval.dueAt?.toISOString() ?? null, verifiedBy: approval.verifiedBy },
      },
    );
  }
}

function approvalRequested(approval: ApprovalEntity): ApprovalRequestedV1 {
  return {
    applicationId: approval.applicationId,
    applicationNumber: approval.applicationNumber,
    officeCode: approval.officeCode,
    approvalId: approval.id,
    requestedAt: approval.requestedAt.toISOString(),
    ...(approval.dueAt ? { dueAt: approval.dueAt.toISOString() } : {}),
  };
}
