import { OfficerRole } from '@mpp/auth';
import { EVENTS } from '@mpp/contracts';
import { LifecycleActor, refuse, Verdict } from '../lifecycle';

export enum ApprovalStatus {
  /** Waiting for the head of office. */
  PENDING = 'PENDING',
  /** Approved: NIB and Izin issued. */
  APPROVED = 'APPROVED',
  /** Denied with a reason: nothing issued. */
  DENIED = 'DENIED',
  /** The applicant withdrew the application while it waited. */
  WITHDRAWN = 'WITHDRAWN',
}

export type ApprovalAction = 'request' | 'approve' | 'deny' | 'withdraw' | 'deem-approve';

/**
 * Who may take a step: an event of another service, an officer of a role in the approval's office, or this
 * service's deadline monitor (`system`).
 */
export type ApprovalParty = { event: string } | { role: OfficerRole; notTheVerifier: boolean } | { system: true };

export interface ApprovalTransition {
  /** `null`: the application has no approval yet. */
  from: ApprovalStatus | null;
  to: ApprovalStatus;
  by: ApprovalParty;
}

/**
 * The approval of a high-risk (Tinggi) application, whole: which step leads from which status to which, and who
 * may take it. Documents verified by an officer of the office request it; only the head of office of the
 * application's office decides, and never the officer who verified the documents approves (four eyes); a
 * withdrawal closes it while it waits. When the head of office lets the due date pass and the application's
 * rule set deems the Izin issued then (fiktif positif, PP 28/2025 Ps. 230), this service approves it by
 * operation of law (`deem-approve`; whether the rule set says so is the deadline monitor's to check).
 * Every decided status is final.
 */
export const APPROVAL_TRANSITIONS: Readonly<Record<ApprovalAction, ApprovalTransition>> = {
  request: { from: null, to: ApprovalStatus.PENDING, by: { event: EVENTS.DocumentsVerified.type } },
  approve: { from: ApprovalStatus.PENDING, to: ApprovalStatus.APPROVED, by: { role: OfficerRole.HEAD_OF_OFFICE, notTheVerifier: true } },
  deny: { from: ApprovalStatus.PENDING, to: ApprovalStatus.DENIED, by: { role: OfficerRole.HEAD_OF_OFFICE, notTheVerifier: false } },
  withdraw: { from: ApprovalStatus.PENDING, to: ApprovalStatus.WITHDRAWN, by: { event: EVENTS.ApplicationWithdrawn.type } },
  'deem-approve': { from: ApprovalStatus.PENDING, to: ApprovalStatus.APPROVED, by: { system: true } },
};

/** What the lifecycle needs to know of an approval. */
export interface ApprovalState {
  status: ApprovalStatus;
  officeCode: string;
  /** The officer who verified the documents. */
  verifiedBy: { id: string } | null;
}

/**
 * Whether `actor` may take `action` on `approval` (`null` when the application has none), and the status it
 * leads to. Checks in the order the HTTP answers have always come: role, office, status, four eyes.
 */
export function approvalTransition(approval: ApprovalState | null, action: ApprovalAction, actor: LifecycleActor): Verdict<ApprovalStatus> {
  const { from, to, by } = APPROVAL_TRANSITIONS[action];
  if ('event' in by) {
    if (actor.kind !== 'event' || actor.type !== by.event) return refuse('forbidden', `Only ${by.event} may ${action} an approval`);
  } else if ('system' in by) {
    if (actor.kind !== 'system') return refuse('forbidden', `Only the approval deadline may ${action} an approval`);
  } else {
    if (actor.kind !== 'officer' || !actor.officer.roles.includes(by.role)) return refuse('forbidden', `Only the ${by.role} may ${action} an approval`);
    if (approval && approval.officeCode !== actor.officer.office) return refuse('hidden', 'Approval not found');
  }
  if (from === null) return approval ? refuse('conflict', `Approval is already requested (${approval.status})`) : { allowed: true, to };
  if (!approval) return refuse('hidden', 'Approval not found');
  if (approval.status !== from) return refuse('conflict', `Approval is ${approval.status}, not ${from}`);
  if ('role' in by && by.notTheVerifier && actor.kind === 'officer' && approval.verifiedBy?.id === actor.officer.id) {
    return refuse('forbidden', 'The officer who verified the documents cannot also approve the permit');
  }
  return { allowed: true, to };
}

/** Permits exist only for an approved application. */
export function hasIssuedPermits(status: ApprovalStatus): boolean {
  return status === ApprovalStatus.APPROVED;
}
