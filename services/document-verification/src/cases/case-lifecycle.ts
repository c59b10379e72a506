import { AutomaticCheckResult, RiskLevel } from '@mpp/contracts';
import { isAutoVerifiable } from '@mpp/domain';
import { OfficerRole } from '@mpp/auth';
import { CaseStatus } from './verification-case.entity';

/**
 * The life of a verification case, in one place: which action may happen in which status, who may ask for
 * it, and what it does to the status, the holder and the service-level clock. Pure: the use cases load the
 * case, ask here, and apply the answer.
 *
 *   (no case) ──open──────────────────▶ AWAITING_OFFICER ──approve──────────▶ VERIFIED
 *   (no case) ──verify-automatically──▶ VERIFIED          ──reject───────────▶ REJECTED
 *   AWAITING_OFFICER ──request-revision──▶ REVISION_REQUESTED ──resubmit──▶ AWAITING_OFFICER
 *   AWAITING_OFFICER, REVISION_REQUESTED ──withdraw──▶ WITHDRAWN
 *   AWAITING_OFFICER ──deem-verified (the office let its deadline lapse, where the rule set says so)──▶ VERIFIED
 *
 * Officer actions apply only while the case awaits an officer, and only for the verifier who holds it (or
 * any verifier while nobody does). That the officer belongs to the case's office is not decided here: an
 * office-scoped lookup answers a case of another office exactly like a missing one.
 */

/** Officer roles that may see the office's cases and their documents. */
export const CASE_READERS: readonly OfficerRole[] = [OfficerRole.VERIFIER, OfficerRole.HEAD_OF_OFFICE, OfficerRole.OFFICE_ADMIN];

/** Officer roles that may take and decide a case (the head of office only sees it, unless also a verifier). */
export const CASE_DECIDERS: readonly OfficerRole[] = [OfficerRole.VERIFIER];

export type OfficerCaseAction = 'claim' | 'release' | 'decide-document' | 'approve' | 'request-revision' | 'reject';
/** What the applicant does through intake (also when counter staff act for them); arrives as events. */
export type ApplicantCaseAction = 'resubmit' | 'withdraw' | 'upload-document';
/**
 * What this service does by itself: open the case, verify it automatically, flag a missed service level, and
 * record a deemed verification (fiktif positif) when the rule set makes a lapsed deadline one.
 */
export type SystemCaseAction = 'open' | 'verify-automatically' | 'breach-service-level' | 'deem-verified';
export type CaseAction = OfficerCaseAction | ApplicantCaseAction | SystemCaseAction;

export const CASE_ACTIONS: readonly CaseAction[] = [
  'claim',
  'release',
  'decide-document',
  'approve',
  'request-revision',
  'reject',
  'resubmit',
  'withdraw',
  'upload-document',
  'open',
  'verify-automatically',
  'breach-service-level',
  'deem-verified',
];

/** Who asks: an officer of the case's office, the applicant (through intake's events), or this service. */
export type CaseActor = { kind: 'officer'; id: string; roles: readonly OfficerRole[] } | { kind: 'applicant' } | { kind: 'system' };

export const APPLICANT: CaseActor = { kind: 'applicant' };
export const SYSTEM: CaseActor = { kind: 'system' };

/** What the lifecycle needs to know of a case; `undefined` for a case not opened (yet). */
export interface CaseState {
  status: CaseStatus;
  /** The verifier holding the case. */
  assignedTo: string | null;
}

/** What the service-level clock does: runs while the office has the case, stops while the applicant or nobody has to act. */
export type ClockEffect = 'start' | 'stop' | 'resume' | 'keep';
/** Who holds the case afterwards: the acting officer, nobody, or whoever held it (a case back from revision returns to them). */
export type HolderEffect = 'actor' | 'nobody' | 'keep';

export interface AllowedTransition {
  allowed: true;
  /** The status afterwards; absent when the action keeps the status (or there is still no case). */
  to?: CaseStatus;
  clock: ClockEffect;
  holder: HolderEffect;
  /** The case is closed by this action: its decision time is set. */
  closes: boolean;
}

/**
 * Why an action is refused: `forbidden` (the actor may never ask for it), `not-found` (an officer action on
 * no case), `conflict` (an officer action the case's state does not allow), `ignored` (an event that does
 * not apply to the case as it is: nothing to do, and nothing to retry).
 */
export type CaseRefusal = { kind: 'forbidden' | 'not-found' | 'conflict' | 'ignored'; message: string };

export type CaseTransition = AllowedTransition | { allowed: false; refusal: CaseRefusal };

/** Before the case is opened. */
const NOT_OPENED = 'NOT_OPENED';
type Stage = CaseStatus | typeof NOT_OPENED;

interface Rule {
  /** Who may ask: officers holding one of these roles, the applicant, or the system. */
  by: readonly OfficerRole[] | 'applicant' | 'system';
  from: readonly Stage[];
  to?: CaseStatus;
  clock: ClockEffect;
  holder: HolderEffect;
  closes?: boolean;
}

