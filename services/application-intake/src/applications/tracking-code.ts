import { createCipheriv, createDecipheriv, createHash, createHmac, randomBytes, randomInt, timingSafeEqual } from 'node:crypto';

/**
 * Tracking codes: the entrepreneur's secret for following an application. Only a keyed hash is stored:
 * HMAC-SHA-256 under a server-side pepper (`TRACKING_CODE_PEPPERS`), so a copy of the database alone does
 * not let anyone try the 2^60 codes offline. The stored value names the pepper it was made with
 * (`hmac-sha256:<key id>:<hex>`): peppers rotate by putting a new one first in the list and keeping the old
 * ones after it until no stored hash uses them; a code presented under an older pepper (or a plain SHA-256
 * hash from before peppers) still matches and is hashed again under the current one.
 */

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

/** Used only outside production when no pepper is configured (development, tests). */
export const DEVELOPMENT_PEPPER = 'development-only-tracking-code-pepper-not-secret';

const SCHEME = 'hmac-sha256';

export interface Pepper {
  /** Short public name of the pepper, stored beside each hash (not the secret). */
  id: string;
  secret: string;
}

export function pepper(secret: string): Pepper {
  return { id: createHash('sha256').update(`mpp-tracking-code-pepper:${secret}`).digest('hex').slice(0, 8), secret };
}

/** How a presented code compares with a stored hash. */
export interface TrackingCodeMatch {
  matches: boolean;
  /** It matched a hash made under an older pepper (or none): store `hashTrackingCode` again. */
  stale: boolean;
}

/** A hash no code matches, compared when the application is unknown so both failures take the same time. */
const NO_SUCH_APPLICATION = '0'.repeat(64);

export class TrackingCodeSecrets {
  private readonly current: Pepper;
  private readonly byId: Map<string, Pepper>;

  /** `peppers`: the current one first, then older ones still in use. */
  constructor(peppers: readonly string[]) {
    if (peppers.length === 0) throw new Error('at least one tracking-code pepper is needed');
    const all = peppers.map(pepper);
    this.current = all[0];
    this.byId = new Map(all.map((p) => [p.id, p]));
  }

  /** The value to store for a code: `hmac-sha256:<pepper id>:<hex>`. */
  hash(code: string): string {
    return `${SCHEME}:${this.current.id}:${this.digest(this.current, code)}`;
  }

  /**
   * Constant-time comparison of a presented code with a stored hash. Without a stored hash (unknown
   * application number) a comparison still runs, so a wrong code and an unknown number take the same time.
   */
  compare(presented: string, stored: string | undefined): TrackingCodeMatch {
    const [scheme, id, hex] = (stored ?? '').split(':');
    let expected: string;
    let computed: string;
    let stale: boolean;
    if (scheme === SCHEME && this.byId.has(id)) {
      const used = this.byId.get(id) as Pepper;
      expected = hex;
      computed = this.digest(used, presented);
      stale = used !== this.current;
    } else {
      // A plain SHA-256 hash from before peppers, or no application: compare anyway.
      expected = stored && /^[0-9a-f]{64}$/.test(stored) ? stored : NO_SUCH_APPLICATION;
      computed = createHash('sha256').update(normaliseTrackingCode(presented)).digest('hex');
      stale = true;
    }
    const a = Buffer.from(computed, 'hex');
    const b = Buffer.from(expected ?? '', 'hex');
    const matches = a.length === b.length && timingSafeEqual(a, b) && stored !== undefined;
    return { matches, stale: matches && stale };
  }

  /**
   * Encrypts a code for the idempotency record (AES-256-GCM), under a key derived from the current pepper
   * and the caller's idempotency key: the stored answer can be replayed to whoever presents the key again,
   * and neither a copy of the database nor the key alone reveals the code.
   */
  seal(code: string, context: string): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.sealingKey(this.current, context), iv);
    const sealed = Buffer.concat([cipher.update(code, 'utf8'), cipher.final()]);
    return [this.current.id, iv, cipher.getAuthTag(), sealed].map((p) => (typeof p === 'string' ? p : p.toString('base64url'))).join('.');
  }

  /** The code sealed with `seal` for the same context; undefined when it cannot be opened (pepper retired, tampered). */
  unseal(sealed: string, context: string): string | undefined {
    const [id, iv, tag, data] = sealed.split('.');
    const used = this.byId.get(id);
    if (!used || !iv || !tag || !data) return undefined;
    try {
      const decipher = createDecipheriv('aes-256-gcm', this.sealingKey(used, context), Buffer.from(iv, 'base64url'));
      decipher.setAuthTag(Buffer.from(tag, 'base64url'));
      return Buffer.concat([decipher.update(Buffer.from(data, 'base64url')), decipher.final()]).toString('utf8');
    } catch {
      return undefined;
    }
  }

  private digest(used: Pepper, code: string): string {
    return createHmac('sha256', used.secret).update(normaliseTrackingCode(code)).digest('hex');
  }

  private sealingKey(used: Pepper, context: string): Buffer {
    return createHmac('sha256', used.secret).update(`mpp-idempotency-answer:${context}`).digest();
  }
}

/** The secrets from `TRACKING_CODE_PEPPERS` (validated by IntakeEnv); the development pepper outside production. */
export function trackingCodeSecretsFrom(peppers: string | undefined, nodeEnv: string | undefined): TrackingCodeSecrets {
  if (peppers) return new TrackingCodeSecrets(peppers.split(','));
  if (nodeEnv === 'production') throw new Error('TRACKING_CODE_PEPPERS is required in production');
  return new TrackingCodeSecrets([DEVELOPMENT_PEPPER]);
}
