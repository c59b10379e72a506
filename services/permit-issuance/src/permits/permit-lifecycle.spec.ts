import { OfficerRole } from '@mpp/auth';
import { LifecycleActor } from './lifecycle';
import { ISSUANCE, PermitAction, permitStatusOf, PermitStatus, permitTransition, revocableRows } from './permit-lifecycle';

const { ACTIVE, REVOKED } = PermitStatus;

/** Every state of a permit number: none yet, then each status. */
const STATES = [null, ACTIVE, REVOKED] as const;

const officer = (roles: OfficerRole[], office = '3373'): LifecycleActor => ({ kind: 'officer', officer: { id: 'o-1', roles, office } });

const ACTORS: Record<string, LifecycleActor> = {
  head: officer([OfficerRole.HEAD_OF_OFFICE]),
  headElsewhere: officer([OfficerRole.HEAD_OF_OFFICE], '7371'),
  verifier: officer([OfficerRole.VERIFIER]),
  admin: officer([OfficerRole.OFFICE_ADMIN]),
  platformAdmin: { kind: 'officer', officer: { id: 'p-1', roles: [OfficerRole.PLATFORM_ADMIN] } },
  event: { kind: 'event', type: 'DocumentsVerified' },
  issuance: ISSUANCE,
};

type Outcome = PermitStatus | 'hidden' | 'forbidden' | 'conflict';
const F = 'forbidden' as const;

/** The whole table: per action and actor, the outcome in each state of STATES (none, ACTIVE, REVOKED). */
const TABLE: Record<PermitAction, Record<keyof typeof ACTORS, Outcome[]>> = {
  issue: {
    head: [F, F, F],
    headElsewhere: [F, F, F],
    verifier: [F, F, F],
    admin: [F, F, F],
    platformAdmin: [F, F, F],
    event: [F, F, F],
    issuance: [ACTIVE, 'conflict', 'conflict'],
  },
  revoke: {
    head: ['hidden', REVOKED, 'conflict'],
    headElsewhere: ['hidden', 'hidden', 'hidden'],
    verifier: [F, F, F],
    admin: [F, F, F],
    platformAdmin: [F, F, F],
    event: [F, F, F],
    issuance: [F, F, F],
  },
};

describe('permit lifecycle', () => {
  const cases = Object.entries(TABLE).flatMap(([action, byActor]) =>
    Object.entries(byActor).flatMap(([actor, outcomes]) => STATES.map((state, i) => [action as PermitAction, actor, state ?? 'none', outcomes[i]] as const)),
  );

  it('covers every action, actor and state', () => {
    expect(cases).toHaveLength(2 * Object.keys(ACTORS).length * STATES.length);
  });

  it.each(cases)('%s by %s from %s: %s', (action, actor, state, expected) => {
    const permit = state === 'none' ? null : { status: state, officeCode: '3373' };
    const verdict = permitTransition(permit, action, ACTORS[actor]);
    expect(verdict.allowed ? verdict.to : verdict.refusal.kind).toBe(expected);
  });

  it('says why, in the words the HTTP answers have always used', () => {
    expect(permitTransition({ status: REVOKED, officeCode: '3373' }, 'revoke', ACTORS.head)).toEqual({
      allowed: false,
      refusal: { kind: 'conflict', message: 'Permit is already revoked' },
    });
    expect(permitTransition(null, 'revoke', ACTORS.head)).toEqual({ allowed: false, refusal: { kind: 'hidden', message: 'Permit not found' } });
  });

  it('takes a number as active while any of its rows is, and revokes only the active rows', () => {
    const rows = [{ id: 'a', status: REVOKED }, { id: 'b', status: ACTIVE }];
    expect(permitStatusOf(rows)).toBe(ACTIVE);
    expect(permitStatusOf([rows[0]])).toBe(REVOKED);
    expect(revocableRows(rows).map((r) => r.id)).toEqual(['b']);
  });
});
