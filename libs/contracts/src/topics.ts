import { ApplicationSubmittedV1 } from './events/application-submitted';
import { DocumentUploadedV1 } from './events/document-uploaded';
import { DocumentsVerifiedV1 } from './events/documents-verified';
import { NotificationSentV1 } from './events/notification-sent';
import { OfficeConfiguredV1 } from './events/office-configured';
import { PermitIssuedV1 } from './events/permit-issued';
import { VerificationStartedV1 } from './events/verification-started';
import {
  ApplicationDeniedV1,
  ApplicationRejectedV1,
  ApplicationResubmittedV1,
  ApplicationWithdrawnV1,
  ApprovalDueSoonV1,
  ApprovalOverdueV1,
  ApprovalRequestedV1,
  PermitRevokedV1,
  RevisionRequestedV1,
  SlaBreachedV1,
  SlaDueSoonV1,
} from './events/workflow';

/**
 * Versioned topics: `mpp.<producing service>.<event>.v<major>`. Only additive changes within a version.
 * Keep in step with libs/contracts/asyncapi.yaml (a test checks it).
 */
export const TOPICS = {
  applicationSubmitted: 'mpp.intake.application-submitted.v1',
  verificationStarted: 'mpp.verification.verification-started.v1',
  documentsVerified: 'mpp.verification.documents-verified.v1',
  permitIssued: 'mpp.issuance.permit-issued.v1',
  officeConfigured: 'mpp.intake.office-configured.v1',
  applicationResubmitted: 'mpp.intake.application-resubmitted.v1',
  applicationWithdrawn: 'mpp.intake.application-withdrawn.v1',
  documentUploaded: 'mpp.intake.document-uploaded.v1',
  revisionRequested: 'mpp.verification.revision-requested.v1',
  applicationRejected: 'mpp.verification.application-rejected.v1',
  slaBreached: 'mpp.verification.sla-breached.v1',
  slaDueSoon: 'mpp.verification.sla-due-soon.v1',
  approvalRequested: 'mpp.issuance.approval-requested.v1',
  approvalDueSoon: 'mpp.issuance.approval-due-soon.v1',
  approvalOverdue: 'mpp.issuance.approval-overdue.v1',
  applicationDenied: 'mpp.issuance.application-denied.v1',
  permitRevoked: 'mpp.issuance.permit-revoked.v1',
  notificationSent: 'mpp.notification.notification-sent.v1',
} as const;

export type Topic = (typeof TOPICS)[keyof typeof TOPICS];

/** Where each service's consumer moves a record that cannot be processed. */
export const DEAD_LETTER_TOPICS = {
  intake: 'mpp.intake.dead-letter.v1',
  verification: 'mpp.verification.dead-letter.v1',
  issuance: 'mpp.issuance.dead-letter.v1',
  notification: 'mpp.notification.dead-letter.v1',
} as const;

export interface EventDefinition<T extends object = object> {
  topic: Topic;
  type: string;
  version: number;
  payload: new () => T;
}

function define<T extends object>(topic: Topic, type: string, payload: new () => T): EventDefinition<T> {
  return { topic, type, version: Number(topic.slice(topic.lastIndexOf('.v') + 2)), payload };
}

/** The event catalogue: one entry per topic. */
export const EVENTS = {
  ApplicationSubmitted: define(TOPICS.applicationSubmitted, 'ApplicationSubmitted', ApplicationSubmittedV1),
  VerificationStarted: define(TOPICS.verificationStarted, 'VerificationStarted', VerificationStartedV1),
  DocumentsVerified: define(TOPICS.documentsVerified, 'DocumentsVerified', DocumentsVerifiedV1),
  PermitIssued: define(TOPICS.permitIssued, 'PermitIssued', PermitIssuedV1),
  OfficeConfigured: define(TOPICS.officeConfigured, 'OfficeConfigured', OfficeConfiguredV1),
  ApplicationResubmitted: define(TOPICS.applicationResubmitted, 'ApplicationResubmitted', ApplicationResubmittedV1),
  ApplicationWithdrawn: define(TOPICS.applicationWithdrawn, 'ApplicationWithdrawn', ApplicationWithdrawnV1),
  DocumentUploaded: define(TOPICS.documentUploaded, 'DocumentUploaded', DocumentUploadedV1),
  RevisionRequested: define(TOPICS.revisionRequested, 'RevisionRequested', RevisionRequestedV1),
  ApplicationRejected: define(TOPICS.applicationRejected, 'ApplicationRejected', ApplicationRejectedV1),
  SlaBreached: define(TOPICS.slaBreached, 'SlaBreached', SlaBreachedV1),
  SlaDueSoon: define(TOPICS.slaDueSoon, 'SlaDueSoon', SlaDueSoonV1),
  ApprovalRequested: define(TOPICS.approvalRequested, 'ApprovalRequested', ApprovalRequestedV1),
  ApprovalDueSoon: define(TOPICS.approvalDueSoon, 'ApprovalDueSoon', ApprovalDueSoonV1),
  ApprovalOverdue: define(TOPICS.approvalOverdue, 'ApprovalOverdue', ApprovalOverdueV1),
  ApplicationDenied: define(TOPICS.applicationDenied, 'ApplicationDenied', ApplicationDeniedV1),
  PermitRevoked: define(TOPICS.permitRevoked, 'PermitRevoked', PermitRevokedV1),
  NotificationSent: define(TOPICS.notificationSent, 'NotificationSent', NotificationSentV1),
} as const;

/** Every topic the platform uses, with its partition count, for explicit creation (auto-create is off). */
export const ALL_TOPICS: readonly string[] = [...Object.values(TOPICS), ...Object.values(DEAD_LETTER_TOPICS)];
