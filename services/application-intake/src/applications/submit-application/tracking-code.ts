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

/** Constant-time comparison of a presented code with a stored hash. */
export function trackingCodeMatches(presented: string, storedHash: string): boolean {
  const a = Buffer.from(hashTrackingCode(presented), 'hex');
  const b = Buffer.from(storedHash, 'hex');
  return a.length === b.length && timingSafeEqual(a, b);
}
