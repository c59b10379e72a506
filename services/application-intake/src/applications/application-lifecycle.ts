import { ApplicationStatus, EVENTS } from '@mpp/contracts';

/**
 * The application as intake sees it: which status may follow which, and who may do what in which status.
 * Pure rules (no database, no framework): the use cases ask this module, and the access helpers
 * (`application-access.ts`) turn its refusals into HTTP answers.
 *
 * Two kinds of change move an application:
 * - what people do through intake's HTTP API (the tables `WHO` and `WHEN`): its entrepreneur, proven by
 *   the tracking code, or an officer of its office;
 * - what the system records from the events of verification and issuance (`SYSTEM_STEPS`): those decisions
 *   were taken elsewhere, so intake records every one of them as a step of the timeline, in any status, and
 *   the current status is the last step in step order (`currentStatus`).
 */

/** Who is acting on an application, once the access helpers have established it. */
export enum Caller {
  /** The entrepreneur, proven by the application's tracking code (or submitting online). */
  APPLICANT = 'APPLICANT',
  /** A front-desk officer of the application's office, acting on the entrepreneur's behalf. */
  FRONT_DESK = 'FRONT_DESK',
  /** Any other officer of the application's office (verifier, head of office, office admin). */
  OFFICE_STAFF = 'OFFICE_STAFF',
}

/** What a caller does with an application through intake. */
export enum ApplicationAction {
  /** File a new application (online, or at the counter). */
  SUBMIT = 'SUBMIT',
  /** Read its status, timeline, documents and permits. */
  VIEW = 'VIEW',
  /** Upload (or replace) a document of the checklist. */
  UPLOAD_DOCUMENT = 'UPLOAD_DOCUMENT',
  /** Answer a revision request: back to the verifier who asked. */
  RESUBMIT = 'RESUBMIT',
  /** Withdraw before a decision. */
  WITHDRAW = 'WITHDRAW',
  /** Give the entrepreneur a new tracking code (the old one stops working). */
  REISSUE_TRACKING_CODE = 'REISSUE_TRACKING_CODE',
}

/** The status of a new application. */
export const INITIAL_STATUS = ApplicationStatus.SUBMITTED;

const ALL_STATUSES: readonly ApplicationStatus[] = Object.values(ApplicationStatus);

/** No decision has been made yet, so the applicant may still withdraw. */
const UNDECIDED: readonly ApplicationStatus[] = [
  ApplicationStatus.SUBMITTED,
  ApplicationStatus.UNDER_VERIFICATION,
  ApplicationStatus.REVISION_REQUESTED,
  ApplicationStatus.AWAITING_APPROVAL,
];

/** Documents may still be (re)uploaded: verification has not decided on them. */
const DOCUMENTS_OPEN: readonly ApplicationStatus[] = [
  ApplicationStatus.SUBMITTED,
  ApplicationStatus.UNDER_VERIFICATION,
  ApplicationStatus.REVISION_REQUESTED,
];

const APPLICANT_OR_FRONT_DESK = [Caller.APPLICANT, Caller.FRONT_DESK] as const;
const ONLY_APPLICANT_OR_FRONT_DESK = 'Only the applicant or a front-desk officer may do this';

/** Who may do each action, and the refusal for anyone else. */
const WHO: Record<ApplicationAction, { by: readonly Caller[]; notPermitted: string }> = {
  [ApplicationAction.SUBMIT]: { by: APPLICANT_OR_FRONT_DESK, notPermitted: 'Only front-desk officers file applications at the counter' },
  [ApplicationAction.VIEW]: {
    by: [Caller.APPLICANT, Caller.FRONT_DESK, Caller.OFFICE_STAFF],
    notPermitted: 'Only the applicant or an officer of its office may see the application',
  },
  [ApplicationAction.UPLOAD_DOCUMENT]: { by: APPLICANT_OR_FRONT_DESK, notPermitted: ONLY_APPLICANT_OR_FRONT_DESK },
  [ApplicationAction.RESUBMIT]: { by: APPLICANT_OR_FRONT_DESK, notPermitted: ONLY_APPLICANT_OR_FRONT_DESK },
  [ApplicationAction.WITHDRAW]: { by: APPLICANT_OR_FRONT_DESK, notPermitted: ONLY_APPLICANT_OR_FRONT_DESK },
  [ApplicationAction.REISSUE_TRACKING_CODE]: { by: [Caller.FRONT_DESK], notPermitted: 'Only a front-desk officer may issue a new tracking code' },
};

