/** Where officers land when no (acceptable) page was asked for. */
export const DEFAULT_RETURN_TO = '/petugas';

const BASE = 'http://portal.invalid';

/**
 * The page to return to after login: only a same-origin path under /petugas (with its query), anything
 * else (another origin, `//host`, backslashes, control characters, dot segments climbing out) is /petugas.
 */
export function sanitizeReturnTo(value: unknown): string {
  if (typeof value !== 'string' || value.length === 0 || value.length > 2000) return DEFAULT_RETURN_TO;
  // eslint-disable-next-line no-control-regex -- control characters are exactly what is refused
  if (!value.startsWith('/') || value.startsWith('//') || value.includes('\\') || /[\x00-\x1f\x7f]/.test(value)) return DEFAULT_RETURN_TO;
  let url: URL;
  try {
    url = new URL(value, BASE);
  } catch {
    return DEFAULT_RETURN_TO;
  }
  if (url.origin !== BASE) return DEFAULT_RETURN_TO;
  if (url.pathname !== DEFAULT_RETURN_TO && !url.pathname.startsWith(`${DEFAULT_RETURN_TO}/`)) return DEFAULT_RETURN_TO;
  return `${url.pathname}${url.search}`;
}
