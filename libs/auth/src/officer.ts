import { ForbiddenException } from '@nestjs/common';
import type { EventActor } from '@mpp/contracts';
import { OFFICER_ROLES_BY_RANK, OfficerRole } from './roles';

/** The authenticated officer behind a request, taken from a verified access token. */
export interface Officer {
  /** Stable subject id (`sub`). */
  id: string;
  /** Login name (`preferred_username`). */
  username: string;
  /** Display name (`name`). */
  name?: string;
  /** The platform roles the officer holds (unknown roles of the token are dropped), highest first. */
  roles: OfficerRole[];
  /** 4-digit office code (`office` claim); present for every role except platform-admin. */
  office?: string;
}

/** True when the officer holds at least one of the given roles. */
export function hasRole(officer: Officer | undefined, ...roles: OfficerRole[]): boolean {
  return officer !== undefined && roles.some((role) => officer.roles.includes(role));
}

/** The officer's highest role (platform-admin > office-admin > head-of-office > verifier > front-desk). */
export function highestRole(officer: Officer): OfficerRole | undefined {
  return OFFICER_ROLES_BY_RANK.find((role) => officer.roles.includes(role));
}

/**
 * The event actor for something this officer did: `{ kind: 'officer', id, role, office }`, where `role` is
 * the officer's roles highest first, comma-separated (e.g. `head-of-office,verifier`), so that a consumer
 * can re-check what the originating officer was allowed to do.
 */
export function actorOf(officer: Officer): EventActor {
  const role = OFFICER_ROLES_BY_RANK.filter((r) => officer.roles.includes(r)).join(',');
  return {
    kind: 'officer',
    id: officer.id,
    ...(role ? { role } : {}),
    ...(officer.office ? { office: officer.office } : {}),
  };
}

/**
 * The office an officer acts for. Every office-scoped query filters on it; an officer without one (token
 * validation already prevents that for office roles) is refused rather than left unfiltered — an
 * `undefined` in a TypeORM `where` would silently match every office.
 */
export function officeOf(officer: Officer): string {
  if (!officer.office) throw new ForbiddenException('No office in the officer token');
  return officer.office;
}
