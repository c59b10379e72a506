import { createHash, randomBytes } from 'node:crypto';
import { Logger } from '@nestjs/common';
import { OfficerRole, TokenVerifier } from '@mpp/auth';
import { decodeJwt } from 'jose';
import { s256 } from './authorize';
import { type DevIssuer, startDevIssuer } from './issuer';

const REDIRECT = 'http://127.0.0.1:4999/auth/callback';

describe('dev issuer: authorization code flow with PKCE', () => {
  let issuer: DevIssuer;

  beforeAll(async () => {
    issuer = await startDevIssuer({ port: 0, env: 'test', redirectUris: [REDIRECT], codeLifetimeSeconds: 2 });
  });
  afterAll(() => issuer?.stop());
  beforeEach(() => jest.spyOn(Logger.prototype, 'debug').mockImplementation(() => undefined));
  afterEach(() => jest.restoreAllMocks());

  const verifierValue = () => randomBytes(32).toString('base64url');

  function authorizeParams(overrides: Record<string, string | undefined> = {}, verifier = verifierValue()) {
    const params: Record<string, string | undefined> = {
      response_type: 'code',
      client_id: 'mpp-portal',
      redirect_uri: REDIRECT,
      state: 'state-123',
      nonce: 'nonce-456',
      code_challenge: s256(verifier),
      code_challenge_method: 'S256',
      scope: 'openid profile',
      ...overrides,
    };
    return new URLSearchParams(Object.entries(params).filter((e): e is [string, string] => e[1] !== undefined));
  }

  /** Picks an officer on the login page (the form's POST), returning the redirect. */
  async function pick(username: string, params: URLSearchParams) {
    const form = new URLSearchParams(params);
    form.set('username', username);
    return fetch(`${issuer.url}/authorize`, { method: 'POST', body: form, redirect: 'manual', headers: { 'content-type': 'application/x-www-form-urlencoded' } });
  }

  async function codeFor(username: string, verifier: string) {
    const res = await pick(username, authorizeParams({}, verifier));
    expect(res.status).toBe(303);
    const location = new URL(res.headers.get('location') ?? '');
    return location.searchParams.get('code') ?? '';
  }

  const redeem = (form: Record<string, string>) =>
    fetch(`${issuer.url}/token`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(form) });

  it('computes the S256 challenge as base64url(SHA-256(verifier)), 43 characters', () => {
    const verifier = verifierValue();
    expect(s256(verifier)).toBe(createHash('sha256').update(verifier).digest('base64url'));
    expect(s256(verifier)).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });

  it('advertises the authorization endpoint, PKCE S256 and the end-session endpoint', async () => {
    const document = (await (await fetch(`${issuer.url}/.well-known/openid-configuration`)).json()) as Record<string, unknown>;
    expect(document).toMatchObject({
      authorization_endpoint: `${issuer.url}/authorize`,
      end_session_endpoint: `${issuer.url}/logout`,
      code_challenge_methods_supported: ['S256'],
      response_types_supported: ['code'],
    });
  });

  it('shows a login page in Bahasa Indonesia listing the demo officers, without script', async () => {
    const res = await fetch(`${issuer.url}/authorize?${authorizeParams()}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    expect(res.headers.get('content-security-policy')).toContain("default-src 'none'");
    expect(res.headers.get('content-security-policy')).toContain('form-action \'self\' http://127.0.0.1:4999');
    const html = await res.text();
    expect(html).toContain('<html lang="id">');
    expect(html).toContain('Dewi Lestari');
    expect(html).toContain('Verifikator');
    expect(html).toContain('DPMPTSP Kota Salatiga');
    expect(html).not.toContain('<script');
    expect(html).toContain('name="code_challenge"');
  });

  it('never redirects to an unregistered redirect URI or for an unknown client (a page instead)', async () => {
    const elsewhere = await fetch(`${issuer.url}/authorize?${authorizeParams({ redirect_uri: 'https://evil.test/cb' })}`, { redirect: 'manual' });
    expect(elsewhere.status).toBe(400);
    expect(await elsewhere.text()).toContain('redirect_uri is not registered');
    const client = await fetch(`${issuer.url}/authorize?${authorizeParams({ client_id: 'other' })}`, { redirect: 'manual' });
    expect(client.status).toBe(400);
    const picked = await pick('salatiga.verifier', authorizeParams({ redirect_uri: 'http://127.0.0.1:4999/other' }));
    expect(picked.status).toBe(400);
  });

  it.each([
    [{ code_challenge_method: 'plain' }, 'code_challenge_method must be S256'],
    [{ code_challenge_method: undefined }, 'code_challenge_method must be S256'],
    [{ code_challenge: undefined }, 'code_challenge must be'],
    [{ state: undefined }, 'state is required'],
    [{ nonce: undefined }, 'nonce is required'],
    [{ response_type: 'token' }, 'response_type must be code'],
  ])('redirects back with an OAuth error for %j', async (overrides, description) => {
    const res = await fetch(`${issuer.url}/authorize?${authorizeParams(overrides)}`, { redirect: 'manual' });
    expect(res.status).toBe(303);
    const location = new URL(res.headers.get('location') ?? '');
    expect(location.origin + location.pathname).toBe(REDIRECT);
    expect(location.searchParams.get('error')).toMatch(/invalid_request|unsupported_response_type/);
    expect(location.searchParams.get('error_description')).toContain(description);
  });

  it('redirects with code and state, and redeems the code once for an access token and an ID token with the nonce', async () => {
    const verifier = verifierValue();
    const res = await pick('salatiga.verifier', authorizeParams({}, verifier));
    expect(res.status).toBe(303);
    const location = new URL(res.headers.get('location') ?? '');
    expect(location.origin + location.pathname).toBe(REDIRECT);
    expect(location.searchParams.get('state')).toBe('state-123');
    expect(location.searchParams.get('iss')).toBe(issuer.url);
    const code = location.searchParams.get('code') ?? '';
    expect(code.length).toBeGreaterThanOrEqual(43);

    const form = { grant_type: 'authorization_code', code, redirect_uri: REDIRECT, client_id: 'mpp-portal', code_verifier: verifier };
    const token = await redeem(form);
    expect(token.status).toBe(200);
    expect(token.headers.get('cache-control')).toBe('no-store');
    const body = (await token.json()) as { access_token: string; id_token: string; token_type: string; expires_in: number };
    expect(body).toMatchObject({ token_type: 'Bearer', expires_in: 3600 });
    const officer = await new TokenVerifier({ issuer: issuer.url, audience: 'mpp-platform' }).verify(body.access_token);
    expect(officer).toMatchObject({ username: 'salatiga.verifier', roles: [OfficerRole.VERIFIER], office: '3373' });
    expect(decodeJwt(body.id_token)).toMatchObject({ iss: issuer.url, aud: 'mpp-portal', nonce: 'nonce-456', sub: officer.id, typ: 'ID' });

    const replayed = await redeem(form);
    expect(replayed.status).toBe(400);
    expect(await replayed.json()).toEqual({ error: 'invalid_grant', error_description: 'unknown, expired or already used code' });
  });

  it('refuses a wrong PKCE verifier (and the code is then spent)', async () => {
    const verifier = verifierValue();
    const code = await codeFor('sragen.frontdesk', verifier);
    const wrong = await redeem({ grant_type: 'authorization_code', code, redirect_uri: REDIRECT, client_id: 'mpp-portal', code_verifier: verifierValue() });
    expect(wrong.status).toBe(400);
    expect(await wrong.json()).toEqual({ error: 'invalid_grant', error_description: 'code_verifier does not match the code_challenge' });
    const right = await redeem({ grant_type: 'authorization_code', code, redirect_uri: REDIRECT, client_id: 'mpp-portal', code_verifier: verifier });
    expect(right.status).toBe(400);
  });

  it('refuses a missing verifier, a redirect_uri other than the request one and an expired code', async () => {
    const verifier = verifierValue();
    const missing = await redeem({ grant_type: 'authorization_code', code: await codeFor('tarakan.verifier', verifier), redirect_uri: REDIRECT, client_id: 'mpp-portal' });
    expect(missing.status).toBe(400);
    expect(await missing.json()).toMatchObject({ error: 'invalid_request' });

    const otherRedirect = await redeem({
      grant_type: 'authorization_code',
      code: await codeFor('tarakan.verifier', verifier),
      redirect_uri: 'http://127.0.0.1:4999/elsewhere',
      client_id: 'mpp-portal',
      code_verifier: verifier,
    });
    expect(otherRedirect.status).toBe(400);
    expect(await otherRedirect.json()).toEqual({ error: 'invalid_grant', error_description: 'redirect_uri does not match the authorization request' });

    const code = await codeFor('tarakan.verifier', verifier);
    await new Promise((resolve) => setTimeout(resolve, 2100));
    const expired = await redeem({ grant_type: 'authorization_code', code, redirect_uri: REDIRECT, client_id: 'mpp-portal', code_verifier: verifier });
    expect(expired.status).toBe(400);
    expect(await expired.json()).toMatchObject({ error: 'invalid_grant' });
  });

  it('ends the session back to a registered origin only', async () => {
    const back = await fetch(`${issuer.url}/logout?post_logout_redirect_uri=${encodeURIComponent('http://127.0.0.1:4999/')}`, { redirect: 'manual' });
    expect(back.status).toBe(303);
    expect(back.headers.get('location')).toBe('http://127.0.0.1:4999/');
    const elsewhere = await fetch(`${issuer.url}/logout?post_logout_redirect_uri=${encodeURIComponent('https://evil.test/')}`, { redirect: 'manual' });
    expect(elsewhere.status).toBe(200);
    expect(await elsewhere.text()).toContain('Anda telah keluar');
  });
});
