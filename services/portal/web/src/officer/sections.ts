/**
 * What each officer role may see and do, in one place. The services decide (by role and office); these
 * only keep the screens from offering what a role cannot do. Role values as in libs/auth (OfficerRole).
 */
export type Role = 'front-desk' | 'verifier' | 'head-of-office' | 'office-admin' | 'platform-admin';

export type Section = 'queue' | 'counter' | 'approvals' | 'permits' | 'settings' | 'audit' | 'offices';

/** The sections in navigation order, each with its path under /petugas and the roles it is for. */
export const SECTIONS: ReadonlyArray<{ section: Section; path: string; roles: readonly Role[] }> = [
  // CASE_READERS of document verification: the head of office and the office admin only look.
  { section: 'queue', path: 'antrean', roles: ['verifier', 'head-of-office', 'office-admin'] },
  { section: 'counter', path: 'loket', roles: ['front-desk'] },
  { section: 'approvals', path: 'persetujuan', roles: ['head-of-office'] },
  { section: 'permits', path: 'izin', roles: ['front-desk', 'verifier', 'head-of-office', 'office-admin'] },
  { section: 'settings', path: 'pengaturan', roles: ['office-admin'] },
  { section: 'audit', path: 'audit', roles: ['office-admin', 'platform-admin'] },
  { section: 'offices', path: 'kantor', roles: ['platform-admin'] },
];

/** Actions inside a section that only some of its roles may take. */
export const ACTIONS = {
  /** Claim, release, decide documents, approve, ask for a revision, reject (CASE_DECIDERS). */
  decideCases: ['verifier'],
  /** Revoke a permit of the office. */
  revokePermits: ['head-of-office'],
} as const satisfies Record<string, readonly Role[]>;

export type Action = keyof typeof ACTIONS;

export function mayAct(roles: readonly string[], action: Action): boolean {
  return (ACTIONS[action] as readonly string[]).some((role) => roles.includes(role));
}

/** The sections an officer with these roles sees, in navigation order. */
export function sectionsFor(roles: readonly string[]): typeof SECTIONS {
  return SECTIONS.filter((s) => s.roles.some((role) => roles.includes(role)));
}

export function pathOf(section: Section): string {
  return `/petugas/${SECTIONS.find((s) => s.section === section)?.path ?? ''}`;
}
