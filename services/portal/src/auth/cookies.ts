/**
 * The portal's cookies: the session id (httpOnly, SameSite=Lax, Path=/, Secure and `__Host-` prefixed
 * unless the portal is reached over plain http on localhost) and the short-lived login-flow cookie.
 */
export interface CookiePolicy {
  secure: boolean;
  sessionName: string;
  loginName: string;
}

/** Secure cookies whenever the public address is https (production refuses anything else but localhost). */
export function cookiePolicy(publicOrigin: string): CookiePolicy {
  const secure = new URL(publicOrigin).protocol === 'https:';
  return {
    secure,
    sessionName: secure ? '__Host-mpp_session' : 'mpp_session',
    loginName: secure ? '__Host-mpp_login' : 'mpp_login',
  };
}

/** A Set-Cookie value: httpOnly, SameSite=Lax, Path=/, Secure per the policy; `maxAgeSeconds` 0 deletes it. */
export function serializeCookie(policy: CookiePolicy, name: string, value: string, maxAgeSeconds: number): string {
  const parts = [`${name}=${value}`, 'Path=/', 'HttpOnly', 'SameSite=Lax', `Max-Age=${Math.max(0, Math.floor(maxAgeSeconds))}`];
  if (maxAgeSeconds <= 0) parts.push('Expires=Thu, 01 Jan 1970 00:00:00 GMT');
  if (policy.secure) parts.push('Secure');
  return parts.join('; ');
}

/** The value of one cookie of a Cookie header (the first one of that name), or undefined. */
export function readCookie(header: string | undefined, name: string): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0) continue;
    if (part.slice(0, eq).trim() === name) {
      const value = part.slice(eq + 1).trim();
      return value.length > 0 ? value : undefined;
    }
  }
  return undefined;
}
