import { csrfRefusal, isSafeMethod, newCsrfToken, sameSecret } from './csrf';

const ORIGIN = 'https://mpp.example.go.id';

describe('CSRF check of state-changing calls of a session', () => {
  const token = newCsrfToken();

  it('makes tokens of 256 random bits', () => {
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(newCsrfToken()).not.toBe(token);
  });

  it('compares secrets whatever their lengths', () => {
    expect(sameSecret(token, token)).toBe(true);
    expect(sameSecret(token, `${token}x`)).toBe(false);
    expect(sameSecret(token, '')).toBe(false);
    expect(sameSecret(token, newCsrfToken())).toBe(false);
  });

  it('passes the session token from the same origin (Origin and Sec-Fetch-Site present or absent)', () => {
    expect(csrfRefusal({ 'x-csrf-token': token, origin: ORIGIN, 'sec-fetch-site': 'same-origin' }, token, ORIGIN)).toBeUndefined();
    expect(csrfRefusal({ 'x-csrf-token': token }, token, ORIGIN)).toBeUndefined();
  });

  it.each([
    [{}, 'the X-CSRF-Token header is missing'],
    [{ 'x-csrf-token': '' }, 'the X-CSRF-Token header is missing'],
    [{ 'x-csrf-token': 'wrong' }, 'the X-CSRF-Token header does not match the session'],
    [{ 'x-csrf-token': 'TOKEN', origin: 'https://evil.test' }, 'the request comes from another origin'],
    [{ 'x-csrf-token': 'TOKEN', origin: 'null' }, 'the request comes from another origin'],
    [{ 'x-csrf-token': 'TOKEN', 'sec-fetch-site': 'cross-site' }, 'the request comes from another site'],
    [{ 'x-csrf-token': 'TOKEN', 'sec-fetch-site': 'same-site' }, 'the request comes from another site'],
  ])('refuses %j', (headers, reason) => {
    const withToken = Object.fromEntries(Object.entries(headers).map(([k, v]) => [k, v === 'TOKEN' ? token : v]));
    expect(csrfRefusal(withToken, token, ORIGIN)).toBe(reason);
  });

  it('checks only methods that change something', () => {
    expect(['GET', 'HEAD', 'OPTIONS'].every(isSafeMethod)).toBe(true);
    expect(['POST', 'PUT', 'PATCH', 'DELETE'].some(isSafeMethod)).toBe(false);
  });
});
