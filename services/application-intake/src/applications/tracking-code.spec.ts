import { DEVELOPMENT_PEPPER, newTrackingCode, TrackingCodeSecrets, trackingCodeSecretsFrom } from './tracking-code';
import { createHash } from 'node:crypto';

const CURRENT = 'c'.repeat(16) + '-current-pepper-0123456789';
const OLDER = 'o'.repeat(16) + '-older-pepper-0123456789';

describe('tracking codes', () => {
  it('are 12 unambiguous symbols in three groups, different every time', () => {
    const codes = new Set(Array.from({ length: 200 }, newTrackingCode));
    expect(codes.size).toBe(200);
    for (const code of codes) expect(code).toMatch(/^[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}$/);
  });

  it('are stored only as a keyed hash naming its pepper, and match regardless of case, dashes and spaces', () => {
    const codes = new TrackingCodeSecrets([CURRENT]);
    const code = newTrackingCode();
    const hash = codes.hash(code);
    expect(hash).toMatch(/^hmac-sha256:[0-9a-f]{8}:[0-9a-f]{64}$/);
    expect(hash).not.toContain(code.replace(/-/g, '').toLowerCase());
    // Not the plain SHA-256 a stolen table could be searched against.
    expect(hash).not.toContain(createHash('sha256').update(code.replace(/-/g, '')).digest('hex'));
    expect(codes.compare(code.toLowerCase().replace(/-/g, ' '), hash)).toEqual({ matches: true, stale: false });
    expect(codes.compare('AAAA-BBBB-CCCC', hash)).toEqual({ matches: false, stale: false });
    expect(codes.compare(code, 'not-a-hash').matches).toBe(false);
    expect(codes.compare(code, undefined).matches).toBe(false);
  });

  it('depend on the pepper: another pepper does not match, an older one still does and is marked stale', () => {
    const code = newTrackingCode();
    const old = new TrackingCodeSecrets([OLDER]).hash(code);
    expect(new TrackingCodeSecrets([CURRENT]).compare(code, old).matches).toBe(false);
    const rotated = new TrackingCodeSecrets([CURRENT, OLDER]);
    expect(rotated.compare(code, old)).toEqual({ matches: true, stale: true });
    expect(rotated.compare(code, rotated.hash(code))).toEqual({ matches: true, stale: false });
  });

  it('still match a plain SHA-256 hash from before peppers, marked stale so it is keyed again', () => {
    const code = newTrackingCode();
    const legacy = createHash('sha256').update(code.replace(/-/g, '')).digest('hex');
    expect(new TrackingCodeSecrets([CURRENT]).compare(code, legacy)).toEqual({ matches: true, stale: true });
    expect(new TrackingCodeSecrets([CURRENT]).compare('AAAA-BBBB-CCCC', legacy).matches).toBe(false);
  });

  it('are sealed for an idempotent replay: opened only with the same context and a known pepper', () => {
    const codes = new TrackingCodeSecrets([CURRENT]);
    const code = newTrackingCode();
    const sealed = codes.seal(code, 'public:key-1');
    expect(sealed).not.toContain(code);
    expect(codes.unseal(sealed, 'public:key-1')).toBe(code);
    expect(codes.unseal(sealed, 'public:key-2')).toBeUndefined();
    expect(codes.unseal(sealed.slice(0, -2) + 'AA', 'public:key-1')).toBeUndefined();
    expect(new TrackingCodeSecrets([OLDER]).unseal(sealed, 'public:key-1')).toBeUndefined();
    expect(new TrackingCodeSecrets([OLDER, CURRENT]).unseal(sealed, 'public:key-1')).toBe(code);
  });

  it('need a configured pepper in production; elsewhere the development pepper stands in', () => {
    expect(() => trackingCodeSecretsFrom(undefined, 'production')).toThrow(/TRACKING_CODE_PEPPERS/);
    const code = newTrackingCode();
    expect(trackingCodeSecretsFrom(undefined, 'test').compare(code, new TrackingCodeSecrets([DEVELOPMENT_PEPPER]).hash(code)).matches).toBe(true);
    expect(trackingCodeSecretsFrom(`${CURRENT},${OLDER}`, 'production').compare(code, new TrackingCodeSecrets([OLDER]).hash(code))).toEqual({ matches: true, stale: true });
  });
});
