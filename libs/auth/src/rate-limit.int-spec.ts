import { randomUUID } from 'node:crypto';
import { createConnection, createServer, type Server, type Socket } from 'node:net';
import { Controller, Get, INestApplication, Logger } from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';
import { APP_FILTER } from '@nestjs/core';
import { Test } from '@nestjs/testing';
import Redis from 'ioredis';
import { ApiExceptionFilter, RateLimitModule, trustProxies } from '@mpp/platform';
import { TEST_REDIS_PREFIX, TEST_REDIS_URL } from '@mpp/testing';
import type { AddressInfo } from 'node:net';
import { AuthModule } from './auth.module';
import { Public } from './decorators';
import { signToken, TEST_AUDIENCE, TEST_ISSUER, type TestKeys, testKeys, VERIFIER_CLAIMS } from './testing-keys';

@Controller('api/v1/things')
class ThingsController {
  @Get('open')
  @Public()
  open() {
    return { ok: true };
  }

  @Get('mine')
  mine() {
    return { ok: true };
  }
}

@Controller('health')
class HealthController {
  @Get('live')
  live() {
    return { status: 'ok' };
  }
}

interface AppOptions {
  keyPrefix: string;
  redisUrl?: string;
  trustedProxies?: string;
  anonymous?: number;
  officer?: number;
}

/**
 * Rate limits over HTTP with the real Redis: each `startApp` is a replica (its own process state, its own
 * Redis connection), as the services build them (RateLimitModule of the platform, guards of AuthModule,
 * TRUSTED_PROXIES applied as createHttpApp does).
 */
