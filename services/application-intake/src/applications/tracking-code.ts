import { createHash, randomInt, timingSafeEqual } from 'node:crypto';

/** Crockford base32: no I, L, O, U, so codes read aloud at a counter are unambiguous. */
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/** A new tracking code: 12 random symbols (60 bits), shown as XXXX-XXXX-XXXX. */
export function newTrackingCode(): string {
  let code = '';
  for (let i = 0; i < 12; i++) code += ALPHABET[randomInt(ALPHABET.length)];
  return `${code.slice(0, 4)}-${code.slice(4, 8)}-${code.slice(8)}`;
}

/** Case, dashes and spaces do not matter when the entrepreneur types the code back. */
export function normaliseTrackingCode(code: string): string {
  return code.toUpperCase().replace(/[\s-]/g, '');
}

export function hashTrackingCode(code: string): string {
  return createHash('sha256').update(normaliseTrackingCode(code)).digest('hex');
}

/** A hash no code matches, compared when the application is unknown so both failures take the same time. */
const NO_SUCH_APPLICATION = '0'.repeat(64);

/**
 * Constant-time comparison of a presented code with a stored hash. Without a stored hash (unknown
 * application number) the comparison still runs, so a wrong code and an unknown number take the same time.
 */
export function trackingCodeMatches(presented: string, storedHash: string | undefined): boolean {
  const a = Buffer.from(hashTrackingCode(presented), 'hex');
  const b = Buffer.from(storedHash ?? NO_SUCH_APPLICATION, 'hex');
  return a.length === b.length && timingSafeEqual(a, b) && storedHash !== undefined;
}
