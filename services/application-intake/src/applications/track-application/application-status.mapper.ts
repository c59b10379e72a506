import { ApplicationStatus } from '@mpp/contracts';
import { decidedUnder, documentChecklist, dueAt, findKbli, isClockPaused, OfficeTimezone, pauseClock, resumeClock, SlaClock, startClock } from '@mpp/domain';
import { OfficeEntity } from '../../offices/office.entity';
import { ApplicationDocumentEntity } from '../application-document.entity';
import { ApplicationEntity, ApplicationNotificationEntity, ApplicationPermitEntity, TimelineEntryEntity } from '../application.entities';
import { ruleSetSummary } from '../../reference/assessment/assessment';
import { ApplicationStatusView, NextStepView, PermitView, TimelineStepView } from './application-status.view';

/** What the status view is built from, besides the application. */
export interface ApplicationRecords {
  /** The timeline in step order. */
  timeline: TimelineEntryEntity[];
  permits: ApplicationPermitEntity[];
  /** The current documents, oldest first. */
  documents: ApplicationDocumentEntity[];
  office: OfficeEntity | null;
  /** Messages sent to the applicant, oldest first (absent: none). */
  notifications?: ApplicationNotificationEntity[];
}

/** The view the entrepreneur (or an officer of the office) gets of an application. */
export function applicationStatusView(application: ApplicationEntity, records: ApplicationRecords): ApplicationStatusView {
  const { timeline, permits, documents } = records;
  const due = currentDueAt(application, records);
  const checklist: string[] = documentChecklist(application.riskLevel, application.applicantKind);
  const missingDocuments = checklist.filter((type) => !documents.some((d) => d.type === type));
  const reasons = [...timeline].reverse().find((t) => t.status === application.status)?.reasons ?? undefined;
  const ruleSet = decidedUnder(application.ruleSet);
  return {
    applicationNumber: application.applicationNumber,
    status: application.status,
    officeCode: application.officeCode,
    riskLevel: application.riskLevel,
    businessScale: application.businessScale,
    business: { name: application.businessName, kbli: application.kbli, kbliTitle: findKbli(application.kbli, ruleSet)?.title ?? application.kbli },
    ruleSet: ruleSetSummary(ruleSet),
    submittedAt: application.submittedAt.toISOString(),
    updatedAt: application.updatedAt.toISOString(),
    ...(due ? { dueAt: due.toISOString() } : {}),
    ...(application.slaBreachedAt ? { overdueSince: application.slaBreachedAt.toISOString() } : {}),
    nextStep: nextStep(application.status, reasons, missingDocuments),
    checklist,
    documents: documents.map((d) => ({ type: d.type, contentType: d.contentType, sizeBytes: d.sizeBytes, sha256: d.sha256, uploadedAt: d.uploadedAt.toISOString() })),
    timeline: timeline.map(timelineStepView),
    permits: permits.map(permitView),
    notifications: (records.notifications ?? []).map((n) => ({ kind: n.kind, channel: n.channel, sentAt: n.sentAt.toISOString() })),
  };
}

/** The due date of the stage the application waits in: the head of office's decision, or verification. */
function currentDueAt(application: ApplicationEntity, { timeline, office }: ApplicationRecords): Date | null | undefined {
  if (application.status === ApplicationStatus.AWAITING_APPROVAL) return application.approvalDueAt;
  if (application.status === ApplicationStatus.UNDER_VERIFICATION && office) return verificationDueAt(timeline, office);
  return null;
}

function timelineStepView(t: TimelineEntryEntity): TimelineStepView {
  return {
    status: t.status,
    at: t.at.toISOString(),
    ...(t.note ? { note: t.note } : {}),
    ...(t.reasons?.length ? { reasons: t.reasons } : {}),
  };
}

function permitView(p: ApplicationPermitEntity): PermitView {
  return {
    type: p.type,
    number: p.number,
    issuedAt: p.issuedAt.toISOString(),
    ...(p.validUntil ? { validUntil: p.validUntil.toISOString() } : {}),
    ...(p.verificationUrl ? { verificationUrl: p.verificationUrl } : {}),
    ...(p.certificateUrl ? { certificateUrl: p.certificateUrl, certificateSha256: p.certificateSha256 ?? undefined } : {}),
    ...(p.revokedAt ? { revokedAt: p.revokedAt.toISOString(), revocationReason: p.revocationReason ?? undefined } : {}),
    ...(p.deemedBasis ? { deemedBasis: p.deemedBasis } : {}),
  };
}

/** What happens next and who has to act, as the entrepreneur sees it. */
export function nextStep(status: ApplicationStatus, reasons?: string[], missingDocuments: string[] = []): NextStepView {
  const missing = missingDocuments.length ? { missingDocuments } : {};
  switch (status) {
    case ApplicationStatus.SUBMITTED:
    case ApplicationStatus.UNDER_VERIFICATION:
      return missingDocuments.length
        ? { by: 'APPLICANT', description: 'Upload the documents of the checklist', ...missing }
        : { by: 'OFFICE', description: 'The office is verifying the application and its documents' };
    case ApplicationStatus.REVISION_REQUESTED:
      return { by: 'APPLICANT', description: 'Correct or complete the documents as asked, then resubmit', ...(reasons ? { reasons } : {}), ...missing };
    case ApplicationStatus.VERIFIED:
      return { by: 'OFFICE', description: 'The permits are being issued' };
    case ApplicationStatus.AWAITING_APPROVAL:
      return { by: 'OFFICE', description: 'The head of office decides on the Izin' };
    case ApplicationStatus.ISSUED:
      return { by: 'NONE', description: 'Issued: the permits can be downloaded and verified' };
    case ApplicationStatus.REJECTED:
      return { by: 'NONE', description: 'Rejected; a new application can be submitted', ...(reasons ? { reasons } : {}) };
    case ApplicationStatus.WITHDRAWN:
      return { by: 'NONE', description: 'Withdrawn by the applicant' };
  }
}

/**
 * The office's due date for verification, replayed from the timeline (in step order) with the office's
 * calendar: the same working-day clock verification runs (it starts when verification starts, stops while
 * a revision is requested and resumes on resubmission). Undefined when no clock runs.
 */
export function verificationDueAt(timeline: TimelineEntryEntity[], office: OfficeEntity): Date | undefined {
  let clock: SlaClock | undefined;
  for (const step of timeline) {
    if (step.status === ApplicationStatus.UNDER_VERIFICATION) {
      if (!clock) clock = startClock(step.at, office.serviceLevels.verificationDays);
      else if (isClockPaused(clock)) clock = resumeClock(clock, step.at);
    } else if (step.status !== ApplicationStatus.SUBMITTED && clock && !isClockPaused(clock)) {
      clock = pauseClock(clock, step.at);
    }
  }
  return clock && dueAt(clock, office.calendar, office.timezone as OfficeTimezone);
}