describe('rate limits shared in Redis (real Redis, two replicas)', () => {
  let keys: TestKeys;
  const apps: INestApplication[] = [];
  const runPrefix = `${TEST_REDIS_PREFIX}:auth-int:${randomUUID().slice(0, 8)}`;
  let redis: Redis;

  async function startApp(o: AppOptions): Promise<string> {
    const settings = {
      REDIS_URL: o.redisUrl ?? TEST_REDIS_URL,
      RATE_LIMIT_KEY_PREFIX: o.keyPrefix,
      RATE_LIMIT_PER_MINUTE: o.anonymous ?? 3,
      RATE_LIMIT_OFFICER_PER_MINUTE: o.officer ?? 4,
      TRUSTED_PROXIES: o.trustedProxies,
    };
    const moduleRef = await Test.createTestingModule({
      imports: [
        ConfigModule.forRoot({ isGlobal: true, ignoreEnvFile: true, load: [() => settings] }),
        RateLimitModule.forService('things'),
        AuthModule.forRoot({ oidc: { issuer: TEST_ISSUER, audience: TEST_AUDIENCE }, jwks: keys.jwks }),
      ],
      controllers: [ThingsController, HealthController],
      providers: [{ provide: APP_FILTER, useClass: ApiExceptionFilter }],
    }).compile();
    const app = moduleRef.createNestApplication({ logger: false });
    trustProxies(app, o.trustedProxies);
    await app.listen(0, '127.0.0.1');
    apps.push(app);
    return `http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}`;
  }

  const prefix = () => `${runPrefix}:${randomUUID().slice(0, 8)}`;
  const tokenOf = (sub: string) => signToken(keys, { ...VERIFIER_CLAIMS, sub, preferred_username: sub });
  async function get(url: string, headers: Record<string, string> = {}) {
    const res = await fetch(url, { headers });
    const text = await res.text();
    return { status: res.status, retryAfter: res.headers.get('retry-after'), limit: res.headers.get('ratelimit-limit'), body: JSON.parse(text) };
  }
  const statuses = async (calls: Array<() => Promise<{ status: number }>>) => {
    const out: number[] = [];
    for (const call of calls) out.push((await call()).status);
    return out;
  };

  beforeAll(async () => {
    keys = await testKeys();
    redis = new Redis(TEST_REDIS_URL, { lazyConnect: true, maxRetriesPerRequest: 1 });
    await redis.connect().catch((err: Error) => {
      throw new Error(`Redis at ${TEST_REDIS_URL} is not reachable (${err.message}): start it (REDIS_URL, default redis://127.0.0.1:6379)`);
    });
  });
  beforeEach(() => jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined));
  afterEach(() => jest.restoreAllMocks());
  afterAll(async () => {
    await Promise.all(apps.map((a) => a.close()));
    // Only this run's keys (the Redis is shared; never FLUSHDB).
    const left = await redis.keys(`${runPrefix}:*`);
    if (left.length > 0) await redis.del(...left);
    redis.disconnect();
  });

  it('two replicas share one limit per address, answered 429 in Indonesian first with Retry-After', async () => {
    const keyPrefix = prefix();
    const [a, b] = [await startApp({ keyPrefix }), await startApp({ keyPrefix })];
    const calls = [a, b, a, b].map((base) => () => get(`${base}/api/v1/things/open`));
    expect(await statuses(calls)).toEqual([200, 200, 200, 429]);
    const refused = await get(`${a}/api/v1/things/open`);
    expect(refused.status).toBe(429);
    expect(Number(refused.retryAfter)).toBeGreaterThan(0);
    expect(Number(refused.retryAfter)).toBeLessThanOrEqual(60);
    expect(refused.body).toEqual({ statusCode: 429, error: 'Too Many Requests', message: expect.stringMatching(/^Terlalu banyak permintaan; coba lagi dalam \d+ detik/) });
    expect(refused.limit).toBe('3');
    // The counter is in Redis, under the prefix and the service's name.
    expect(await redis.keys(`${keyPrefix}:things:anonymous:*`)).toEqual([`${keyPrefix}:things:anonymous:127.0.0.1`]);
    // Infrastructure routes are never limited.
    expect((await get(`${a}/health/live`)).status).toBe(200);
  });

  it('limits each officer on its own, across replicas, whatever address they share', async () => {
    const keyPrefix = prefix();
    const [a, b] = [await startApp({ keyPrefix }), await startApp({ keyPrefix })];
    const [siti, budi] = [await tokenOf('officer-siti'), await tokenOf('officer-budi')];
    const auth = (token: string) => ({ authorization: `Bearer ${token}` });
    const sitiCalls = [a, b, a, b, a].map((base) => () => get(`${base}/api/v1/things/mine`, auth(siti)));
    expect(await statuses(sitiCalls)).toEqual([200, 200, 200, 200, 429]);
    // Budi behind the same address (127.0.0.1) still has all of his.
    expect(await statuses([b, a, b, a].map((base) => () => get(`${base}/api/v1/things/mine`, auth(budi))))).toEqual([200, 200, 200, 200]);
    // A verified token counts as its officer on public routes too; anonymous callers at that address keep theirs.
    expect((await get(`${a}/api/v1/things/open`, auth(siti))).status).toBe(429);
    expect(await statuses([a, b, a].map((base) => () => get(`${base}/api/v1/things/open`)))).toEqual([200, 200, 200]);
  });

  it('an unverified token cannot pick its bucket: on a public route it counts as its address, elsewhere it is a 401', async () => {
    const keyPrefix = prefix();
    const a = await startApp({ keyPrefix });
    const other = await testKeys('forger');
    const forged = async () => ({ authorization: `Bearer ${await signToken(other, { ...VERIFIER_CLAIMS, sub: `forged-${randomUUID()}` }, { kid: 'test-key-1' })}` });
    expect(await statuses([1, 2, 3, 4].map(() => async () => get(`${a}/api/v1/things/open`, await forged())))).toEqual([200, 200, 200, 429]);
    expect((await get(`${a}/api/v1/things/mine`, await forged())).status).toBe(401);
    expect(await redis.keys(`${keyPrefix}:things:officer:*`)).toEqual([]);
  });

  it('counts anonymous callers per address: X-Forwarded-For from a trusted proxy, ignored from any other peer', async () => {
    const keyPrefix = prefix();
    const behindProxy = await startApp({ keyPrefix, trustedProxies: '127.0.0.1' });
    const xff = (address: string) => ({ 'x-forwarded-for': address });
    const from = (address: string) => () => get(`${behindProxy}/api/v1/things/open`, xff(address));
    expect(await statuses([from('203.0.113.7'), from('203.0.113.7'), from('203.0.113.7'), from('203.0.113.7')])).toEqual([200, 200, 200, 429]);
    // Another citizen through the same proxy (the portal) is not held back.
    expect(await statuses([from('203.0.113.8'), from('198.51.100.1, 203.0.113.9')])).toEqual([200, 200]);
    expect((await redis.keys(`${keyPrefix}:things:anonymous:*`)).sort()).toEqual(
      [`${keyPrefix}:things:anonymous:203.0.113.7`, `${keyPrefix}:things:anonymous:203.0.113.8`, `${keyPrefix}:things:anonymous:203.0.113.9`].sort(),
    );

    // Without trusted proxies (the socket's peer, 127.0.0.1, is not one) the header changes nothing.
    const direct = await startApp({ keyPrefix: prefix() });
    const spoofed = [1, 2, 3, 4].map((i) => () => get(`${direct}/api/v1/things/open`, xff(`198.51.100.${i}`)));
    expect(await statuses(spoofed)).toEqual([200, 200, 200, 429]);
    // A proxy list that does not name the peer: the same.
    const otherProxy = await startApp({ keyPrefix: prefix(), trustedProxies: '10.0.0.0/8' });
    const spoofedAgain = [1, 2, 3, 4].map((i) => () => get(`${otherProxy}/api/v1/things/open`, xff(`198.51.100.${i}`)));
    expect(await statuses(spoofedAgain)).toEqual([200, 200, 200, 429]);
  });

  it('when Redis goes away it fails open to a limit per replica, and shares again once Redis is back', async () => {
    const target = new URL(TEST_REDIS_URL);
    const proxy = await redisProxy(target.hostname, Number(target.port || 6379));
    const keyPrefix = prefix();
    const redisUrl = `redis://127.0.0.1:${proxy.port}${target.pathname}`;
    const [a, b] = [await startApp({ keyPrefix, redisUrl }), await startApp({ keyPrefix, redisUrl })];
    expect(await statuses([a, b].map((base) => () => get(`${base}/api/v1/things/open`)))).toEqual([200, 200]);

    await proxy.stop(); // Redis unreachable for both replicas
    const started = Date.now();
    // Each replica counts on its own now: three each (the shared count of two is not known to them).
    const downA = await statuses([1, 2, 3, 4].map(() => () => get(`${a}/api/v1/things/open`)));
    const downB = await statuses([1, 2, 3, 4].map(() => () => get(`${b}/api/v1/things/open`)));
    expect(downA).toEqual([200, 200, 200, 429]);
    expect(downB).toEqual([200, 200, 200, 429]);
    expect(Date.now() - started).toBeLessThan(5000); // no request waits for Redis
    const metrics = await (await import('prom-client')).register.getSingleMetric('mpp_rate_limit_store_failures_total')?.get();
    expect(metrics?.values.find((v) => v.labels.service === 'things')?.value).toBeGreaterThanOrEqual(8);

    await proxy.start(); // back: the shared counter (2 so far) decides again
    await eventuallyShared(async () => (await get(`${a}/api/v1/things/open`)).status === 200);
    await proxy.stop();
  });
});

/** Waits until `probe` holds (the replicas reconnect to Redis with a back-off of up to 2 s). */
async function eventuallyShared(probe: () => Promise<boolean>): Promise<void> {
  const deadline = Date.now() + 10000;
  while (Date.now() < deadline) {
    if (await probe()) return;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error('not shared again within 10 s');
}

/** A TCP relay to Redis that the test can take down and bring back on the same port. */
async function redisProxy(host: string, port: number) {
  let server: Server | undefined;
  const sockets = new Set<Socket>();
  let listenPort = 0;
  const start = async () => {
    const relay = createServer((client) => {
      const upstream = createConnection({ host, port });
      for (const s of [client, upstream]) {
        sockets.add(s);
        s.on('close', () => sockets.delete(s));
        s.on('error', () => undefined);
      }
      client.pipe(upstream).pipe(client);
    });
    server = relay;
    await new Promise<void>((resolve) => relay.listen(listenPort, '127.0.0.1', resolve));
    listenPort = (relay.address() as AddressInfo).port;
  };
  const stop = async () => {
    for (const s of sockets) s.destroy();
    await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  };
  await start();
  return { port: listenPort, start, stop };
}
