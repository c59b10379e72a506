import type { ReactNode } from 'react';

/** The officer signed in to the portal, as `GET /auth/session` describes them (never their tokens). */
export interface Officer {
  username: string;
  name: string;
  roles: string[];
  /** The office's 4-digit code; absent for a platform admin. */
  office?: string;
}

/** The signed-in officer, or undefined while unknown or when nobody is signed in. */
export function useOfficer(): Officer | undefined {
  return undefined;
}

/** The CSRF token the portal's backend expects on state-changing calls of a session (none yet). */
export function csrfToken(): string | undefined {
  return undefined;
}

/** Officer pages: shown only to a signed-in officer (the login arrives with the portal's OIDC client). */
export function RequireOfficer({ children }: { children: ReactNode }) {
  return <>{children}</>;
}
