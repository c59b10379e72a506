import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import {
  ApplicationDeniedV1,
  ApplicationRef,
  ApplicationRejectedV1,
  ApprovalOverdueV1,
  ApprovalRequestedV1,
  DocumentsVerifiedV1,
  EventEnvelope,
  IssuedPermit,
  NotificationSentV1,
  PermitIssuedV1,
  PermitRevokedV1,
  RevisionRequestedV1,
  SlaBreachedV1,
  VerificationStartedV1,
} from '@mpp/contracts';
import { PermanentEventError } from '@mpp/messaging';
import { AuditTrail } from '@mpp/audit';
import { ApplicationEntity, ApplicationNotificationEntity, ApplicationPermitEntity, TimelineEntryEntity } from '../application.entities';
import { currentStatus, Step, StepEvent, SYSTEM_STEPS } from '../application-lifecycle';
import { submissionToPermitSeconds } from '../application-metrics';

const PERMIT_NAMES: Record<string, string> = { NIB: 'NIB', SERTIFIKAT_STANDAR: 'Sertifikat Standar', IZIN: 'Izin' };

/** The note of an issue whose permits (some of them) were issued by operation of law (fiktif positif); else null. */
function issuedByLawNote(permits: IssuedPermit[]): string | null {
  const deemed = permits.filter((p) => p.deemedBasis);
  if (!deemed.length) return null;
  const names = deemed.map((p) => `${PERMIT_NAMES[p.type] ?? p.type} ${p.number}`).join(', ');
  return `${names} issued by operation of law (fiktif positif): the office let its deadline lapse (${[...new Set(deemed.map((p) => p.deemedBasis))].join('; ')})`;
}

/** Keeps each application's status, timeline and permits from the other services' events. */
@Injectable()
export class StatusProjectionService {
  constructor(private readonly audit: AuditTrail) {}

  async verificationStarted(event: EventEnvelope<VerificationStartedV1>, manager: EntityManager): Promise<void> {
    await this.record(manager, event, 'VerificationStarted');
  }

  async documentsVerified(event: EventEnvelope<DocumentsVerifiedV1>, manager: EntityManager): Promise<void> {
    const { verifiedBy, deemedBasis } = event.payload;
    const note =
      verifiedBy === 'DEEMED'
        ? `Deemed verified by operation of law: the office let its deadline lapse (${deemedBasis ?? 'fiktif positif'})`
        : verifiedBy === 'AUTOMATIC'
          ? 'Verified automatically'
          : 'Verified by an officer';
    await this.record(manager, event, 'DocumentsVerified', note);
  }

  async revisionRequested(event: EventEnvelope<RevisionRequestedV1>, manager: EntityManager): Promise<void> {
    await this.record(manager, event, 'RevisionRequested', 'The verifier asked for corrected or missing documents', event.payload.reasons);
  }

  async applicationRejected(event: EventEnvelope<ApplicationRejectedV1>, manager: EntityManager): Promise<void> {
    await this.record(manager, event, 'ApplicationRejected', 'Rejected at verification', event.payload.reasons);
  }

  async approvalRequested(event: EventEnvelope<ApprovalRequestedV1>, manager: EntityManager): Promise<void> {
    const application = await this.record(manager, event, 'ApprovalRequested', 'Waiting for the head of office to approve the Izin');
    if (event.payload.dueAt) await manager.update(ApplicationEntity, { id: application.id }, { approvalDueAt: new Date(event.payload.dueAt) });
  }

  async applicationDenied(event: EventEnvelope<ApplicationDeniedV1>, manager: EntityManager): Promise<void> {
    await this.record(manager, event, 'ApplicationDenied', 'Denied by the head of office', [event.payload.reason]);
  }

  async permitRevoked(event: EventEnvelope<PermitRevokedV1>, manager: EntityManager): Promise<void> {
    const application = await this.application(manager, event);
    await manager.update(
      ApplicationPermitEntity,
      { applicationId: application.id, number: event.payload.number },
      { revokedAt: new Date(event.payload.revokedAt), revocationReason: event.payload.reason },
    );
    await this.audited(manager, event, application, { permit: event.payload.number, revoked: true });
  }

  async slaBreached(event: EventEnvelope<SlaBreachedV1>, manager: EntityManager): Promise<void> {
    const { stage, dueAt, detectedAt } = event.payload;
    await this.overdue(manager, event, { stage, dueAt }, detectedAt);
  }

  /**
   * The head of office missed the approval due date: overdue at the approval stage, like SlaBreached. With a
   * legal basis the lapse issued the Izin by operation of law (PermitIssued follows): audited, not overdue.
   */
  async approvalOverdue(event: EventEnvelope<ApprovalOverdueV1>, manager: EntityManager): Promise<void> {
    const { dueAt, detectedAt, deemedBasis } = event.payload;
    if (deemedBasis) await this.audited(manager, event, await this.application(manager, event), { stage: 'APPROVAL', dueAt, deemedBasis });
    else await this.overdue(manager, event, { stage: 'APPROVAL', dueAt }, detectedAt);
  }

