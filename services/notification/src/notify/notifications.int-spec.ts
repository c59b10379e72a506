import { randomUUID } from 'node:crypto';
import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { register } from 'prom-client';
import { ApplicationSubmittedV1, BusinessScale, EventDefinition, EVENTS, PermitType, RiskLevel } from '@mpp/contracts';
import { EventConsumer, offlineMessaging } from '@mpp/messaging';
import { createServiceHarness, ServiceHarness, startTestSmtpServer, TestSmtpServer } from '@mpp/testing';
import { ContactRetention } from './contact-retention';
import { notificationDatabase } from '../database/notification-database';
import { DeliveryDispatcher } from '../deliveries/delivery-dispatcher';
import { OfficerDirectory } from '../offices/officer-directory';
import { UnsubscribeHttpController } from '../unsubscribe/unsubscribe.http.controller';
import { NotificationsService } from './notifications.service';
import { unsubscribeToken } from './recipients';

/**
 * The notification service on the real database, with a real SMTP server (smtp-server) and a local
 * WhatsApp gateway; events are handed to its consumer as Kafka records would be.
 */
describe('notifications', () => {
  let h: ServiceHarness;
  let smtp: TestSmtpServer;
  let gateway: Server;
  const gatewayCalls: { auth?: string; body: { channel: string; to: string; text: string; reference: string } }[] = [];

  beforeAll(async () => {
    smtp = await startTestSmtpServer();
    gateway = createServer((req, res) => {
      let data = '';
      req.on('data', (c) => (data += c));
      req.on('end', () => {
        gatewayCalls.push({ auth: req.headers.authorization, body: JSON.parse(data) });
        res.writeHead(202, { 'content-type': 'application/json' }).end(JSON.stringify({ id: `wa-${gatewayCalls.length}` }));
      });
    });
    await new Promise<void>((resolve) => gateway.listen(0, '127.0.0.1', resolve));
    h = await createServiceHarness({
      appModule: async () => (await import('../app.module')).AppModule,
      database: notificationDatabase,
      role: 'notification_svc',
      overrides: offlineMessaging(),
      env: {
        SMTP_URL: smtp.url,
        NOTIFY_FROM: 'DPMPTSP Kota Salatiga <no-reply@salatiga.example.go.id>',
        PORTAL_BASE_URL: 'https://izin.example.go.id',
        NOTIFY_PUBLIC_URL: 'https://izin.example.go.id',
        // Passes run when the test says so.
        DELIVERY_POLL_INTERVAL_MS: '60000',
        DELIVERY_RETRY_BASE_MS: '100',
        DELIVERY_RETRY_MAX_MS: '200',
        DELIVERY_MAX_ATTEMPTS: '3',
        CONTACT_RETENTION_DAYS: '0',
        MESSAGE_GATEWAY_URL: `http://127.0.0.1:${(gateway.address() as AddressInfo).port}/send`,
        MESSAGE_GATEWAY_TOKEN: 'local-gateway-token',
        OFFICE_CONTACTS: JSON.stringify({ '3373': { headOfOffice: ['kepala@salatiga.example.go.id'], verifiers: ['verifikasi@salatiga.example.go.id'] } }),
      },
    });
  });
  afterAll(async () => {
    await h?.close();
    await smtp?.stop();
    await new Promise<void>((resolve) => gateway.close(() => resolve()));
  });

  const consume = <T extends object>(definition: EventDefinition<T>, payload: T, handler: keyof NotificationsService, eventId = randomUUID()) => {
    const service = h.get(NotificationsService);
    const envelope = h.envelope(definition, payload, { eventId });
    return h.get(EventConsumer).consumeRecord(definition, h.record(definition, envelope), (e, m) =>
      (service[handler] as (e: unknown, m: unknown) => Promise<void>).call(service, e, m),
    );
  };
  const send = () => h.get(DeliveryDispatcher).sendDue();
  const deliveries = async (applicationId: string) =>
    (await h.pg.query(`SELECT * FROM "notification"."deliveries" WHERE "application_id" = $1 ORDER BY "created_at", "kind", "channel"`, [applicationId])).rows;

  let sequence = 0;
  function submitted(contact: ApplicationSubmittedV1['contact']): ApplicationSubmittedV1 {
    sequence++;
    return {
      applicationId: randomUUID(),
      applicationNumber: `MPP-3373-2026-${String(900000 + sequence)}`,
      officeCode: '3373',
      applicant: { nik: '3373014508900001', name: 'Siti Rahayu' },
      business: { name: 'Warung Bu Siti', kbli: '47112', kbliTitle: 'Perdagangan eceran', capital: 50_000_000, address: { regionCode: '3373011001', street: 'Jl. Sukowati 5' } },
      businessScale: BusinessScale.MIKRO,
      riskLevel: RiskLevel.RENDAH,
      submittedAt: new Date().toISOString(),
      ...(contact ? { contact } : {}),
    };
  }
  const issued = (p: ApplicationSubmittedV1) => ({
    applicationId: p.applicationId,
    applicationNumber: p.applicationNumber,
    officeCode: p.officeCode,
    nib: '1234567890123',
    issuedAt: new Date().toISOString(),
    permits: [
      {
        type: PermitType.NIB,
        number: '1234567890123',
        issuedAt: new Date().toISOString(),
        verificationUrl: 'https://izin.example.go.id/verifikasi/1234567890123',
        certificateUrl: 'https://izin.example.go.id/api/v1/permits/1234567890123/certificate',
      },
    ],
  });

  it('emails the applicant that the application was received, once, even when the event comes again', async () => {
    const p = submitted({ email: 'siti.received@example.id' });
    const eventId = randomUUID();
    expect(await consume(EVENTS.ApplicationSubmitted, p, 'submitted', eventId)).toBe('processed');
    expect(await consume(EVENTS.ApplicationSubmitted, p, 'submitted', eventId)).toBe('duplicate');
    // Even applied again behind the inbox's back, the delivery is unique per event, channel and recipient.
    await h.transaction((m) => h.get(NotificationsService).submitted(h.envelope(EVENTS.ApplicationSubmitted, p, { eventId }), m));
    expect(await send()).toBe(1);
    expect(await send()).toBe(0);

    const [mail] = await smtp.waitFor('siti.received@example.id', () => true);
    expect(smtp.to('siti.received@example.id')).toHaveLength(1);
    expect(mail.subject).toBe(`Permohonan ${p.applicationNumber} diterima`);
    expect(mail.from).toContain('no-reply@salatiga.example.go.id');
    expect(mail.text).toContain(`https://izin.example.go.id/lacak?nomor=${p.applicationNumber}`);
    expect(mail.text).toContain('Warung Bu Siti');
    expect(mail.html).toContain(`<strong>${p.applicationNumber}</strong>`);
    const unsubscribe = `https://izin.example.go.id/api/v1/notifications/unsubscribe/${p.applicationId}/`;
    expect(mail.text).toContain(unsubscribe);
    expect(mail.html).toContain(unsubscribe);
    expect(mail.headers['list-unsubscribe']).toContain(unsubscribe);
    expect(mail.headers['list-unsubscribe-post']).toBe('List-Unsubscribe=One-Click');

    const [row] = await deliveries(p.applicationId);
    expect(row).toMatchObject({ kind: 'RECEIVED', channel: 'EMAIL', status: 'SENT', attempts: 1, event_id: eventId, recipient: null, subject: mail.subject });
    expect(row.recipient_hash).toMatch(/^[0-9a-f]{64}$/);
    expect(JSON.stringify(await deliveries(p.applicationId))).not.toContain('siti.received');
    // Announced once, for intake's status view: what was sent, on which channel, when; no address.
    const announced = await h.events(EVENTS.NotificationSent, p.applicationId);
    expect(announced.map((e) => e.payload)).toEqual([
      { applicationId: p.applicationId, applicationNumber: p.applicationNumber, officeCode: '3373', deliveryId: row.id, kind: 'RECEIVED', channel: 'EMAIL', sentAt: expect.any(String) },
    ]);
  });

  it('writes in English to an applicant who chose it, and sends WhatsApp through the gateway without the tracking code', async () => {
    const p = submitted({ email: 'sarah@example.id', phone: '+6281234567890', language: 'en' });
    await consume(EVENTS.ApplicationSubmitted, p, 'submitted');
    await consume(EVENTS.PermitIssued, issued(p), 'issued');
    expect(await send()).toBe(4);
    const mails = await smtp.waitFor('sarah@example.id', () => true, 2);
    expect(mails.map((m) => m.subject)).toEqual([`Application ${p.applicationNumber} received`, `Permit for application ${p.applicationNumber} issued`]);
    expect(mails[1].text).toContain('NIB: 1234567890123');
    expect(mails[1].html).toContain('<a href="https://izin.example.go.id/verifikasi/1234567890123">');
    const calls = gatewayCalls.filter((c) => c.body.to === '+6281234567890');
    expect(calls.map((c) => c.body.channel)).toEqual(['whatsapp', 'whatsapp']);
    expect(calls[0].auth).toBe('Bearer local-gateway-token');
    expect(calls[0].body.text).toContain(p.applicationNumber);
    expect(calls[0].body.text).not.toMatch(/kode pelacakan:|tracking code:/i);
    expect((await deliveries(p.applicationId)).map((d) => [d.kind, d.channel, d.status])).toEqual([
      ['RECEIVED', 'EMAIL', 'SENT'],
      ['RECEIVED', 'WHATSAPP', 'SENT'],
      ['ISSUED', 'EMAIL', 'SENT'],
      ['ISSUED', 'WHATSAPP', 'SENT'],
    ]);
  });

  it('keeps a message through an SMTP outage and sends it once when the server is back', async () => {
    const p = submitted({ email: 'outage@example.id' });
    await consume(EVENTS.ApplicationSubmitted, p, 'submitted');
    await smtp.stop();
    try {
      expect(await send()).toBe(1);
      const [waiting] = await deliveries(p.applicationId);
      expect(waiting).toMatchObject({ status: 'PENDING', attempts: 1 });
      expect(waiting.last_error).toMatch(/ECONNREFUSED|connect/i);
    } finally {
      await smtp.start();
    }
    await new Promise((r) => setTimeout(r, 300));
    expect(await send()).toBe(1);
    await smtp.waitFor('outage@example.id', () => true);
    expect(smtp.to('outage@example.id')).toHaveLength(1);
    expect((await deliveries(p.applicationId))[0]).toMatchObject({ status: 'SENT', attempts: 2 });
    expect(await h.events(EVENTS.NotificationSent, p.applicationId)).toHaveLength(1);
  });

  it('records a refused recipient as failed and does not try again; gives up after the bounded attempts, counted', async () => {
    const refused = submitted({ email: 'refused@example.id' });
    await consume(EVENTS.ApplicationSubmitted, refused, 'submitted');
    const busy = submitted({ email: 'busy@example.id' });
    await consume(EVENTS.ApplicationSubmitted, busy, 'submitted');
    for (let pass = 0; pass < 3; pass++) {
      await send();
      await new Promise((r) => setTimeout(r, 300));
    }
    expect(await send()).toBe(0);
    expect((await deliveries(refused.applicationId))[0]).toMatchObject({ status: 'FAILED', attempts: 1, last_error: expect.stringMatching(/550/) });
    expect((await deliveries(busy.applicationId))[0]).toMatchObject({ status: 'GAVE_UP', attempts: 3, last_error: expect.stringMatching(/451/) });
    const metrics = await register.metrics();
    expect(metrics).toMatch(/mpp_notification_gave_up_total\{channel="EMAIL"\} [1-9]/);
    expect(metrics).toMatch(/mpp_notification_deliveries_total\{channel="EMAIL",kind="RECEIVED",status="FAILED"\} [1-9]/);
  });

  it('tells an applicant nothing more after unsubscribing, and nothing to one without an address', async () => {
    const p = submitted({ email: 'unsub@example.id' });
    await consume(EVENTS.ApplicationSubmitted, p, 'submitted');
    const controller = h.get(UnsubscribeHttpController);
    expect(() => controller.confirm(p.applicationId, 'x'.repeat(43))).toThrow('No such unsubscribe link');
    const token = unsubscribeToken(process.env.RECIPIENT_HASH_KEY ?? 'mpp-notification-dev-recipient-hash-key', p.applicationId);
    expect(controller.confirm(p.applicationId, token)).toContain('<form method="post">');
    expect(await controller.unsubscribe(p.applicationId, token)).toContain('tidak akan menerima pesan lagi');
    await consume(EVENTS.PermitIssued, issued(p), 'issued');
    await send();
    expect((await deliveries(p.applicationId)).map((d) => [d.kind, d.status])).toEqual([['RECEIVED', 'CANCELLED']]);
    expect(smtp.to('unsub@example.id')).toEqual([]);
    expect(await h.auditLog({ action: 'contact.unsubscribed', subjectId: p.applicationNumber })).toHaveLength(1);

    const silent = submitted(undefined);
    await consume(EVENTS.ApplicationSubmitted, silent, 'submitted');
    expect(await deliveries(silent.applicationId)).toEqual([]);
  });

  it('deletes the contact data once the application has been closed for CONTACT_RETENTION_DAYS (0 here)', async () => {
    const p = submitted({ email: 'retention@example.id', phone: '+628111111111' });
    await consume(EVENTS.ApplicationSubmitted, p, 'submitted');
    await send();
    await consume(EVENTS.ApplicationWithdrawn, { applicationId: p.applicationId, applicationNumber: p.applicationNumber, officeCode: '3373', withdrawnAt: new Date().toISOString() }, 'withdrawn');
    expect(await h.get(ContactRetention).deleteExpired(new Date(Date.now() + 1000))).toBeGreaterThanOrEqual(1);
    expect((await h.pg.query(`SELECT 1 FROM "notification"."contacts" WHERE "application_id" = $1`, [p.applicationId])).rows).toEqual([]);
    // The withdrawal message was not sent yet: without an address it is cancelled, never sent elsewhere.
    await send();
    const rows = await deliveries(p.applicationId);
    expect(rows.filter((d) => d.kind === 'WITHDRAWN').map((d) => d.status)).toEqual(['CANCELLED', 'CANCELLED']);
    expect(JSON.stringify(rows)).not.toContain('retention@');
  });

  it("tells the head of office when a case misses its service level, at the office's configured address", async () => {
    const p = submitted(undefined);
    const heads = h.get(OfficerDirectory).addresses('3373', 'headOfOffice');
    expect(heads).toEqual(['kepala@salatiga.example.go.id']);
    const event = h.envelope(EVENTS.SlaBreached, {
      applicationId: p.applicationId,
      applicationNumber: p.applicationNumber,
      officeCode: '3373',
      caseId: randomUUID(),
      stage: 'VERIFICATION',
      dueAt: new Date().toISOString(),
      detectedAt: new Date().toISOString(),
    });
    await h.transaction((m) => h.get(NotificationsService).slaBreached(event, m, heads));
    await send();
    const [mail] = await smtp.waitFor('kepala@salatiga.example.go.id', (m) => m.subject.includes(p.applicationNumber));
    expect(mail.subject).toBe(`Batas waktu layanan terlewati: permohonan ${p.applicationNumber}`);
    expect(mail.text).not.toContain('/unsubscribe/');
    // Officers' messages are not the applicant's: nothing for the status view.
    expect(await h.events(EVENTS.NotificationSent, p.applicationId)).toEqual([]);
  });

  it("tells the office's verifiers when a case is due within one working day", async () => {
    const p = submitted(undefined);
    const verifiers = h.get(OfficerDirectory).addresses('3373', 'verifiers');
    const event = h.envelope(EVENTS.SlaDueSoon, {
      applicationId: p.applicationId,
      applicationNumber: p.applicationNumber,
      officeCode: '3373',
      caseId: randomUUID(),
      stage: 'VERIFICATION',
      dueAt: '2026-12-01T16:59:59.999Z',
      detectedAt: new Date().toISOString(),
    });
    await h.transaction((m) => h.get(NotificationsService).slaDueSoon(event, m, verifiers));
    await send();
    const [mail] = await smtp.waitFor('verifikasi@salatiga.example.go.id', (m) => m.subject.includes(p.applicationNumber));
    expect(mail.subject).toBe(`Batas waktu layanan besok: permohonan ${p.applicationNumber}`);
    expect(mail.text).toContain('1 Desember 2026 pukul 23.59');
    expect(smtp.to('kepala@salatiga.example.go.id').filter((m) => m.subject.includes(p.applicationNumber))).toEqual([]);
  });
});
