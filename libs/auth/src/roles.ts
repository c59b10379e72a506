/**
 * The roles an MPP officer can hold. The values are the realm roles of the identity provider (Keycloak
 * realm `mpp`, see deploy/keycloak/mpp-realm.json) and arrive in the token's `realm_access.roles`.
 */
export enum OfficerRole {
  /** Counter staff: takes applications on behalf of entrepreneurs. */
  FRONT_DESK = 'front-desk',
  /** Checks documents of applications that need an officer. */
  VERIFIER = 'verifier',
  /** Signs off (approves or rejects) in the office. */
  HEAD_OF_OFFICE = 'head-of-office',
  /** Manages the office's officers and settings. */
  OFFICE_ADMIN = 'office-admin',
  /** Runs the deployment for every office; the only role without an office. */
  PLATFORM_ADMIN = 'platform-admin',
}

/** Every role, highest first (the order `actorOf` lists an officer's roles in). */
export const OFFICER_ROLES_BY_RANK: readonly OfficerRole[] = [
  OfficerRole.PLATFORM_ADMIN,
  OfficerRole.OFFICE_ADMIN,
  OfficerRole.HEAD_OF_OFFICE,
  OfficerRole.VERIFIER,
  OfficerRole.FRONT_DESK,
];

const ROLE_VALUES = new Set<string>(Object.values(OfficerRole));

export function isOfficerRole(value: unknown): value is OfficerRole {
  return typeof value === 'string' && ROLE_VALUES.has(value);
}

/** Roles that act for one office and so need the token's `office` claim (all but platform-admin). */
export function isOfficeScoped(role: OfficerRole): boolean {
  return role !== OfficerRole.PLATFORM_ADMIN;
}
