import { Logger, UnauthorizedException } from '@nestjs/common';
import { DEVELOPMENT_ISSUER_MARKER, discoverJwksUri, KeySetUnavailableError, OfficerRole, TokenVerifier } from '@mpp/auth';
import { decodeJwt, decodeProtectedHeader } from 'jose';
import { DEMO_OFFICERS } from './demo-officers';
import { type DevIssuer, devIssuerEnvironmentRefusal, devIssuerHostRefusal, startDevIssuer } from './issuer';

describe('dev issuer', () => {
  let issuer: DevIssuer;
  let verifier: TokenVerifier;

  beforeAll(async () => {
    issuer = await startDevIssuer({ port: 0, env: 'test' });
    // No jwksUri: discovery at <issuer>/.well-known/openid-configuration, then the remote JWKS, over HTTP.
    verifier = new TokenVerifier({ issuer: issuer.url, audience: 'mpp-platform' });
  });
  afterAll(() => issuer?.stop());
  beforeEach(() => {
    jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
    jest.spyOn(Logger.prototype, 'debug').mockImplementation(() => undefined);
  });
  afterEach(() => jest.restoreAllMocks());

  const post = (body: string, contentType = 'application/json') =>
    fetch(`${issuer.url}/token`, { method: 'POST', headers: { 'content-type': contentType }, body });

  it('listens on an ephemeral port and reports it', () => {
    expect(issuer.port).toBeGreaterThan(0);
    expect(issuer.url).toBe(`http://127.0.0.1:${issuer.port}`);
  });

  it('serves an OpenID configuration naming itself, its JWKS and its token endpoint', async () => {
    const res = await fetch(`${issuer.url}/.well-known/openid-configuration`);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({
      issuer: issuer.url,
      jwks_uri: `${issuer.url}/jwks`,
      token_endpoint: `${issuer.url}/token`,
      id_token_signing_alg_values_supported: ['RS256'],
    });
    const jwks = (await (await fetch(`${issuer.url}/jwks`)).json()) as { keys: Record<string, unknown>[] };
    expect(jwks.keys).toHaveLength(1);
    expect(jwks.keys[0]).toMatchObject({ kty: 'RSA', alg: 'RS256', use: 'sig', kid: expect.any(String) });
    expect(jwks.keys[0]).not.toHaveProperty('d'); // public part only
  });

  it('mints a token (JSON body) that the platform TokenVerifier accepts through discovery and the remote JWKS', async () => {
    const res = await post(JSON.stringify({ username: 'salatiga.verifier' }));
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-store');
    const body = (await res.json()) as { access_token: string; token_type: string; expires_in: number };
    expect(body).toEqual({ access_token: expect.any(String), token_type: 'Bearer', expires_in: 3600 });
    expect(decodeProtectedHeader(body.access_token)).toMatchObject({ alg: 'RS256', kid: expect.any(String) });
    const claims = decodeJwt(body.access_token);
    expect(Number(claims.exp) - Number(claims.iat)).toBe(3600);
    expect(await verifier.verify(body.access_token)).toEqual({
      id: '00003373-0000-4000-8000-000000000002',
      username: 'salatiga.verifier',
      name: 'Dewi Lestari',
      roles: [OfficerRole.VERIFIER],
      office: '3373',
    });
  });

  it('mints a token from a form body too, and for every demo officer', async () => {
    const res = await post('username=platform.admin&grant_type=password', 'application/x-www-form-urlencoded');
    expect(res.status).toBe(200);
    const { access_token } = (await res.json()) as { access_token: string };
    expect(await verifier.verify(access_token)).toEqual(expect.objectContaining({ username: 'platform.admin', roles: ['platform-admin'] }));
    for (const officer of DEMO_OFFICERS) {
      const verified = await verifier.verify(await issuer.tokenFor(officer.username));
      expect(verified).toMatchObject({ id: officer.id, username: officer.username, roles: officer.roles });
      expect(verified.office).toBe(officer.office);
    }
  });

  it('answers 400 JSON for an unknown username or a missing one', async () => {
    const unknown = await post(JSON.stringify({ username: 'nobody' }));
    expect(unknown.status).toBe(400);
    expect(unknown.headers.get('content-type')).toMatch(/^application\/json/);
    expect(await unknown.json()).toEqual({ error: 'invalid_grant', error_description: expect.any(String) });
    const missing = await post('{}');
    expect(missing.status).toBe(400);
    const garbage = await post('{not json');
    expect(garbage.status).toBe(400);
    await expect(issuer.tokenFor('nobody')).rejects.toThrow(/unknown demo officer/);
  });

  it('lists the demo officers', async () => {
    const officers = (await (await fetch(`${issuer.url}/officers`)).json()) as { username: string; office?: string }[];
    expect(officers.map((o) => o.username)).toEqual(DEMO_OFFICERS.map((o) => o.username));
    expect(officers).toContainEqual({ username: 'salatiga.verifier', name: 'Dewi Lestari', roles: ['verifier'], office: '3373' });
    expect(officers).toContainEqual({ username: 'platform.admin', name: 'Admin Platform', roles: ['platform-admin'] });
  });

  it('answers 404 and 405 in JSON', async () => {
    expect((await fetch(`${issuer.url}/nothing`)).status).toBe(404);
    expect((await fetch(`${issuer.url}/token`)).status).toBe(405);
  });

  it('tokenFor overrides claims; the verifier refuses what it must', async () => {
    const refused = async (token: string) => expect(verifier.verify(token)).rejects.toBeInstanceOf(UnauthorizedException);
    await refused(await issuer.tokenFor('sragen.verifier', { office: undefined }));
    await refused(await issuer.tokenFor('sragen.verifier', { expiresIn: -3600 }));
    await refused(await issuer.tokenFor('sragen.verifier', { aud: 'account' }));
    await refused(await issuer.tokenFor('sragen.verifier', { iss: 'http://elsewhere.test' }));
    const promoted = await verifier.verify(await issuer.tokenFor('sragen.verifier', { roles: ['verifier', 'head-of-office'] }));
    expect(promoted.roles).toEqual([OfficerRole.HEAD_OF_OFFICE, OfficerRole.VERIFIER]);
    expect(decodeJwt(await issuer.tokenFor('sragen.verifier', { expiresIn: '5m' })).exp).toBeLessThanOrEqual(Math.floor(Date.now() / 1000) + 300);
  });
});

