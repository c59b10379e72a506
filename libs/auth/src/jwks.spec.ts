import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createJwksResolver, discoveryUrl, KeySetUnavailableError } from './jwks';
import { signToken, type TestKeys, testKeys, VERIFIER_CLAIMS } from './testing-keys';
import { jwtVerify } from 'jose';

/** A stand-in identity provider on a local port: discovery and JWKS, failing on demand. */
describe('createJwksResolver (discovery)', () => {
  let keys: TestKeys;
  let server: Server;
  let issuer: string;
  let failDiscovery = 0;
  let discoveryIssuer: string | undefined;
  const hits: string[] = [];

  beforeAll(async () => {
    keys = await testKeys();
    server = createServer((req, res) => {
      hits.push(req.url ?? '');
      if (req.url === '/realms/mpp/.well-known/openid-configuration') {
        if (failDiscovery > 0) {
          failDiscovery -= 1;
          res.writeHead(503).end();
          return;
        }
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ issuer: discoveryIssuer ?? issuer, jwks_uri: `${issuer}/certs` }));
      } else if (req.url === '/realms/mpp/certs') {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ keys: [keys.publicJwk] }));
      } else {
        res.writeHead(404).end();
      }
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}/realms/mpp`;
  });
  afterAll(() => new Promise((resolve) => server.close(resolve)));
  beforeEach(() => {
    hits.length = 0;
    failDiscovery = 0;
    discoveryIssuer = undefined;
  });

  const verifyWith = async (resolver: ReturnType<typeof createJwksResolver>) =>
    jwtVerify(await signToken(keys, VERIFIER_CLAIMS, { issuer }), resolver, { issuer, audience: 'mpp-platform' });

  it('builds the discovery address from the issuer (with or without a trailing slash)', () => {
    expect(discoveryUrl('http://kc:8080/realms/mpp')).toBe('http://kc:8080/realms/mpp/.well-known/openid-configuration');
    expect(discoveryUrl('https://idp.example/')).toBe('https://idp.example/.well-known/openid-configuration');
  });

  it('discovers jwks_uri once and caches it', async () => {
    const resolver = createJwksResolver({ issuer, audience: 'mpp-platform' });
    await verifyWith(resolver);
    await verifyWith(resolver);
    expect(hits.filter((h) => h.endsWith('openid-configuration'))).toHaveLength(1);
    expect(hits.filter((h) => h.endsWith('/certs'))).toHaveLength(1);
  });

  it('retries a failed discovery on the next token', async () => {
    failDiscovery = 1;
    const resolver = createJwksResolver({ issuer, audience: 'mpp-platform' });
    await expect(verifyWith(resolver)).rejects.toBeInstanceOf(KeySetUnavailableError);
    await expect(verifyWith(resolver)).resolves.toBeDefined();
    expect(hits.filter((h) => h.endsWith('openid-configuration'))).toHaveLength(2);
  });

  it('refuses a discovery document of another issuer', async () => {
    discoveryIssuer = 'http://evil.test/realms/mpp';
    const resolver = createJwksResolver({ issuer, audience: 'mpp-platform' });
    await expect(verifyWith(resolver)).rejects.toThrow(/names another issuer/);
  });

  it('uses OIDC_JWKS_URI directly when set (no discovery)', async () => {
    const resolver = createJwksResolver({ issuer, audience: 'mpp-platform', jwksUri: `${issuer}/certs` });
    await verifyWith(resolver);
    expect(hits).toEqual(['/realms/mpp/certs']);
  });
});
