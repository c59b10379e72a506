import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';

/** The header the web app sends the session's CSRF token in. */
export const CSRF_HEADER = 'x-csrf-token';

export function newCsrfToken(): string {
  return randomBytes(32).toString('base64url');
}

/** Constant-time comparison of two strings (hashed first, so that their lengths do not matter). */
export function sameSecret(a: string, b: string): boolean {
  const digest = (value: string) => createHash('sha256').update(value, 'utf8').digest();
  return timingSafeEqual(digest(a), digest(b)) && a.length === b.length;
}

/** Methods that change nothing (never CSRF-checked). */
export function isSafeMethod(method: string): boolean {
  return method === 'GET' || method === 'HEAD' || method === 'OPTIONS';
}

/**
 * Why a state-changing request of a session is refused, or undefined when it passes: it must carry the
 * session's token in X-CSRF-Token, and its Origin (when sent) must be the portal's, its Sec-Fetch-Site (when
 * sent) `same-origin`.
 */
export function csrfRefusal(headers: IncomingHttpHeaders, sessionToken: string, publicOrigin: string): string | undefined {
  const origin = headers.origin;
  if (origin !== undefined && origin !== publicOrigin) return 'the request comes from another origin';
  const site = headers['sec-fetch-site'];
  if (site !== undefined && site !== 'same-origin') return 'the request comes from another site';
  const token = headers[CSRF_HEADER];
  if (typeof token !== 'string' || token.length === 0) return 'the X-CSRF-Token header is missing';
  if (!sameSecret(token, sessionToken)) return 'the X-CSRF-Token header does not match the session';
  return undefined;
}
