import { hashTrackingCode, newTrackingCode, trackingCodeMatches } from './tracking-code';

describe('tracking codes', () => {
  it('are 12 unambiguous symbols in three groups, different every time', () => {
    const codes = new Set(Array.from({ length: 200 }, newTrackingCode));
    expect(codes.size).toBe(200);
    for (const code of codes) expect(code).toMatch(/^[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}$/);
  });

  it('are stored only as a hash and match regardless of case, dashes and spaces', () => {
    const code = newTrackingCode();
    const hash = hashTrackingCode(code);
    expect(hash).toMatch(/^[0-9a-f]{64}$/);
    expect(hash).not.toContain(code.replace(/-/g, '').toLowerCase());
    expect(trackingCodeMatches(code.toLowerCase().replace(/-/g, ' '), hash)).toBe(true);
    expect(trackingCodeMatches('AAAA-BBBB-CCCC', hash)).toBe(false);
    expect(trackingCodeMatches(code, 'not-a-hash')).toBe(false);
  });
});
