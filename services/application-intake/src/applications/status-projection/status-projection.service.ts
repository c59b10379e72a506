import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import {
  ApplicationRef,
  ApplicationStatus,
  DocumentsVerifiedV1,
  EventEnvelope,
  PermitIssuedV1,
  VerificationStartedV1,
} from '@mpp/contracts';
import { PermanentEventError } from '@mpp/messaging';
import { AuditTrail } from '@mpp/audit';
import { ApplicationEntity, ApplicationPermitEntity, TimelineEntryEntity } from '../application.entities';

/**
 * Progress order, used to break ties between steps recorded at the same instant. Events of one
 * application arrive on different topics, so they may be applied out of order: the current status is the
 * latest step by time, not the last event applied.
 */
const PROGRESS: Record<ApplicationStatus, number> = {
  SUBMITTED: 0,
  UNDER_VERIFICATION: 1,
  REVISION_REQUESTED: 2,
  VERIFIED: 3,
  AWAITING_APPROVAL: 4,
  ISSUED: 5,
  REJECTED: 6,
  WITHDRAWN: 6,
};

/** Keeps each application's status, timeline and permits from the other services' events. */
@Injectable()
export class StatusProjectionService {
  constructor(private readonly audit: AuditTrail) {}

  async verificationStarted(event: EventEnvelope<VerificationStartedV1>, manager: EntityManager): Promise<void> {
    await this.record(manager, event, ApplicationStatus.UNDER_VERIFICATION);
  }

  async documentsVerified(event: EventEnvelope<DocumentsVerifiedV1>, manager: EntityManager): Promise<void> {
    const note = event.payload.verifiedBy === 'AUTOMATIC' ? 'Verified automatically' : 'Verified by an officer';
    await this.record(manager, event, ApplicationStatus.VERIFIED, note);
  }

  async permitIssued(event: EventEnvelope<PermitIssuedV1>, manager: EntityManager): Promise<void> {
    const application = await this.record(manager, event, ApplicationStatus.ISSUED);
    for (const permit of event.payload.permits) {
      await manager
        .createQueryBuilder()
        .insert()
        .into(ApplicationPermitEntity)
        .values({
          applicationId: application.id,
          type: permit.type,
          number: permit.number,
          issuedAt: new Date(permit.issuedAt),
          validUntil: permit.validUntil ? new Date(permit.validUntil) : null,
          verificationUrl: permit.verificationUrl ?? null,
        })
        .orIgnore()
        .execute();
    }
  }

  private async record(
    manager: EntityManager,
    event: EventEnvelope<ApplicationRef>,
    status: ApplicationStatus,
    note: string | null = null,
  ): Promise<ApplicationEntity> {
    const application = await manager.findOne(ApplicationEntity, {
      where: { id: event.payload.applicationId },
      lock: { mode: 'pessimistic_write' },
    });
    if (!application) throw new PermanentEventError(`unknown application ${event.payload.applicationId}`);
    if (application.officeCode !== event.tenant || application.applicationNumber !== event.payload.applicationNumber) {
      throw new PermanentEventError(`event does not match application ${application.applicationNumber}`);
    }
    await manager.insert(TimelineEntryEntity, {
      applicationId: application.id,
      status,
      at: new Date(event.occurredAt),
      note,
      eventId: event.eventId,
    });
    const steps = await manager.find(TimelineEntryEntity, { where: { applicationId: application.id } });
    const latest = steps.reduce((a, b) =>
      b.at.getTime() > a.at.getTime() || (b.at.getTime() === a.at.getTime() && PROGRESS[b.status] > PROGRESS[a.status]) ? b : a,
    );
    await manager.update(ApplicationEntity, { id: application.id }, { status: latest.status, updatedAt: new Date() });
    await this.audit.record(
      manager,
      {
        action: 'application.status-recorded',
        subjectType: 'application',
        subjectId: application.applicationNumber,
        office: application.officeCode,
        actor: event.actor,
        details: { step: status, status: latest.status, event: event.type, eventId: event.eventId },
      },
      'application-intake',
    );
    application.status = latest.status;
    return application;
  }
}
