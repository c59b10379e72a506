import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { TOPICS } from '@mpp/contracts';
import { collectMessages, eventually, ReceivedMail, startTestSmtpServer, superuserClient, TEST_DATABASES, testKafka, TestSmtpServer } from '@mpp/testing';
import { application, applicationCount, call, Json, RunningPlatform, startPlatform } from './support/platform';

const DB = TEST_DATABASES.e2e;

/**
 * The notification service among the other three, as separate processes over Kafka and PostgreSQL, with
 * a real SMTP server (smtp-server) that the test reads the delivered messages back from.
 */
describe('notifications: an applicant who gave an email address is told, once per event', () => {
  let platform: RunningPlatform;
  let smtp: TestSmtpServer;
  let pg: Client;

  beforeAll(async () => {
    pg = await superuserClient(DB);
    smtp = await startTestSmtpServer();
    platform = await startPlatform(
      {},
      {
        notification: {
          SMTP_URL: smtp.url,
          NOTIFY_FROM: 'DPMPTSP Kota Salatiga <no-reply@salatiga.example.go.id>',
          PORTAL_BASE_URL: 'http://127.0.0.1:3000',
          DELIVERY_POLL_INTERVAL_MS: '200',
          DELIVERY_RETRY_BASE_MS: '300',
          DELIVERY_RETRY_MAX_MS: '1000',
          DELIVERY_MAX_ATTEMPTS: '50',
        },
      },
    );
  });

  afterAll(async () => {
    await platform?.stop();
    await smtp?.stop();
    await pg?.end();
  });

  /**
   * The service starts at the end of its topics (startPlatform moves its group past what other test files
   * published); deliveries those files left pending (their SMTP servers gone, their retries up to minutes
   * away) are made due now and worked off first.
   */
  beforeAll(async () => {
    await pg.query(`UPDATE "notification"."deliveries" SET "next_attempt_at" = now() WHERE "status" = 'PENDING'`);
    await eventually(async () => ((await pg.query(`SELECT count(*)::int AS n FROM "notification"."deliveries" WHERE "status" = 'PENDING'`)).rows[0].n === 0 ? true : undefined), 120_000, 500);
  }, 300_000);

  async function submit(email: string): Promise<{ applicationNumber: string; trackingCode: string }> {
    const body = application();
    const submitted = await call(`${platform.intake}/api/v1/applications`, { body: { ...body, applicant: { ...body.applicant, email } } });
    expect(submitted.status).toBe(201);
    return submitted.body;
  }

  const untilIssued = (app: { applicationNumber: string; trackingCode: string }) =>
    eventually<Json>(async () => {
      const r = await call(`${platform.intake}/api/v1/applications/${app.applicationNumber}`, { headers: { 'x-tracking-code': app.trackingCode } });
      return r.body.status === 'ISSUED' ? r.body : undefined;
    }, 60000);

  const subjects = (mails: ReceivedMail[]) => mails.map((m) => m.subject).sort();

  const deliveries = async (applicationNumber: string) =>
    (await pg.query(`SELECT "kind", "channel", "status", "attempts", "last_error" FROM "notification"."deliveries" WHERE "application_number" = $1 ORDER BY "created_at"`, [applicationNumber])).rows;

  it('sends "received" and "issued" messages that name the application number', async () => {
    const email = `siti.${randomUUID().slice(0, 8)}@example.id`;
    const app = await submit(email);
    const issued = await untilIssued(app);
    const mails = await smtp.waitFor(email, () => true, 2, 30000);
    expect(subjects(mails)).toEqual([`Izin untuk permohonan ${app.applicationNumber} telah terbit`, `Permohonan ${app.applicationNumber} diterima`]);
    for (const mail of mails) {
      expect(mail.text).toContain(app.applicationNumber);
      expect(mail.html).toContain(app.applicationNumber);
      expect(mail.text).not.toContain(app.trackingCode);
      expect(mail.headers['list-unsubscribe']).toContain('/api/v1/notifications/unsubscribe/');
    }
    const issuedMail = mails.find((m) => m.subject.includes('terbit')) as ReceivedMail;
    expect(issuedMail.text).toContain(issued.permits[0].number);
    expect(issuedMail.text).toContain(issued.permits[0].verificationUrl);
    expect(await deliveries(app.applicationNumber)).toEqual([
      expect.objectContaining({ kind: 'RECEIVED', channel: 'EMAIL', status: 'SENT', attempts: 1 }),
      expect.objectContaining({ kind: 'ISSUED', channel: 'EMAIL', status: 'SENT', attempts: 1 }),
    ]);

    // An officer of the office sees the delivery records (a hash of the recipient, never the address).
    const records = await call(`${platform.notification}/api/v1/notifications/applications/${app.applicationNumber}/deliveries`, { token: await platform.token('salatiga.verifier') });
    expect(records.status).toBe(200);
    expect(records.body.map((r: Json) => [r.kind, r.status])).toEqual([
      ['RECEIVED', 'SENT'],
      ['ISSUED', 'SENT'],
    ]);
    expect(JSON.stringify(records.body)).not.toContain(email);
    const anonymous = await call(`${platform.notification}/api/v1/notifications/applications/${app.applicationNumber}/deliveries`);
    expect(anonymous.status).toBe(401);

    // The applicant's status view lists what was sent (NotificationSent, projected by intake).
    const view = await eventually<Json>(async () => {
      const r = await call(`${platform.intake}/api/v1/applications/${app.applicationNumber}`, { headers: { 'x-tracking-code': app.trackingCode } });
      return r.body.notifications?.length === 2 ? r.body : undefined;
    }, 30000);
    expect(view.notifications.map((n: Json) => [n.kind, n.channel])).toEqual([
      ['RECEIVED', 'EMAIL'],
      ['ISSUED', 'EMAIL'],
    ]);
    expect(view.notifications.every((n: Json) => !Number.isNaN(Date.parse(n.sentAt)))).toBe(true);
  });

  it('outage: with the SMTP server down the application moves on; when it is back, each message arrives once', async () => {
    await smtp.stop();
    const email = `outage.${randomUUID().slice(0, 8)}@example.id`;
    let app: { applicationNumber: string; trackingCode: string };
    try {
      app = await submit(email);
      await untilIssued(app);
      // Both messages wait, having failed at least once against the stopped server.
      await eventually(async () => {
        const rows = await deliveries(app.applicationNumber);
        return rows.length === 2 && rows.every((r) => r.status === 'PENDING' && r.attempts >= 1) ? rows : undefined;
      }, 60000);
    } finally {
      await smtp.start();
    }
    const mails = await smtp.waitFor(email, () => true, 2, 60000);
    expect(subjects(mails)).toEqual([`Izin untuk permohonan ${app.applicationNumber} telah terbit`, `Permohonan ${app.applicationNumber} diterima`]);
    const rows = await deliveries(app.applicationNumber);
    expect(rows.map((r) => r.status)).toEqual(['SENT', 'SENT']);
    expect(rows.every((r) => r.attempts >= 2)).toBe(true);
    // Nothing more comes later.
    await new Promise((r) => setTimeout(r, 1500));
    expect(smtp.to(email)).toHaveLength(2);
  });

  it('redelivery: the same ApplicationSubmitted event published again sends no second message', async () => {
    const email = `again.${randomUUID().slice(0, 8)}@example.id`;
    const app = await submit(email);
    await smtp.waitFor(email, (m) => m.subject.includes('diterima'), 1, 30000);
    const kafka = testKafka();
    const [record] = await collectMessages(kafka, TOPICS.applicationSubmitted, {
      count: 1,
      // Application numbers start again with every test database; the address is this run's own.
      filter: (m) => JSON.parse(m.value).payload.contact?.email === email,
    });
    const eventId = JSON.parse(record.value).eventId as string;
    const duplicates = async () => {
      const metrics = await (await fetch(`${platform.notification}/metrics`)).text();
      return Number(/mpp_events_consumed_total\{topic="mpp\.intake\.application-submitted\.v1",outcome="duplicate"\} (\d+)/.exec(metrics)?.[1] ?? 0);
    };
    const before = await duplicates();
    const producer = kafka.producer();
    await producer.connect();
    try {
      await producer.send({ topic: TOPICS.applicationSubmitted, messages: [{ key: record.key, value: record.value, headers: record.headers }] });
    } finally {
      await producer.disconnect();
    }
    // The notification service has seen the event a second time once its metric counts a duplicate of it;
    // the inbox holds the event once.
    await eventually(async () => ((await duplicates()) > before ? true : undefined), 30000);
    const inbox = await pg.query(`SELECT count(*)::int AS n FROM "notification"."inbox" WHERE "event_id" = $1`, [eventId]);
    expect(inbox.rows[0].n).toBe(1);
    await new Promise((r) => setTimeout(r, 1000));
    expect(smtp.to(email).filter((m) => m.subject.includes('diterima'))).toHaveLength(1);
    expect((await deliveries(app.applicationNumber)).filter((r) => r.kind === 'RECEIVED')).toHaveLength(1);
  });

  it('refuses a malformed address at submission, naming the field, and stores nothing', async () => {
    const body = application();
    const before = await applicationCount(pg);
    const refused = await call(`${platform.intake}/api/v1/applications`, { body: { ...body, applicant: { ...body.applicant, email: 'siti at example' } } });
    expect(refused.status).toBe(400);
    expect(refused.body.details).toContainEqual(expect.objectContaining({ field: 'applicant.email', rule: 'isEmail' }));
    expect(await applicationCount(pg)).toBe(before);
  });
});
