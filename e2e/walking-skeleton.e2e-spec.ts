import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { DEAD_LETTER_HEADERS, DEAD_LETTER_TOPICS, EVENT_HEADERS, TOPICS } from '@mpp/contracts';
import { collectMessages, eventually, superuserClient, TEST_DATABASES, testKafka } from '@mpp/testing';
import { application, applicationCount, Json, PORTS, RunningPlatform, startPlatform } from './support/platform';

const DB = TEST_DATABASES.e2e;
const INTAKE = `http://127.0.0.1:${PORTS.intake}`;
const ISSUANCE = `http://127.0.0.1:${PORTS.issuance}`;

async function submit(body: unknown, headers: Record<string, string> = {}) {
  const res = await fetch(`${INTAKE}/api/v1/applications`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  return { status: res.status, headers: res.headers, body: (await res.json()) as Json };
}

async function track(number: string, code: string) {
  const res = await fetch(`${INTAKE}/api/v1/applications/${encodeURIComponent(number)}`, { headers: { 'x-tracking-code': code } });
  return { status: res.status, body: (await res.json()) as Json };
}

function untilStatus(number: string, code: string, status: string, timeoutMs = 30000) {
  return eventually<Json>(async () => {
    const r = await track(number, code);
    return r.body.status === status ? r.body : undefined;
  }, timeoutMs);
}

describe('walking skeleton: three services over HTTP, Kafka and PostgreSQL', () => {
  let platform: RunningPlatform;
  let pg: Client;

  beforeAll(async () => {
    pg = await superuserClient(DB);
    platform = await startPlatform();
  });

  afterAll(async () => {
    await platform?.stop();
    await pg?.end();
  });

  it('issues an NIB for a low-risk application and shows every step to the entrepreneur', async () => {
    const correlationId = `e2e-${randomUUID()}`;
    const submitted = await submit(application(), { 'x-correlation-id': correlationId });
    expect(submitted.status).toBe(201);
    expect(submitted.body).toEqual({
      applicationNumber: expect.stringMatching(/^MPP-3373-\d{4}-\d{6}$/),
      trackingCode: expect.stringMatching(/^[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}$/),
      status: 'SUBMITTED',
    });
    expect(submitted.headers.get('x-correlation-id')).toBe(correlationId);

    const { applicationNumber, trackingCode } = submitted.body;
    const issued = await untilStatus(applicationNumber, trackingCode, 'ISSUED');
    expect(issued).toMatchObject({ applicationNumber, riskLevel: 'RENDAH', businessScale: 'MIKRO', officeCode: '3373' });
    expect(issued.timeline.map((t: { status: string }) => t.status)).toEqual(['SUBMITTED', 'UNDER_VERIFICATION', 'VERIFIED', 'ISSUED']);
    expect(issued.permits).toHaveLength(1);
    expect(issued.permits[0]).toMatchObject({ type: 'NIB', number: expect.stringMatching(/^\d{13}$/) });

    // Anyone can verify the NIB; the page never shows the NIK or the tracking code.
    const verification = await fetch(issued.permits[0].verificationUrl);
    expect(verification.status).toBe(200);
    const page = (await verification.json()) as Json;
    expect(page).toMatchObject({ type: 'NIB', valid: true, status: 'ACTIVE', holderName: 'Siti Rahayu', office: { code: '3373' } });
    expect(JSON.stringify(page)).not.toContain('3373014508900001');
    expect(JSON.stringify(page)).not.toContain(trackingCode);

    // The correlation id of the HTTP request travelled through every service's events.
    const [permitIssued] = await collectMessages(testKafka(), TOPICS.permitIssued, {
      count: 1,
      filter: (m) => m.headers[EVENT_HEADERS.correlationId] === correlationId,
    });
    expect(JSON.parse(permitIssued.value)).toMatchObject({ type: 'PermitIssued', correlationId, tenant: '3373' });
  });

  it('issues NIB and a numbered Sertifikat Standar for medium-low risk, reusing the actor NIB', async () => {
    const nik = '3373015708850002';
    const first = await submit(application({ nik, kbli: '47112' }));
    const second = await submit(application({ nik, kbli: '10710' }));
    expect([first.status, second.status]).toEqual([201, 201]);
    const a = await untilStatus(first.body.applicationNumber, first.body.trackingCode, 'ISSUED');
    const b = await untilStatus(second.body.applicationNumber, second.body.trackingCode, 'ISSUED');
    expect(b.riskLevel).toBe('MENENGAH_RENDAH');
    const types = b.permits.map((p: { type: string }) => p.type).sort();
    expect(types).toEqual(['NIB', 'SERTIFIKAT_STANDAR']);
    const nibOf = (x: { permits: { type: string; number: string }[] }) => x.permits.find((p) => p.type === 'NIB')?.number;
    expect(nibOf(b)).toBe(nibOf(a));
    const ss = b.permits.find((p: { type: string }) => p.type === 'SERTIFIKAT_STANDAR');
    expect(ss.number).toMatch(/^SS-3373-\d{4}-\d{5}$/);
    const page = (await (await fetch(`${ISSUANCE}/api/v1/permits/${ss.number}/verification`)).json()) as Json;
    expect(page).toMatchObject({ type: 'SERTIFIKAT_STANDAR', valid: true, activities: [{ kbli: '10710', businessName: 'Warung Bu Siti' }] });
  });

  it('leaves a medium-high risk application waiting for an officer', async () => {
    const submitted = await submit(application({ kbli: '86105' }));
    const waiting = await untilStatus(submitted.body.applicationNumber, submitted.body.trackingCode, 'UNDER_VERIFICATION');
    expect(waiting.riskLevel).toBe('MENENGAH_TINGGI');
    await new Promise((r) => setTimeout(r, 1500));
    expect((await track(submitted.body.applicationNumber, submitted.body.trackingCode)).body.status).toBe('UNDER_VERIFICATION');
  });

  it.each([
    ['a malformed body', '{"officeCode": "3373",', 'body'],
    ['an unknown KBLI', application({ kbli: '99999' }), 'business.kbli'],
    ['a 15-digit NIK', application({ nik: '337301450890001' }), 'applicant.nik'],
    ['a negative capital', application({ capital: -1 }), 'business.capital'],
    ['an unknown office', { ...application(), officeCode: '9999' }, 'officeCode'],
    ['a location outside the office', { ...application(), officeCode: '3314' }, 'business.address.regionCode'],
    ['an unexpected field', { ...application(), status: 'ISSUED' }, 'status'],
  ])('refuses %s with a 400 naming the field, and stores nothing', async (_case, body, field) => {
    const before = await applicationCount(pg);
    const res = await submit(body);
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ statusCode: 400, error: 'Bad Request' });
    expect(res.body.message).toContain(field);
    if (res.body.details) expect(res.body.details.map((d: { field: string }) => d.field)).toContain(field);
    expect(await applicationCount(pg)).toBe(before);
  });

  it('answers a retried submission with the same Idempotency-Key once', async () => {
    const key = `retry-${randomUUID()}`;
    const before = await applicationCount(pg);
    const first = await submit(application(), { 'idempotency-key': key });
    const again = await submit(application(), { 'idempotency-key': key });
    expect(first.status).toBe(201);
    expect(again.status).toBe(201);
    expect(again.body).toEqual(first.body);
    expect(await applicationCount(pg)).toBe(before + 1);
    const conflicting = await submit(application({ kbli: '10710' }), { 'idempotency-key': key });
    expect(conflicting.status).toBe(422);
  });

  it('gives the same 404 for an unknown number and for a wrong tracking code', async () => {
    const submitted = await submit(application());
    const wrongCode = await track(submitted.body.applicationNumber, 'AAAA-BBBB-CCCC');
    const unknown = await track('MPP-3373-1999-999999', submitted.body.trackingCode);
    expect(wrongCode).toEqual({ status: 404, body: { statusCode: 404, error: 'Not Found', message: 'Application not found' } });
    expect(unknown).toEqual(wrongCode);
    const lowerCase = await track(submitted.body.applicationNumber, submitted.body.trackingCode.toLowerCase());
    expect(lowerCase.status).toBe(200);
  });

  it('moves an invalid event to the dead-letter topic and keeps consuming', async () => {
    const kafka = testKafka('e2e-poison');
    const producer = kafka.producer();
    await producer.connect();
    const poisonKey = randomUUID();
    await producer.send({
      topic: TOPICS.applicationSubmitted,
      messages: [
        { key: poisonKey, value: 'this is not an event' },
        { key: poisonKey, value: JSON.stringify({ eventId: randomUUID(), type: 'ApplicationSubmitted', version: 1, payload: {} }) },
      ],
    });
    await producer.disconnect();

    const dead = await collectMessages(kafka, DEAD_LETTER_TOPICS.verification, { count: 2, filter: (m) => m.key === poisonKey });
    expect(dead).toHaveLength(2);
    expect(dead.every((m) => m.headers[DEAD_LETTER_HEADERS.reason] === 'invalid-event')).toBe(true);

    // The partition is not blocked: a new application still goes all the way.
    const submitted = await submit(application());
    await untilStatus(submitted.body.applicationNumber, submitted.body.trackingCode, 'ISSUED');
  });

  it('keeps each service in its own schema, owned by its owner role (the service runs as another), with its own migrations table', async () => {
    const { rows } = await pg.query(
      `SELECT n.nspname AS schema, r.rolname AS owner,
              (SELECT array_agg(DISTINCT pg_get_userbyid(c.relowner)::text) FROM pg_class c WHERE c.relnamespace = n.oid) AS "tableOwners"
         FROM pg_namespace n JOIN pg_roles r ON r.oid = n.nspowner
        WHERE n.nspname IN ('intake', 'verification', 'issuance') ORDER BY 1`,
    );
    expect(rows).toEqual([
      { schema: 'intake', owner: 'intake_owner', tableOwners: ['intake_owner'] },
      { schema: 'issuance', owner: 'issuance_owner', tableOwners: ['issuance_owner'] },
      { schema: 'verification', owner: 'verification_owner', tableOwners: ['verification_owner'] },
    ]);
    const { rows: sessions } = await pg.query(
      `SELECT DISTINCT usename AS "role" FROM pg_stat_activity WHERE datname = current_database() AND application_name IN ('application-intake', 'document-verification', 'permit-issuance') ORDER BY 1`,
    );
    expect(sessions.map((s) => s.role)).toEqual(['intake_svc', 'issuance_svc', 'verification_svc']);
    for (const schema of ['intake', 'verification', 'issuance']) {
      const m = await pg.query(`SELECT count(*)::int AS n FROM "${schema}"."${schema}_migrations"`);
      expect(m.rows[0].n).toBeGreaterThan(0);
    }
  });

  it('serves health, metrics and OpenAPI on every service', async () => {
    for (const port of Object.values(PORTS)) {
      const base = `http://127.0.0.1:${port}`;
      expect((await fetch(`${base}/health/live`)).status).toBe(200);
      const ready = (await (await fetch(`${base}/health/ready`)).json()) as Json;
      expect(ready).toMatchObject({ status: 'ok', info: { database: { status: 'up' }, kafka: { status: 'up' } } });
      const metrics = await (await fetch(`${base}/metrics`)).text();
      expect(metrics).toContain('process_resident_memory_bytes');
      // The runtime tested is the runtime shipped: Node.js 24 LTS.
      expect(metrics).toMatch(/^nodejs_version_info\{[^}]*major="24"[^}]*\} 1$/m);
      expect(metrics).toContain('mpp_outbox_published_total');
      const openapi = (await (await fetch(`${base}/docs-json`)).json()) as Json;
      expect(openapi.openapi).toMatch(/^3\./);
      expect((await fetch(`${base}/docs`)).status).toBe(200);
    }
  });
});