  async permitIssued(event: EventEnvelope<PermitIssuedV1>, manager: EntityManager): Promise<void> {
    const application = await this.record(manager, event, 'PermitIssued', issuedByLawNote(event.payload.permits));
    const first = (await manager.count(ApplicationPermitEntity, { where: { applicationId: application.id } })) === 0;
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
          certificateUrl: permit.certificateUrl ?? null,
          certificateSha256: permit.certificateSha256 ?? null,
          deemedBasis: permit.deemedBasis ?? null,
        })
        .orIgnore()
        .execute();
    }
    // The application's first permits end its way from submission. The inbox applies each event once, so a
    // redelivery does not count again; only a transaction that fails after this line and is retried would.
    const issuedAt = Math.max(...event.payload.permits.map((p) => Date.parse(p.issuedAt)));
    if (first && Number.isFinite(issuedAt)) {
      submissionToPermitSeconds.observe({ risk: application.riskLevel }, Math.max(0, (issuedAt - application.submittedAt.getTime()) / 1000));
    }
  }

  /** A message about the application reached the applicant: listed in the status view (no status change). */
  async notificationSent(event: EventEnvelope<NotificationSentV1>, manager: EntityManager): Promise<void> {
    const application = await this.application(manager, event);
    const p = event.payload;
    await manager
      .createQueryBuilder()
      .insert()
      .into(ApplicationNotificationEntity)
      .values({ deliveryId: p.deliveryId, applicationId: application.id, kind: p.kind, channel: p.channel, sentAt: new Date(p.sentAt) })
      .orIgnore()
      .execute();
  }

  /** A stage missed its due date: the application is overdue since the event found it, audited; the status stays. */
  private async overdue(manager: EntityManager, event: EventEnvelope<ApplicationRef>, details: { stage: string; dueAt: string }, detectedAt: string): Promise<void> {
    const application = await this.application(manager, event);
    await manager.update(ApplicationEntity, { id: application.id }, { slaBreachedAt: new Date(detectedAt) });
    await this.audited(manager, event, application, details);
  }

  /** The application an event is about, locked; an event that does not match it cannot be applied. */
  private async application(manager: EntityManager, event: EventEnvelope<ApplicationRef>): Promise<ApplicationEntity> {
    const application = await manager.findOne(ApplicationEntity, {
      where: { id: event.payload.applicationId },
      lock: { mode: 'pessimistic_write' },
    });
    if (!application) throw new PermanentEventError(`unknown application ${event.payload.applicationId}`);
    if (application.officeCode !== event.tenant || application.applicationNumber !== event.payload.applicationNumber) {
      throw new PermanentEventError(`event does not match application ${application.applicationNumber}`);
    }
    return application;
  }

  private audited(manager: EntityManager, event: EventEnvelope<ApplicationRef>, application: ApplicationEntity, details: Record<string, unknown>) {
    return this.audit.record(
      manager,
      {
        action: 'application.event-recorded',
        subjectType: 'application',
        subjectId: application.applicationNumber,
        office: application.officeCode,
        actor: event.actor,
        details: { event: event.type, eventId: event.eventId, ...details },
      },
      'application-intake',
    );
  }

  private async record(
    manager: EntityManager,
    event: EventEnvelope<ApplicationRef>,
    source: StepEvent,
    note: string | null = null,
    reasons: string[] | null = null,
  ): Promise<ApplicationEntity> {
    const status = SYSTEM_STEPS[source];
    const application = await this.application(manager, event);
    const latest = currentStatus(await addStep(manager, { applicationId: application.id, status, at: new Date(event.occurredAt), note, reasons, eventId: event.eventId }));
    const audited = this.audit.insert(
      manager,
      {
        action: 'application.status-recorded',
        subjectType: 'application',
        subjectId: application.applicationNumber,
        office: application.officeCode,
        actor: event.actor,
        details: { step: status, status: latest, event: event.type, eventId: event.eventId },
      },
      'application-intake',
    );
    // The new status and its audit record in one statement (a data-modifying WITH runs to completion,
    // https://www.postgresql.org/docs/current/queries-with.html#QUERIES-WITH-MODIFYING).
    await manager.query(
      `WITH "audited" AS (${audited.text(4)})
       UPDATE "intake"."applications" SET "status" = $1, "updated_at" = $2 WHERE "id" = $3`,
      [latest, new Date(), application.id, ...audited.params],
    );
    application.status = latest;
    return application;
  }
}

/**
 * Adds a step to the application's timeline and answers all its steps, the new one included, in one round
 * trip: a data-modifying WITH is not seen by the rest of its statement, so the new row comes from its
 * RETURNING (https://www.postgresql.org/docs/current/queries-with.html#QUERIES-WITH-MODIFYING).
 */
async function addStep(manager: EntityManager, step: Omit<TimelineEntryEntity, 'id'>): Promise<Step[]> {
  return manager.query(
    `WITH "added" AS (
       INSERT INTO "intake"."application_timeline" ("application_id", "status", "at", "note", "reasons", "event_id")
       VALUES ($1, $2, $3, $4, $5, $6) RETURNING "status", "at")
     SELECT "status", "at" FROM "intake"."application_timeline" WHERE "application_id" = $1
     UNION ALL SELECT "status", "at" FROM "added"`,
    [step.applicationId, step.status, step.at, step.note, step.reasons === null ? null : JSON.stringify(step.reasons), step.eventId],
  );
}
