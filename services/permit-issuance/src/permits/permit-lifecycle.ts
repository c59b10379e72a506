import { OfficerRole } from '@mpp/auth';
import { LifecycleActor, refuse, Verdict } from './lifecycle';

export enum PermitStatus {
  ACTIVE = 'ACTIVE',
  REVOKED = 'REVOKED',
}

export type PermitAction = 'issue' | 'revoke';

/** Who may take a step: issuance itself (on verified documents or an approval), or an officer of a role in the permit's office. */
export type PermitParty = { system: true } | { role: OfficerRole };

export interface PermitTransition {
  /** `null`: no permit yet. */
  from: PermitStatus | null;
  to: PermitStatus;
  by: PermitParty;
}

/**
 * A permit (all rows of one number), whole: issuance issues it active; the head of office of the permit's
 * office (the office of its first issue, as on the verification page) revokes it (NIB status 06 "Dicabut",
 * PIA Lampiran 14). Revocation is final: a revoked NIB is not reused, its actor gets a new one.
 */
export const PERMIT_TRANSITIONS: Readonly<Record<PermitAction, PermitTransition>> = {
  issue: { from: null, to: PermitStatus.ACTIVE, by: { system: true } },
  revoke: { from: PermitStatus.ACTIVE, to: PermitStatus.REVOKED, by: { role: OfficerRole.HEAD_OF_OFFICE } },
};

/** What the lifecycle needs to know of a permit. */
export interface PermitState {
  status: PermitStatus;
  /** The office of its first issue. */
  officeCode: string;
}

/** Issuance itself, as the actor of `issue`. */
export const ISSUANCE: LifecycleActor = { kind: 'system' };

/**
 * Whether `actor` may take `action` on `permit` (`null` when there is none), and the status it leads to.
 * Checks in the order the HTTP answers have always come: role, office, status.
 */
export function permitTransition(permit: PermitState | null, action: PermitAction, actor: LifecycleActor): Verdict<PermitStatus> {
  const { from, to, by } = PERMIT_TRANSITIONS[action];
  if ('system' in by) {
    if (actor.kind !== 'system') return refuse('forbidden', `Only issuance may ${action} a permit`);
  } else {
    if (actor.kind !== 'officer' || !actor.officer.roles.includes(by.role)) return refuse('forbidden', `Only the ${by.role} may ${action} a permit`);
    if (!permit || permit.officeCode !== actor.officer.office) return refuse('hidden', 'Permit not found');
  }
  if (from === null) return permit ? refuse('conflict', 'Permit is already issued') : { allowed: true, to };
  if (!permit) return refuse('hidden', 'Permit not found');
  if (permit.status !== from) return refuse('conflict', `Permit is already ${permit.status.toLowerCase()}`);
  return { allowed: true, to };
}

/**
 * The status of a permit number from its rows (an NIB has one row per application licensed under it): active
 * while any row is, revoked once every row is.
 */
export function permitStatusOf(rows: readonly { status: PermitStatus }[]): PermitStatus {
  return rows.some((r) => r.status === PermitStatus.ACTIVE) ? PermitStatus.ACTIVE : PermitStatus.REVOKED;
}

/** The rows a revocation of their number changes. */
export function revocableRows<T extends { status: PermitStatus }>(rows: readonly T[]): T[] {
  return rows.filter((r) => r.status === PERMIT_TRANSITIONS.revoke.from);
}
