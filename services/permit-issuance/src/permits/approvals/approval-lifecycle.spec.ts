import { OfficerRole } from '@mpp/auth';
import { LifecycleActor } from '../lifecycle';
import { ApprovalAction, approvalTransition, ApprovalState, ApprovalStatus, hasIssuedPermits } from './approval-lifecycle';

const { PENDING, APPROVED, DENIED, WITHDRAWN } = ApprovalStatus;

/** Every state an application's approval can be in: none yet, then each status. */
const STATES = [null, PENDING, APPROVED, DENIED, WITHDRAWN] as const;

const officer = (id: string, roles: OfficerRole[], office = '3373'): LifecycleActor => ({ kind: 'officer', officer: { id, roles, office } });

const ACTORS: Record<string, LifecycleActor> = {
  head: officer('head-1', [OfficerRole.HEAD_OF_OFFICE]),
  /** A head of office who also verified this application's documents. */
  headWhoVerified: officer('verifier-head', [OfficerRole.HEAD_OF_OFFICE, OfficerRole.VERIFIER]),
  headElsewhere: officer('head-2', [OfficerRole.HEAD_OF_OFFICE], '7371'),
  verifier: officer('verifier-1', [OfficerRole.VERIFIER]),
  admin: officer('admin-1', [OfficerRole.OFFICE_ADMIN]),
  documentsVerified: { kind: 'event', type: 'DocumentsVerified' },
  applicationWithdrawn: { kind: 'event', type: 'ApplicationWithdrawn' },
  otherEvent: { kind: 'event', type: 'ApplicationRejected' },
  system: { kind: 'system' },
};

/** `hidden` (404), `forbidden` (403), `conflict` (409), or the status the step leads to. */
type Outcome = ApprovalStatus | 'hidden' | 'forbidden' | 'conflict';
const F = 'forbidden' as const;
const H = 'hidden' as const;
const C = 'conflict' as const;
const FORBIDDEN_ALWAYS: Outcome[] = [F, F, F, F, F];

/** The whole table: per action and actor, the outcome in each state of STATES (none, PENDING, APPROVED, DENIED, WITHDRAWN). */
const TABLE: Record<ApprovalAction, Record<keyof typeof ACTORS, Outcome[]>> = {
  request: {
    head: FORBIDDEN_ALWAYS,
    headWhoVerified: FORBIDDEN_ALWAYS,
    headElsewhere: FORBIDDEN_ALWAYS,
    verifier: FORBIDDEN_ALWAYS,
    admin: FORBIDDEN_ALWAYS,
    documentsVerified: [PENDING, C, C, C, C],
    applicationWithdrawn: FORBIDDEN_ALWAYS,
    otherEvent: FORBIDDEN_ALWAYS,
    system: FORBIDDEN_ALWAYS,
  },
  approve: {
    head: [H, APPROVED, C, C, C],
    headWhoVerified: [H, F, C, C, C],
    headElsewhere: [H, H, H, H, H],
    verifier: FORBIDDEN_ALWAYS,
    admin: FORBIDDEN_ALWAYS,
    documentsVerified: FORBIDDEN_ALWAYS,
    applicationWithdrawn: FORBIDDEN_ALWAYS,
    otherEvent: FORBIDDEN_ALWAYS,
    system: FORBIDDEN_ALWAYS,
  },
  deny: {
    head: [H, DENIED, C, C, C],
    // Four eyes guard the approval only: denying issues nothing.
    headWhoVerified: [H, DENIED, C, C, C],
    headElsewhere: [H, H, H, H, H],
    verifier: FORBIDDEN_ALWAYS,
    admin: FORBIDDEN_ALWAYS,
    documentsVerified: FORBIDDEN_ALWAYS,
    applicationWithdrawn: FORBIDDEN_ALWAYS,
    otherEvent: FORBIDDEN_ALWAYS,
    system: FORBIDDEN_ALWAYS,
  },
  withdraw: {
    head: FORBIDDEN_ALWAYS,
    headWhoVerified: FORBIDDEN_ALWAYS,
    headElsewhere: FORBIDDEN_ALWAYS,
    verifier: FORBIDDEN_ALWAYS,
    admin: FORBIDDEN_ALWAYS,
    documentsVerified: FORBIDDEN_ALWAYS,
    applicationWithdrawn: [H, WITHDRAWN, C, C, C],
    otherEvent: FORBIDDEN_ALWAYS,
    system: FORBIDDEN_ALWAYS,
  },
  // Fiktif positif: only this service's deadline monitor, and only while the approval waits.
  'deem-approve': {
    head: FORBIDDEN_ALWAYS,
    headWhoVerified: FORBIDDEN_ALWAYS,
    headElsewhere: FORBIDDEN_ALWAYS,
    verifier: FORBIDDEN_ALWAYS,
    admin: FORBIDDEN_ALWAYS,
    documentsVerified: FORBIDDEN_ALWAYS,
    applicationWithdrawn: FORBIDDEN_ALWAYS,
    otherEvent: FORBIDDEN_ALWAYS,
    system: [H, APPROVED, C, C, C],
  },
};

const approvalIn = (status: ApprovalStatus | null): ApprovalState | null => status && { status, officeCode: '3373', verifiedBy: { id: 'verifier-head' } };

describe('approval lifecycle', () => {
  const cases = Object.entries(TABLE).flatMap(([action, byActor]) =>
    Object.entries(byActor).flatMap(([actor, outcomes]) => STATES.map((state, i) => [action as ApprovalAction, actor, state ?? 'none', outcomes[i]] as const)),
  );

  it('covers every action, actor and state', () => {
    expect(cases).toHaveLength(5 * Object.keys(ACTORS).length * STATES.length);
  });

  it.each(cases)('%s by %s from %s: %s', (action, actor, state, expected) => {
    const verdict = approvalTransition(approvalIn(state === 'none' ? null : state), action, ACTORS[actor]);
    expect(verdict.allowed ? verdict.to : verdict.refusal.kind).toBe(expected);
  });

  it('says why, in the words the HTTP answers have always used', () => {
    const pending = approvalIn(PENDING);
    expect(approvalTransition(approvalIn(APPROVED), 'approve', ACTORS.head)).toEqual({
      allowed: false,
      refusal: { kind: 'conflict', message: 'Approval is APPROVED, not PENDING' },
    });
    expect(approvalTransition(pending, 'approve', ACTORS.headWhoVerified)).toEqual({
      allowed: false,
      refusal: { kind: 'forbidden', message: 'The officer who verified the documents cannot also approve the permit' },
    });
    expect(approvalTransition(pending, 'deny', ACTORS.headElsewhere)).toEqual({ allowed: false, refusal: { kind: 'hidden', message: 'Approval not found' } });
  });

  it('knows which statuses come with permits', () => {
    expect(Object.values(ApprovalStatus).filter(hasIssuedPermits)).toEqual([APPROVED]);
  });
});
