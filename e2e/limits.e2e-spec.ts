import { randomUUID } from 'node:crypto';
import { connect, type Socket } from 'node:net';
import Redis from 'ioredis';
import { Client } from 'pg';
import { startDevIssuer } from '@mpp/dev-issuer';
import {
  RunningService,
  serviceDatabaseEnv,
  serviceKafkaEnv,
  startService,
  superuserClient,
  TEST_DATABASES,
  TEST_KAFKA_BROKERS,
  TEST_REDIS_PREFIX,
  TEST_REDIS_URL,
} from '@mpp/testing';
import { application, call, SAMPLE_PDF } from './support/platform';

/**
 * Limits that fit an office, against the real services: two application-intake processes (replicas) on
 * the real PostgreSQL, Kafka and Redis, behind "the portal" (127.0.0.1 is their trusted proxy, so each
 * test's citizen is an X-Forwarded-For address of its own).
 */
const base = Number(process.env.MPP_E2E_PORT_BASE ?? 13001) + 20;
const ANONYMOUS_LIMIT = 8;
const OFFICER_LIMIT = 6;
const MAX_VERSIONS = 2;

describe('limits: rate limits shared by replicas, uploads checked before their body', () => {
  let issuer: Awaited<ReturnType<typeof startDevIssuer>>;
  let replicas: RunningService[] = [];
  let pg: Client;
  let redis: Redis;
  const keyPrefix = `${TEST_REDIS_PREFIX}:limits-e2e:${randomUUID().slice(0, 8)}`;
  let citizen = 0;
  /** A client address of its own for each use (an anonymous bucket of its own). */
  const nextCitizen = () => `203.0.113.${++citizen}`;
  const [a, b] = [`http://127.0.0.1:${base}`, `http://127.0.0.1:${base + 1}`];

  beforeAll(async () => {
    issuer = await startDevIssuer({ port: 0, host: '127.0.0.1' });
    const env = (port: number) => ({
      ...serviceKafkaEnv('application-intake'),
      PORT: String(port),
      ...serviceDatabaseEnv('intake_svc', TEST_DATABASES.e2e),
      KAFKA_BROKERS: TEST_KAFKA_BROKERS,
      OIDC_ISSUER: issuer.url,
      OIDC_AUDIENCE: 'mpp-platform',
      LOG_LEVEL: 'warn',
      REDIS_URL: TEST_REDIS_URL,
      RATE_LIMIT_KEY_PREFIX: keyPrefix,
      RATE_LIMIT_PER_MINUTE: String(ANONYMOUS_LIMIT),
      RATE_LIMIT_OFFICER_PER_MINUTE: String(OFFICER_LIMIT),
      TRUSTED_PROXIES: '127.0.0.1',
      UPLOAD_MAX_VERSIONS_PER_APPLICATION: String(MAX_VERSIONS),
    });
    // One after the other: the second finds the schema migrated.
    replicas.push(await startService('application-intake', env(base)));
    replicas.push(await startService('application-intake', env(base + 1)));
    pg = await superuserClient(TEST_DATABASES.e2e);
    redis = new Redis(TEST_REDIS_URL);
  });

  afterAll(async () => {
    await Promise.all(replicas.map((r) => r.stop()));
    replicas = [];
    await issuer?.stop();
    await pg?.end();
    if (redis) {
      const left = await redis.keys(`${keyPrefix}:*`);
      if (left.length > 0) await redis.del(...left);
      redis.disconnect();
    }
  });

  const from = (address: string, headers: Record<string, string> = {}) => ({ 'x-forwarded-for': address, ...headers });
  const kbli = (replica: string, headers: Record<string, string>) => call(`${replica}/api/v1/reference/kbli?q=warung`, { headers });
  async function submit(address = nextCitizen()) {
    const res = await call(`${a}/api/v1/applications`, { body: application({ kbli: '86105', nik: `33730145089${String(10000 + citizen).slice(-5)}` }), headers: from(address) });
    if (res.status !== 201) throw new Error(`submission answered ${res.status}: ${JSON.stringify(res.body)}`);
    return res.body as { applicationNumber: string; trackingCode: string };
  }

  it('two replicas share one limit per client address, and answer 429 in Indonesian first with Retry-After', async () => {
    const address = nextCitizen();
    const statuses: number[] = [];
    for (let i = 0; i < ANONYMOUS_LIMIT + 1; i++) statuses.push((await kbli(i % 2 ? b : a, from(address))).status);
    expect(statuses).toEqual([...Array(ANONYMOUS_LIMIT).fill(200), 429]);
    const refused = await kbli(b, from(address));
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(refused.body).toMatchObject({ statusCode: 429, message: expect.stringMatching(/^Terlalu banyak permintaan/) });
    // Another citizen through the same proxy is not held back.
    expect((await kbli(a, from(nextCitizen()))).status).toBe(200);
  });

  it('limits an officer on its own, not the office behind its one address', async () => {
    const office = nextCitizen(); // the office's NAT address
    const [verifier, frontDesk] = [await issuer.tokenFor('salatiga.verifier'), await issuer.tokenFor('salatiga.frontdesk')];
    const as = (token: string) => from(office, { authorization: `Bearer ${token}` });
    const statuses: number[] = [];
    for (let i = 0; i < OFFICER_LIMIT + 1; i++) statuses.push((await call(`${i % 2 ? b : a}/api/v1/applications`, { headers: as(verifier) })).status);
    expect(statuses).toEqual([...Array(OFFICER_LIMIT).fill(200), 429]);
    expect((await call(`${a}/api/v1/applications`, { headers: as(frontDesk) })).status).toBe(200);
    expect((await kbli(b, from(office))).status).toBe(200); // anonymous callers at that address too
    expect(await redis.keys(`${keyPrefix}:application-intake:officer:*`)).toHaveLength(2);
  });

  /**
   * Sends the headers of an upload announcing `size` bytes and only the first 64 KiB of the body, then
   * waits for the answer: it comes while the body is unfinished, and the server closes the connection.
   */
  function uploadWithoutBody(number: string, trackingCode: string, size = 50 * 1024 * 1024) {
    return new Promise<{ status: number; head: string; sent: number }>((resolve, reject) => {
      const boundary = `----mpp${randomUUID()}`;
      const socket: Socket = connect(base, '127.0.0.1');
      let received = '';
      let sent = 0;
      const timer = setTimeout(() => {
        socket.destroy();
        reject(new Error(`the connection was not answered and closed while the body was unfinished (got: ${received.slice(0, 200)})`));
      }, 10000);
      socket.on('connect', () => {
        socket.write(
          `POST /api/v1/applications/${number}/documents HTTP/1.1\r\nHost: 127.0.0.1\r\n` +
            `X-Forwarded-For: ${nextCitizen()}\r\nX-Tracking-Code: ${trackingCode}\r\n` +
            `Content-Type: multipart/form-data; boundary=${boundary}\r\nContent-Length: ${size}\r\n\r\n`,
        );
        const start = `--${boundary}\r\nContent-Disposition: form-data; name="type"\r\n\r\nKTP\r\n--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="ktp.pdf"\r\nContent-Type: application/pdf\r\n\r\n`;
        const chunk = Buffer.concat([Buffer.from(start), SAMPLE_PDF, Buffer.alloc(64 * 1024 - start.length - SAMPLE_PDF.length, 0x20)]);
        socket.write(chunk);
        sent = chunk.length;
      });
      socket.on('data', (data) => (received += data.toString('latin1')));
      socket.on('error', () => undefined);
      socket.on('close', () => {
        clearTimeout(timer);
        const status = Number(/^HTTP\/1\.1 (\d{3})/.exec(received)?.[1] ?? 0);
        resolve({ status, head: received, sent }); // closed by the server: this side never ends
      });
    });
  }

  it('refuses an upload with a wrong tracking code before reading its body, and closes the connection', async () => {
    const app = await submit();
    const started = Date.now();
    const refused = await uploadWithoutBody(app.applicationNumber, 'AAAA-BBBB-CCCC');
    expect(refused.status).toBe(404);
    expect(refused.head).toMatch(/\r\nConnection: close\r\n/i);
    expect(refused.sent).toBe(64 * 1024); // of 50 MiB announced: the server answered without the rest
    expect(Date.now() - started).toBeLessThan(5000);
    const unknown = await uploadWithoutBody('MPP-3373-2099-999999', app.trackingCode);
    expect(unknown.status).toBe(404);
    const { rows } = await pg.query(
      `SELECT count(*)::int AS n FROM intake.application_documents d JOIN intake.applications a ON a.id = d.application_id WHERE a.application_number = $1`,
      [app.applicationNumber],
    );
    expect(rows[0].n).toBe(0);
  });

  it('refuses the version past the quota with 409 naming the rule, before the body and after it, storing nothing', async () => {
    const app = await submit();
    const upload = (type: string) => {
      const form = new FormData();
      form.append('type', type);
      form.append('file', new Blob([SAMPLE_PDF], { type: 'application/pdf' }), `${type}.pdf`);
      return fetch(`${a}/api/v1/applications/${app.applicationNumber}/documents`, {
        method: 'POST',
        headers: from(nextCitizen(), { 'x-tracking-code': app.trackingCode }),
        body: form,
      }).then(async (res) => ({ status: res.status, body: await res.json() }));
    };
    expect((await upload('KTP')).status).toBe(201);
    expect((await upload('NPWP')).status).toBe(201);
    const refused = await upload('KTP');
    expect(refused).toEqual({
      status: 409,
      body: {
        statusCode: 409,
        error: 'Conflict',
        message: expect.stringContaining('UPLOAD_MAX_VERSIONS_PER_APPLICATION'),
        details: [{ field: 'file', rule: 'maxVersionsPerApplication', message: expect.stringMatching(/^Kuota unggahan habis/) }],
      },
    });
    // The quota is known before the body: a spent one is refused without reading it.
    expect((await uploadWithoutBody(app.applicationNumber, app.trackingCode)).status).toBe(409);
    const { rows } = await pg.query(
      `SELECT count(*)::int AS n FROM intake.application_documents d JOIN intake.applications a ON a.id = d.application_id WHERE a.application_number = $1`,
      [app.applicationNumber],
    );
    expect(rows[0].n).toBe(MAX_VERSIONS);
  });
});
