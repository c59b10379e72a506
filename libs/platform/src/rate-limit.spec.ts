import { createServer, type Server } from 'node:net';
import type { OpenAPIObject } from '@nestjs/swagger';
import { register } from 'prom-client';
import { isTrustedProxyEntry, trustedProxies } from './config';
import { documentRateLimits } from './openapi';
import { normaliseAddress, RateLimits } from './rate-limit';

describe('rate limits', () => {
  describe('client addresses', () => {
    it('reads an IPv4 client on a dual-stack socket as its IPv4 address, and an IPv6 client as its /64', () => {
      expect(normaliseAddress('::ffff:10.1.2.3')).toBe('10.1.2.3');
      expect(normaliseAddress('203.0.113.9')).toBe('203.0.113.9');
      expect(normaliseAddress('2001:db8::1')).toBe('2001:db8:0:0::/64');
      expect(normaliseAddress('2001:0db8:0001:0002:aaaa:bbbb:cccc:dddd')).toBe('2001:db8:1:2::/64');
      expect(normaliseAddress('2001:db8:1:2:ffff::9')).toBe(normaliseAddress('2001:db8:1:2::1'));
      expect(normaliseAddress('::1')).toBe('0:0:0:0::/64');
      expect(normaliseAddress(undefined)).toBe('unknown');
    });

    it('accepts addresses, CIDR ranges and the names Express knows as trusted proxies, nothing else', () => {
      expect(trustedProxies(' 10.0.0.5, 10.0.0.0/8,loopback ,, fd00::/8')).toEqual(['10.0.0.5', '10.0.0.0/8', 'loopback', 'fd00::/8']);
      for (const ok of ['127.0.0.1', '10.0.0.0/8', '::1', 'fd00::/8', 'loopback', 'linklocal', 'uniquelocal']) expect(isTrustedProxyEntry(ok)).toBe(true);
      for (const bad of ['*', 'true', '1', 'portal', '10.0.0.0/33', '::/129', '10.0.0.1/8/8', '10.0.0.0/x', 'example.com']) expect(isTrustedProxyEntry(bad)).toBe(false);
    });
  });

  it('documents 429 with Retry-After on every API operation, not on health, metrics or docs', () => {
    const op = () => ({ responses: {} as Record<string, unknown> });
    const document = {
      openapi: '3.0.0',
      info: { title: 't', version: '1' },
      paths: { '/api/v1/things': { get: op(), post: op() }, '/health/ready': { get: op() }, '/metrics': { get: op() } },
      components: { schemas: { ApiErrorView: { type: 'object' } } },
    } as unknown as OpenAPIObject;
    documentRateLimits(document);
    expect(document.paths['/api/v1/things'].get?.responses['429']).toMatchObject({
      headers: { 'Retry-After': expect.any(Object) },
      content: { 'application/json': { schema: { $ref: '#/components/schemas/ApiErrorView' } } },
    });
    expect(document.paths['/api/v1/things'].post?.responses['429']).toBeDefined();
    expect(document.paths['/health/ready'].get?.responses['429']).toBeUndefined();
    expect(document.paths['/metrics'].get?.responses['429']).toBeUndefined();
  });

  describe('when Redis cannot be reached', () => {
    let closedPort: number;
    let limits: RateLimits;

    beforeAll(async () => {
      // A port that was free a moment ago: nothing listens there (connection refused).
      const server: Server = createServer();
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      closedPort = (server.address() as { port: number }).port;
      await new Promise<void>((resolve) => server.close(() => resolve()));
      limits = new RateLimits({
        serviceName: 'unit',
        redisUrl: `redis://127.0.0.1:${closedPort}`,
        keyPrefix: 'unit',
        anonymousPerMinute: 2,
        officerPerMinute: 3,
      });
    });
    afterAll(() => limits.onModuleDestroy());

    it('fails open to a limit counted in the process, counting each fallback in a metric', async () => {
      const failuresBefore = await storeFailures();
      const started = Date.now();
      const anonymous = [];
      for (let i = 0; i < 3; i++) anonymous.push(await limits.consume('anonymous', '10.0.0.1'));
      expect(anonymous.map((d) => [d.allowed, d.shared])).toEqual([
        [true, false],
        [true, false],
        [false, false],
      ]);
      expect(anonymous[2].retryAfterSeconds).toBeGreaterThan(0);
      // Another address and an officer have buckets of their own.
      expect((await limits.consume('anonymous', '10.0.0.2')).allowed).toBe(true);
      expect((await limits.consume('officer', 'officer-a')).allowed).toBe(true);
      // Without Redis nothing waits for it: no offline queue, no retries.
      expect(Date.now() - started).toBeLessThan(2000);
      expect((await storeFailures()) - failuresBefore).toBe(5);
    });
  });
});

async function storeFailures(): Promise<number> {
  const metric = await register.getSingleMetric('mpp_rate_limit_store_failures_total')?.get();
  return metric?.values.reduce((sum, v) => sum + v.value, 0) ?? 0;
}
