import type { JWTPayload } from 'jose';
import type { Officer } from './officer';
import { isOfficeScoped, isOfficerRole, OFFICER_ROLES_BY_RANK, OfficerRole } from './roles';

/** A verified token whose claims do not describe an officer. `reason` is for the log, never the client. */
export class InvalidOfficerClaimsError extends Error {
  constructor(readonly reason: string) {
    super(`token claims refused: ${reason}`);
    this.name = 'InvalidOfficerClaimsError';
  }
}

/** The claims of an officer access token (Keycloak-shaped; the dev issuer mints the same). */
export interface OfficerClaims extends JWTPayload {
  sub?: string;
  preferred_username?: string;
  name?: string;
  /** Keycloak's realm roles; only the `OfficerRole` values count. */
  realm_access?: { roles?: unknown };
  /** 4-digit office code. */
  office?: unknown;
  /** Keycloak's token type claim: `Bearer` for access tokens, `ID` for ID tokens. */
  typ?: string;
}

const OFFICE = /^\d{4}$/;
const MAX_ID_LENGTH = 200;

/**
 * The one place that maps the claims of a signature-, issuer-, audience- and expiry-checked token onto an
 * `Officer`. Adapt this function to plug in an identity provider that names roles or the office differently.
 *
 * - `sub` (string, at most 200 characters) is the officer id;
 * - `preferred_username` is the username (falls back to `sub` when the provider has no such claim);
 * - `realm_access.roles`: values that are not `OfficerRole`s are ignored; at least one must remain;
 * - `office` (string of 4 digits) is required as soon as an office-scoped role (every role but
 *   platform-admin) is held, and must be well-formed whenever present;
 * - a `typ` claim other than `Bearer` (an ID or refresh token) is refused.
 */
export function officerFromClaims(claims: OfficerClaims): Officer {
  if (claims.typ !== undefined && String(claims.typ).toLowerCase() !== 'bearer') {
    throw new InvalidOfficerClaimsError('not an access token (typ claim)');
  }
  const { sub } = claims;
  if (typeof sub !== 'string' || sub.length === 0 || sub.length > MAX_ID_LENGTH) {
    throw new InvalidOfficerClaimsError('sub claim missing or malformed');
  }
  const username = claims.preferred_username ?? sub;
  if (typeof username !== 'string' || username.length === 0 || username.length > MAX_ID_LENGTH) {
    throw new InvalidOfficerClaimsError('preferred_username claim malformed');
  }
  if (claims.name !== undefined && typeof claims.name !== 'string') {
    throw new InvalidOfficerClaimsError('name claim malformed');
  }

  const rawRoles = claims.realm_access?.roles;
  const held = new Set(Array.isArray(rawRoles) ? rawRoles.filter(isOfficerRole) : []);
  const roles: OfficerRole[] = OFFICER_ROLES_BY_RANK.filter((role) => held.has(role));
  if (roles.length === 0) throw new InvalidOfficerClaimsError('no officer role in realm_access.roles');

  const { office } = claims;
  if (office !== undefined && (typeof office !== 'string' || !OFFICE.test(office))) {
    throw new InvalidOfficerClaimsError('office claim malformed');
  }
  if (office === undefined && roles.some(isOfficeScoped)) {
    throw new InvalidOfficerClaimsError('office claim missing for an office-scoped role');
  }

  return {
    id: sub,
    username,
    ...(claims.name ? { name: claims.name } : {}),
    roles,
    ...(office !== undefined ? { office } : {}),
  };
}