const { AWAITING_OFFICER, REVISION_REQUESTED, VERIFIED, REJECTED, WITHDRAWN } = CaseStatus;
const EVERY_STAGE: readonly Stage[] = [NOT_OPENED, ...Object.values(CaseStatus)];

const RULES: Record<CaseAction, Rule> = {
  claim: { by: CASE_DECIDERS, from: [AWAITING_OFFICER], clock: 'keep', holder: 'actor' },
  release: { by: CASE_DECIDERS, from: [AWAITING_OFFICER], clock: 'keep', holder: 'nobody' },
  'decide-document': { by: CASE_DECIDERS, from: [AWAITING_OFFICER], clock: 'keep', holder: 'keep' },
  approve: { by: CASE_DECIDERS, from: [AWAITING_OFFICER], to: VERIFIED, clock: 'stop', holder: 'keep', closes: true },
  // The applicant has the case: the clock stops (OSS 41); the case will come back to this verifier.
  'request-revision': { by: CASE_DECIDERS, from: [AWAITING_OFFICER], to: REVISION_REQUESTED, clock: 'stop', holder: 'actor' },
  reject: { by: CASE_DECIDERS, from: [AWAITING_OFFICER], to: REJECTED, clock: 'stop', holder: 'keep', closes: true },
  // Back with the office, held by the verifier who asked: the clock runs again (OSS 42).
  resubmit: { by: 'applicant', from: [REVISION_REQUESTED], to: AWAITING_OFFICER, clock: 'resume', holder: 'keep' },
  // A withdrawn application's case is closed, unless it was already decided.
  withdraw: { by: 'applicant', from: [AWAITING_OFFICER, REVISION_REQUESTED], to: WITHDRAWN, clock: 'stop', holder: 'keep', closes: true },
  // A document is recorded whatever the case's state, also before the case opens (uploads precede submission).
  'upload-document': { by: 'applicant', from: EVERY_STAGE, clock: 'keep', holder: 'keep' },
  open: { by: 'system', from: [NOT_OPENED], to: AWAITING_OFFICER, clock: 'start', holder: 'keep' },
  'verify-automatically': { by: 'system', from: [NOT_OPENED], to: VERIFIED, clock: 'keep', holder: 'keep', closes: true },
  // Only a running clock can be missed; the due date and "not yet flagged" are the monitor's query.
  'breach-service-level': { by: 'system', from: [AWAITING_OFFICER], clock: 'keep', holder: 'keep' },
  // Fiktif positif (PP 28/2025 Ps. 225): only while the office has the case and its clock ran out.
  'deem-verified': { by: 'system', from: [AWAITING_OFFICER], to: VERIFIED, clock: 'stop', holder: 'keep', closes: true },
};

/** May `actor` ask for `action` on `current` (undefined: no case yet), and what follows if so. */
export function caseTransition(current: CaseState | undefined, action: CaseAction, actor: CaseActor): CaseTransition {
  const rule = RULES[action];
  if (!mayAsk(rule, actor)) return refuse('forbidden', 'Your role does not allow this action');
  const stage: Stage = current?.status ?? NOT_OPENED;
  const byOfficer = actor.kind === 'officer';
  if (!rule.from.includes(stage)) {
    if (!byOfficer) return refuse('ignored', `case is ${current?.status ?? 'not open'}`);
    // Every officer action applies only while the case awaits an officer.
    return current ? refuse('conflict', `Case is ${current.status}, not awaiting an officer`) : refuse('not-found', 'Case not found');
  }
  if (byOfficer && current?.assignedTo && current.assignedTo !== actor.id) return refuse('conflict', 'Case is held by another verifier');
  return { allowed: true, ...(rule.to ? { to: rule.to } : {}), clock: rule.clock, holder: rule.holder, closes: rule.closes ?? false };
}

/** The statuses in which `action` by `actor` is allowed on a case nobody holds (e.g. for a query's filter). */
export function statusesAllowing(action: CaseAction, actor: CaseActor): CaseStatus[] {
  return Object.values(CaseStatus).filter((status) => caseTransition({ status, assignedTo: null }, action, actor).allowed);
}

/**
 * How a submitted application's case opens: verified without an officer where the rules allow (low and
 * medium-low risk with every automatic check passing), as OSS does; otherwise into the officer queue.
 */
export function openingAction(riskLevel: RiskLevel, checks: readonly AutomaticCheckResult[]): 'open' | 'verify-automatically' {
  return isAutoVerifiable(riskLevel) && checks.every((c) => c.passed) ? 'verify-automatically' : 'open';
}

function mayAsk(rule: Rule, actor: CaseActor): boolean {
  if (rule.by === 'applicant' || rule.by === 'system') return actor.kind === rule.by;
  const roles = rule.by;
  return actor.kind === 'officer' && actor.roles.some((role) => roles.includes(role));
}

function refuse(kind: CaseRefusal['kind'], message: string): CaseTransition {
  return { allowed: false, refusal: { kind, message } };
}