describe('dev issuer refusals', () => {
  const saved = process.env.NODE_ENV;
  afterEach(() => {
    if (saved === undefined) delete process.env.NODE_ENV;
    else process.env.NODE_ENV = saved;
  });

  it.each(['production', 'Production', 'prod', 'staging', 'DEVELOPMENT', ''])('refuses to start with NODE_ENV=%j', async (env) => {
    await expect(startDevIssuer({ port: 0, env })).rejects.toThrow(
      `starts only with NODE_ENV=development or NODE_ENV=test (got ${JSON.stringify(env)})`,
    );
  });

  it('refuses to start with NODE_ENV unset (a deployment that forgot it)', async () => {
    delete process.env.NODE_ENV;
    await expect(startDevIssuer({ port: 0 })).rejects.toThrow(devIssuerEnvironmentRefusal(undefined));
    await expect(startDevIssuer({ port: 0 })).rejects.toThrow(/got nothing/);
  });

  it('refuses to start when process.env.NODE_ENV is production', async () => {
    process.env.NODE_ENV = 'production';
    await expect(startDevIssuer({ port: 0 })).rejects.toThrow(/NODE_ENV=development or NODE_ENV=test \(got "production"\)/);
  });

  it.each(['0.0.0.0', '::', '192.168.1.10', 'issuer.example.go.id'])('refuses to listen on %s (not loopback)', async (host) => {
    await expect(startDevIssuer({ port: 0, env: 'development', host })).rejects.toThrow(devIssuerHostRefusal(host));
    await expect(startDevIssuer({ port: 0, env: 'development', host })).rejects.toThrow(/listens only on loopback \(127\.0\.0\.1, ::1, localhost/);
  });

  it.each([
    ['development', '127.0.0.1'],
    ['test', 'localhost'],
    ['development', '::1'],
  ])('starts with NODE_ENV=%s on %s', async (env, host) => {
    const issuer = await startDevIssuer({ port: 0, env, host });
    try {
      const res = await fetch(`http://${host === '::1' ? '[::1]' : host}:${issuer.port}/.well-known/openid-configuration`);
      expect(res.status).toBe(200);
    } finally {
      await issuer.stop();
    }
  });

  it('marks its discovery document so that a production service refuses it at any address', async () => {
    const issuer = await startDevIssuer({ port: 0, env: 'test' });
    try {
      const document = (await (await fetch(`${issuer.url}/.well-known/openid-configuration`)).json()) as Record<string, unknown>;
      expect(document[DEVELOPMENT_ISSUER_MARKER]).toBe(true);
      await expect(discoverJwksUri(issuer.url, fetch, true)).rejects.toThrow(
        new KeySetUnavailableError(`${issuer.url} is the development token issuer (mpp_development_issuer), refused with NODE_ENV=production`),
      );
      await expect(discoverJwksUri(issuer.url, fetch, false)).resolves.toBe(issuer.jwksUri);
    } finally {
      await issuer.stop();
    }
  });
});