/** An action on an existing application (submitting creates one, in INITIAL_STATUS). */
export type ActionOnApplication = Exclude<ApplicationAction, ApplicationAction.SUBMIT>;

const onlyWhen = (status: ApplicationStatus, from: readonly ApplicationStatus[]) =>
  `The application is ${status}; this is possible only when it is ${from.join(' or ')}`;

/** In which statuses each action is possible, the status it leads to (absent: it stays), and the refusal otherwise. */
const WHEN: Record<ActionOnApplication, { from: readonly ApplicationStatus[]; to?: ApplicationStatus; refusal: typeof onlyWhen }> = {
  [ApplicationAction.VIEW]: { from: ALL_STATUSES, refusal: onlyWhen },
  [ApplicationAction.UPLOAD_DOCUMENT]: { from: DOCUMENTS_OPEN, refusal: (status) => `The application is ${status}; documents can no longer change` },
  [ApplicationAction.RESUBMIT]: { from: [ApplicationStatus.REVISION_REQUESTED], to: ApplicationStatus.UNDER_VERIFICATION, refusal: onlyWhen },
  [ApplicationAction.WITHDRAW]: { from: UNDECIDED, to: ApplicationStatus.WITHDRAWN, refusal: onlyWhen },
  [ApplicationAction.REISSUE_TRACKING_CODE]: { from: ALL_STATUSES, refusal: onlyWhen },
};

/** Whether a caller may do an action at all (whatever the status): null if so, else the refusal. */
export function refusalFor(action: ApplicationAction, caller: Caller): string | null {
  const who = WHO[action];
  return who.by.includes(caller) ? null : who.notPermitted;
}

export type Transition =
  | { allowed: true; /** The status afterwards (the same one when the action does not move it). */ to: ApplicationStatus }
  | { allowed: false; refusal: string };

/** Whether an action on an existing application is possible in its status, and the status it leads to. */
export function transition(action: ActionOnApplication, status: ApplicationStatus): Transition {
  const when = WHEN[action];
  if (!when.from.includes(status)) return { allowed: false, refusal: when.refusal(status, when.from) };
  return { allowed: true, to: when.to ?? status };
}

/** The events of verification and issuance that intake records. */
export type SystemEvent = Extract<
  keyof typeof EVENTS,
  | 'VerificationStarted'
  | 'DocumentsVerified'
  | 'RevisionRequested'
  | 'ApplicationRejected'
  | 'ApprovalRequested'
  | 'ApplicationDenied'
  | 'PermitIssued'
  | 'PermitRevoked'
  | 'SlaBreached'
  | 'ApprovalOverdue'
>;

/**
 * The step each system event adds to the timeline; null for a fact about the application that is no step
 * (a revoked permit, a missed due date), which leaves the status alone.
 */
export const SYSTEM_STEPS = {
  VerificationStarted: ApplicationStatus.UNDER_VERIFICATION,
  DocumentsVerified: ApplicationStatus.VERIFIED,
  RevisionRequested: ApplicationStatus.REVISION_REQUESTED,
  ApplicationRejected: ApplicationStatus.REJECTED,
  ApprovalRequested: ApplicationStatus.AWAITING_APPROVAL,
  ApplicationDenied: ApplicationStatus.REJECTED,
  PermitIssued: ApplicationStatus.ISSUED,
  PermitRevoked: null,
  SlaBreached: null,
  ApprovalOverdue: null,
} as const satisfies Readonly<Record<SystemEvent, ApplicationStatus | null>>;

/** The system events that add a step to the timeline. */
export type StepEvent = { [E in SystemEvent]: (typeof SYSTEM_STEPS)[E] extends null ? never : E }[SystemEvent];

/** Progress order, used to break ties between steps recorded at the same instant. */
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

/** A step of an application's timeline: the status it reached and when. */
export interface Step {
  status: ApplicationStatus;
  at: Date;
}

/**
 * The order of an application's steps: by time, then by progress. Events of one application arrive on
 * different topics, so they may be recorded out of order (and two can carry the same instant); the
 * timeline shown and the current status (its last step) both follow this order, never the order applied.
 */
export function byStepOrder(a: Step, b: Step): number {
  return a.at.getTime() - b.at.getTime() || PROGRESS[a.status] - PROGRESS[b.status];
}

/** The current status: the last step in step order (of two steps tied in order, the one listed first). */
export function currentStatus(steps: readonly Step[]): ApplicationStatus {
  if (steps.length === 0) throw new Error('an application has at least its submission step');
  return steps.reduce((a, b) => (byStepOrder(b, a) > 0 ? b : a)).status;
}
