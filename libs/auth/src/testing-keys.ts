/**
 * Test helpers (used by the specs of this library only; not exported from the index): an RS256 key
 * pair with a local JWKS, and a token signer with Keycloak-shaped officer claims.
 */
import { createLocalJWKSet, exportJWK, generateKeyPair, type JWK, type KeyLike, SignJWT } from 'jose';
import type { JwksResolver } from './jwks';

export const TEST_ISSUER = 'https://idp.test/realms/mpp';
export const TEST_AUDIENCE = 'mpp-platform';

export interface TestKeys {
  privateKey: KeyLike;
  publicJwk: JWK;
  jwks: JwksResolver;
}

export async function testKeys(kid = 'test-key-1'): Promise<TestKeys> {
  const { privateKey, publicKey } = await generateKeyPair('RS256');
  const publicJwk = { ...(await exportJWK(publicKey)), kid, alg: 'RS256', use: 'sig' };
  return { privateKey, publicJwk, jwks: createLocalJWKSet({ keys: [publicJwk] }) };
}

export const VERIFIER_CLAIMS = {
  sub: '00003373-0000-4000-8000-000000000002',
  preferred_username: 'salatiga.verifier',
  name: 'Dewi Lestari',
  realm_access: { roles: ['verifier', 'default-roles-mpp', 'offline_access'] },
  office: '3373',
  typ: 'Bearer',
};

export interface SignOptions {
  key?: KeyLike;
  kid?: string;
  issuer?: string;
  audience?: string | string[];
  /** Seconds from now; negative for an expired token. */
  expiresIn?: number;
}

export async function signToken(keys: TestKeys, claims: Record<string, unknown>, options: SignOptions = {}): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  return new SignJWT(claims)
    .setProtectedHeader({ alg: 'RS256', typ: 'JWT', kid: options.kid ?? keys.publicJwk.kid })
    .setIssuer(options.issuer ?? TEST_ISSUER)
    .setAudience(options.audience ?? TEST_AUDIENCE)
    .setIssuedAt(now - 5)
    .setExpirationTime(now + (options.expiresIn ?? 300))
    .sign(options.key ?? keys.privateKey);
}

export const base64url = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
