import { cookiePolicy, readCookie, serializeCookie } from './cookies';

describe('session cookies', () => {
  it('are Secure with the __Host- prefix behind https', () => {
    const policy = cookiePolicy('https://mpp.example.go.id');
    expect(policy).toEqual({ secure: true, sessionName: '__Host-mpp_session', loginName: '__Host-mpp_login' });
    expect(serializeCookie(policy, policy.sessionName, 'abc', 36000)).toBe('__Host-mpp_session=abc; Path=/; HttpOnly; SameSite=Lax; Max-Age=36000; Secure');
  });

  it.each(['http://localhost:3000', 'http://127.0.0.1:14004'])('are not Secure (no prefix) on %s', (origin) => {
    const policy = cookiePolicy(origin);
    expect(policy).toEqual({ secure: false, sessionName: 'mpp_session', loginName: 'mpp_login' });
    expect(serializeCookie(policy, policy.sessionName, 'abc', 60)).toBe('mpp_session=abc; Path=/; HttpOnly; SameSite=Lax; Max-Age=60');
  });

  it('deletes a cookie with Max-Age=0 and a past expiry', () => {
    const policy = cookiePolicy('https://mpp.example.go.id');
    expect(serializeCookie(policy, policy.sessionName, '', 0)).toBe(
      '__Host-mpp_session=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0; Expires=Thu, 01 Jan 1970 00:00:00 GMT; Secure',
    );
  });

  it('reads one cookie of a Cookie header', () => {
    expect(readCookie('a=1; mpp_session=xyz; b=2', 'mpp_session')).toBe('xyz');
    expect(readCookie('mpp_session_other=1', 'mpp_session')).toBeUndefined();
    expect(readCookie('mpp_session=', 'mpp_session')).toBeUndefined();
    expect(readCookie(undefined, 'mpp_session')).toBeUndefined();
  });
});
