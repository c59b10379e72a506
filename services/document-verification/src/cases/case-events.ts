import type { ChangeAudit, OutgoingEvent } from '@mpp/messaging';
import {
  ApplicationRef,
  ApplicationRejectedV1,
  DocumentsVerifiedV1,
  EventActor,
  EventDefinition,
  RevisionRequestedV1,
  SlaBreachedV1,
  SlaDueSoonV1,
  VerificationStartedV1,
} from '@mpp/contracts';
import { VerificationCaseEntity } from './verification-case.entity';

/** This service when it acts by itself (reacting to an event, or on its own clock). */
export const SERVICE_ACTOR_ID = 'document-verification';
export const SERVICE_ACTOR: EventActor = { kind: 'system', id: SERVICE_ACTOR_ID };

/** Audit subject type of a case. */
export const CASE_SUBJECT = 'verification-case';

/**
 * What every event about a case says: which application. Built from the case, since the case carries the
 * application as submitted (event-carried state).
 */
function applicationOf(c: VerificationCaseEntity): ApplicationRef {
  return { applicationId: c.applicationId, applicationNumber: c.applicationNumber, officeCode: c.officeCode };
}

/** An event about a case: keyed by its application (so one application's events stay in order), for its office. */
export function caseEvent<T extends object>(c: VerificationCaseEntity, event: EventDefinition<T>, payload: T, actor?: EventActor): OutgoingEvent<T> {
  return { event, aggregateId: c.applicationId, tenant: c.officeCode, payload, ...(actor ? { actor } : {}) };
}

/** The audit entry of a change to a case (office and actor follow the event, or are given by the caller). */
export function caseAudit(c: VerificationCaseEntity, action: string, details: Record<string, unknown> = {}): ChangeAudit {
  return { action, subjectType: CASE_SUBJECT, subjectId: c.id, details: { applicationNumber: c.applicationNumber, ...details } };
}

export function verificationStarted(c: VerificationCaseEntity, at: Date): VerificationStartedV1 {
  return { ...applicationOf(c), caseId: c.id, checklist: c.checklist, automaticChecks: c.automaticChecks, startedAt: at.toISOString() };
}

/** Issuance follows from this event: it carries the applicant and business as submitted. */
export function documentsVerified(c: VerificationCaseEntity, verifiedBy: DocumentsVerifiedV1['verifiedBy'], at: Date, deemedBasis?: string): DocumentsVerifiedV1 {
  return {
    ...applicationOf(c),
    applicant: c.applicant,
    business: c.business,
    businessScale: c.businessScale,
    riskLevel: c.riskLevel,
    ruleSet: c.ruleSet,
    caseId: c.id,
    verifiedBy,
    ...(deemedBasis ? { deemedBasis } : {}),
    verifiedAt: at.toISOString(),
  };
}

export function revisionRequested(c: VerificationCaseEntity, at: Date): RevisionRequestedV1 {
  return { ...applicationOf(c), caseId: c.id, reasons: c.reasons, requestedAt: at.toISOString() };
}

export function applicationRejected(c: VerificationCaseEntity, at: Date): ApplicationRejectedV1 {
  return { ...applicationOf(c), caseId: c.id, reasons: c.reasons, rejectedAt: at.toISOString() };
}

/** A breach of the running clock's due date (`c.dueAt` is set while the clock runs). */
export function slaBreached(c: VerificationCaseEntity, at: Date): SlaBreachedV1 {
  return { ...applicationOf(c), caseId: c.id, stage: 'VERIFICATION', dueAt: (c.dueAt as Date).toISOString(), detectedAt: at.toISOString() };
}

/** The running clock's due date is within one working day (`c.dueAt` is set while the clock runs). */
/** `deemedOnLapse`: the legal basis when the case's rule set deems a lapsed verification a verified one. */
export function slaDueSoon(c: VerificationCaseEntity, at: Date, deemedOnLapse?: string): SlaDueSoonV1 {
  return {
    ...applicationOf(c),
    caseId: c.id,
    stage: 'VERIFICATION',
    dueAt: (c.dueAt as Date).toISOString(),
    detectedAt: at.toISOString(),
    ...(deemedOnLapse ? { deemedOnLapse } : {}),
  };
}
