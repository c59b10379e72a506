import { Logger, ServiceUnavailableException, UnauthorizedException } from '@nestjs/common';
import { generateKeyPair, generateSecret, SignJWT } from 'jose';
import { actorOf, hasRole, highestRole } from './officer';
import { OfficerRole } from './roles';
import { base64url, signToken, TEST_AUDIENCE, TEST_ISSUER, type TestKeys, testKeys, VERIFIER_CLAIMS } from './testing-keys';
import { INVALID_TOKEN_MESSAGE, TokenVerifier } from './token-verifier';

describe('TokenVerifier', () => {
  let keys: TestKeys;
  let verifier: TokenVerifier;
  let warn: jest.SpyInstance;

  beforeAll(async () => {
    keys = await testKeys();
    verifier = new TokenVerifier({ issuer: TEST_ISSUER, audience: TEST_AUDIENCE }, keys.jwks);
  });
  beforeEach(() => {
    warn = jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
    jest.spyOn(Logger.prototype, 'debug').mockImplementation(() => undefined);
  });
  afterEach(() => jest.restoreAllMocks());

  /** Expects a generic 401 that echoes nothing of the token, in the response or in the log. */
  async function expectRefused(token: string, reason?: RegExp) {
    warn.mockClear();
    const error = await verifier.verify(token).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UnauthorizedException);
    expect((error as UnauthorizedException).message).toBe(INVALID_TOKEN_MESSAGE);
    expect(warn).toHaveBeenCalledTimes(1);
    const logged = String(warn.mock.calls[0][0]);
    if (reason) expect(logged).toMatch(reason);
    for (const part of token.split('.').filter((p) => p.length > 8)) expect(logged).not.toContain(part);
  }

  it('accepts a valid token and maps it to an Officer (unknown realm roles ignored)', async () => {
    const officer = await verifier.verify(await signToken(keys, VERIFIER_CLAIMS));
    expect(officer).toEqual({
      id: VERIFIER_CLAIMS.sub,
      username: 'salatiga.verifier',
      name: 'Dewi Lestari',
      roles: [OfficerRole.VERIFIER],
      office: '3373',
    });
  });

  it('accepts an audience array that contains the platform audience (Keycloak: ["mpp-platform", "account"])', async () => {
    const token = await signToken(keys, VERIFIER_CLAIMS, { audience: ['account', TEST_AUDIENCE] });
    await expect(verifier.verify(token)).resolves.toMatchObject({ username: 'salatiga.verifier' });
  });

  it('accepts a platform admin without an office', async () => {
    const token = await signToken(keys, {
      sub: 'admin-1',
      preferred_username: 'platform.admin',
      realm_access: { roles: ['platform-admin'] },
    });
    const officer = await verifier.verify(token);
    expect(officer).toEqual({ id: 'admin-1', username: 'platform.admin', roles: [OfficerRole.PLATFORM_ADMIN] });
    expect(actorOf(officer)).toEqual({ kind: 'officer', id: 'admin-1', role: 'platform-admin' });
  });

  it('tolerates a small clock skew but not more', async () => {
    await expect(verifier.verify(await signToken(keys, VERIFIER_CLAIMS, { expiresIn: -10 }))).resolves.toBeDefined();
    await expectRefused(await signToken(keys, VERIFIER_CLAIMS, { expiresIn: -120 }), /ERR_JWT_EXPIRED/);
  });

  it('refuses an empty or malformed token', async () => {
    await expectRefused('');
    await expectRefused('not-a-jwt');
  });

  it('refuses a token of another issuer', async () => {
    await expectRefused(await signToken(keys, VERIFIER_CLAIMS, { issuer: 'https://evil.test/realms/mpp' }), /"iss"/);
  });

  it('refuses a token for another audience', async () => {
    await expectRefused(await signToken(keys, VERIFIER_CLAIMS, { audience: 'account' }), /"aud"/);
  });

  it('refuses an unsigned token (alg: none)', async () => {
    const now = Math.floor(Date.now() / 1000);
    const header = base64url({ alg: 'none', typ: 'JWT' });
    const payload = base64url({ ...VERIFIER_CLAIMS, iss: TEST_ISSUER, aud: TEST_AUDIENCE, iat: now, exp: now + 300 });
    await expectRefused(`${header}.${payload}.`);
    await expectRefused(`${header}.${payload}`);
  });

  it('refuses an HS256 token, even one keyed with the public key (algorithm confusion)', async () => {
    const secret = await generateSecret('HS256');
    const hs = await new SignJWT(VERIFIER_CLAIMS)
      .setProtectedHeader({ alg: 'HS256', kid: keys.publicJwk.kid })
      .setIssuer(TEST_ISSUER)
      .setAudience(TEST_AUDIENCE)
      .setIssuedAt()
      .setExpirationTime('5m')
      .sign(secret);
    await expectRefused(hs, /ERR_JOSE_ALG_NOT_ALLOWED/);
    const confused = await new SignJWT(VERIFIER_CLAIMS)
      .setProtectedHeader({ alg: 'HS256', kid: keys.publicJwk.kid })
      .setIssuer(TEST_ISSUER)
      .setAudience(TEST_AUDIENCE)
      .setExpirationTime('5m')
      .sign(new TextEncoder().encode(JSON.stringify(keys.publicJwk)));
    await expectRefused(confused, /ERR_JOSE_ALG_NOT_ALLOWED/);
  });

  it('refuses a token signed by another key, with the same or an unknown kid', async () => {
    const other = await generateKeyPair('RS256');
    await expectRefused(await signToken(keys, VERIFIER_CLAIMS, { key: other.privateKey }), /SIGNATURE_VERIFICATION_FAILED/);
    await expectRefused(await signToken(keys, VERIFIER_CLAIMS, { key: other.privateKey, kid: 'other' }), /NO_MATCHING_KEY/);
  });

  it('refuses a token without exp or sub', async () => {
    const noExp = await new SignJWT(VERIFIER_CLAIMS)
      .setProtectedHeader({ alg: 'RS256', kid: keys.publicJwk.kid })
      .setIssuer(TEST_ISSUER)
      .setAudience(TEST_AUDIENCE)
      .sign(keys.privateKey);
    await expectRefused(noExp, /"exp"/);
    const { sub: _sub, ...withoutSub } = VERIFIER_CLAIMS;
    await expectRefused(await signToken(keys, withoutSub), /"sub"/);
  });

  it('refuses a verifier, front desk, head of office or office admin without a valid office claim', async () => {
    const { office: _office, ...noOffice } = VERIFIER_CLAIMS;
    await expectRefused(await signToken(keys, noOffice), /office claim missing/);
    for (const role of ['front-desk', 'head-of-office', 'office-admin']) {
      await expectRefused(await signToken(keys, { ...noOffice, realm_access: { roles: [role] } }), /office claim missing/);
    }
    for (const office of ['337', '33730', 3373, ['3373'], '']) {
      await expectRefused(await signToken(keys, { ...VERIFIER_CLAIMS, office }), /office claim malformed/);
    }
    // An office-scoped role next to platform-admin still needs the office.
    await expectRefused(await signToken(keys, { ...noOffice, realm_access: { roles: ['platform-admin', 'verifier'] } }), /office/);
  });

  it('refuses a token with no officer role, and an ID token (typ: ID)', async () => {
    await expectRefused(await signToken(keys, { ...VERIFIER_CLAIMS, realm_access: { roles: ['default-roles-mpp'] } }), /no officer role/);
    await expectRefused(await signToken(keys, { ...VERIFIER_CLAIMS, realm_access: undefined }), /no officer role/);
    await expectRefused(await signToken(keys, { ...VERIFIER_CLAIMS, typ: 'ID' }), /typ/);
  });

  it('answers 503 (not 401) when the key set cannot be fetched', async () => {
    const error = jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
    try {
      const down = new TokenVerifier({ issuer: TEST_ISSUER, audience: TEST_AUDIENCE, jwksUri: 'http://127.0.0.1:9/certs' });
      await expect(down.verify(await signToken(keys, VERIFIER_CLAIMS))).rejects.toBeInstanceOf(ServiceUnavailableException);
    } finally {
      error.mockRestore();
    }
  });
});

describe('Officer helpers', () => {
  const officer = { id: 'u1', username: 'x', roles: [OfficerRole.HEAD_OF_OFFICE, OfficerRole.VERIFIER], office: '3314' };

  it('hasRole is true when any of the roles is held', () => {
    expect(hasRole(officer, OfficerRole.VERIFIER)).toBe(true);
    expect(hasRole(officer, OfficerRole.FRONT_DESK, OfficerRole.HEAD_OF_OFFICE)).toBe(true);
    expect(hasRole(officer, OfficerRole.PLATFORM_ADMIN)).toBe(false);
    expect(hasRole(undefined, OfficerRole.VERIFIER)).toBe(false);
  });

  it('actorOf lists the roles highest first, with the office', () => {
    expect(highestRole(officer)).toBe(OfficerRole.HEAD_OF_OFFICE);
    expect(actorOf(officer)).toEqual({ kind: 'officer', id: 'u1', role: 'head-of-office,verifier', office: '3314' });
  });
});
