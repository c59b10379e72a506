import { DEFAULT_RETURN_TO, sanitizeReturnTo } from './return-to';

describe('returnTo after login', () => {
  it.each([
    ['/petugas', '/petugas'],
    ['/petugas/', '/petugas/'],
    ['/petugas/berkas/MPP-3373-2026-000001', '/petugas/berkas/MPP-3373-2026-000001'],
    ['/petugas/antrian?status=baru&hal=2', '/petugas/antrian?status=baru&hal=2'],
    ['/petugas/a/../b', '/petugas/b'],
  ])('keeps a same-origin path under /petugas: %s', (value, expected) => {
    expect(sanitizeReturnTo(value)).toBe(expected);
  });

  it.each([
    undefined,
    '',
    42,
    ['/petugas'],
    'https://evil.test/petugas',
    '//evil.test/petugas',
    '/\\evil.test/petugas',
    '\\\\evil.test',
    '/petugas/../ajukan',
    '/petugas/%2e%2e/ajukan',
    '/petugasX',
    '/lacak',
    '/',
    'petugas',
    'javascript:alert(1)',
    '/petugas\r\nSet-Cookie: x=1',
    `/petugas/${'a'.repeat(2100)}`,
  ])('sends anything else to /petugas: %j', (value) => {
    expect(sanitizeReturnTo(value)).toBe(DEFAULT_RETURN_TO);
  });
});
