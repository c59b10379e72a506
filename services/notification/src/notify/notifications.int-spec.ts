import { randomUUID } from 'node:crypto';
import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { register } from 'prom-client';
import { ApplicationSubmittedV1, BusinessScale, EventDefinition, EVENTS, PermitType, RiskLevel } from '@mpp/contracts';
import { KafkaContext } from '@nestjs/microservices';
import { ConsumeOutcome, EventConsumer, offlineMessaging } from '@mpp/messaging';
import { createServiceHarness, HarnessRecord, ReceivedMail, ServiceHarness, startTestSmtpServer, TestSmtpServer } from '@mpp/testing';
import { ContactRetention } from './contact-retention';
import { notificationDatabase } from '../database/notification-database';
import { DeliveryDispatcher } from '../deliveries/delivery-dispatcher';
import { OfficerDirectory } from '../offices/officer-directory';
import { UnsubscribeHttpController } from '../unsubscribe/unsubscribe.http.controller';
import { NotificationsService } from './notifications.service';
import { unsubscribeToken } from './recipients';
import { WorkflowEventsConsumer } from './workflow-events.consumer';

/** The Kafka context a consumer's @EventPattern method gets, around a record. */
function kafkaContext(record: HarnessRecord): KafkaContext {
  const message = { key: Buffer.from(record.key ?? ''), value: Buffer.from(record.value), headers: record.headers, offset: record.offset, timestamp: '0', attributes: 0 };
  return new KafkaContext([message, record.partition, record.topic, undefined as never, async () => undefined, undefined as never]);
}

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
    await h.transaction((m) => h.get(NotificationsService).slaDueSoon(event, m, verifiers, h.get(OfficerDirectory).addresses('3373', 'headOfOffice')));
    await send();
    const [mail] = await smtp.waitFor('verifikasi@salatiga.example.go.id', (m) => m.subject.includes(p.applicationNumber));
    expect(mail.subject).toBe(`Batas waktu layanan besok: permohonan ${p.applicationNumber}`);
    expect(mail.text).toContain('1 Desember 2026 pukul 23.59');
    expect(mail.text).not.toContain('fiktif positif');
    expect(smtp.to('kepala@salatiga.example.go.id').filter((m) => m.subject.includes(p.applicationNumber))).toEqual([]);
  });

  describe('fiktif positif (deemed approval, PP 28/2025)', () => {
    const HEAD = 'kepala@salatiga.example.go.id';
    const VERIFIERS = 'verifikasi@salatiga.example.go.id';
    /** No OfficeConfigured in these tests: the name the service signs with until it has one. */
    const OFFICE = 'MPP 3373';
    const ref = (p: ApplicationSubmittedV1) => ({ applicationId: p.applicationId, applicationNumber: p.applicationNumber, officeCode: p.officeCode });
    const consumer = () => h.get(WorkflowEventsConsumer);
    /** The event as the consumer's @EventPattern method gets it from Kafka (the officers' addresses from OFFICE_CONTACTS). */
    const deliver = <T extends object>(definition: EventDefinition<T>, payload: T, method: (c: WorkflowEventsConsumer, ctx: KafkaContext) => Promise<ConsumeOutcome>) =>
      method(consumer(), kafkaContext(h.record(definition, h.envelope(definition, payload))));
    const about = (p: ApplicationSubmittedV1) => (m: ReceivedMail) => m.subject.includes(p.applicationNumber);
    const flat = (text: string) => text.replace(/\s+/g, ' ');

    it('warns the verifiers and the head of office a working day ahead that a lapse deems the Sertifikat Standar verified', async () => {
      const p = submitted(undefined);
      const payload = { ...ref(p), caseId: randomUUID(), stage: 'VERIFICATION' as const, dueAt: '2026-12-01T16:59:59.999Z', detectedAt: new Date().toISOString() };
      expect(await deliver(EVENTS.SlaDueSoon, { ...payload, deemedOnLapse: 'PP 28/2025 Pasal 225' }, (c, ctx) => c.onSlaDueSoon(ctx))).toBe('processed');
      await send();
      for (const address of [VERIFIERS, HEAD]) {
        const [mail] = await smtp.waitFor(address, about(p));
        expect(mail.subject).toBe(`Batas waktu layanan besok, fiktif positif: permohonan ${p.applicationNumber}`);
        expect(flat(mail.text)).toContain('jatuh tempo paling lambat 1 Desember 2026 pukul 23.59');
        expect(flat(mail.text)).toContain('Sertifikat Standar permohonan ini dianggap terverifikasi karena hukum (fiktif positif) berdasarkan PP 28/2025 Pasal 225');
      }
      expect((await deliveries(p.applicationId)).map((d) => [d.kind, d.recipient]).sort()).toEqual([
        ['SLA_DUE_SOON_DEEMED', HEAD],
        ['SLA_DUE_SOON_DEEMED', VERIFIERS],
      ]);
    });

    it('tells the head of office that an approval is due within one working day, and what a lapse does where the rule set deems it', async () => {
      const deemed = submitted(undefined);
      const plain = submitted(undefined);
      const payload = (p: ApplicationSubmittedV1) => ({ ...ref(p), approvalId: randomUUID(), dueAt: '2026-12-01T16:59:59.999Z', detectedAt: new Date().toISOString() });
      expect(await deliver(EVENTS.ApprovalDueSoon, { ...payload(deemed), deemedOnLapse: 'PP 28/2025 Pasal 230' }, (c, ctx) => c.onApprovalDueSoon(ctx))).toBe('processed');
      expect(await deliver(EVENTS.ApprovalDueSoon, payload(plain), (c, ctx) => c.onApprovalDueSoon(ctx))).toBe('processed');
      await send();

      const [warning] = await smtp.waitFor(HEAD, about(deemed));
      expect(warning.subject).toBe(`Batas waktu persetujuan besok, fiktif positif: permohonan ${deemed.applicationNumber}`);
      expect(flat(warning.text)).toContain(`Persetujuan Izin permohonan ${deemed.applicationNumber} di ${OFFICE} jatuh tempo paling lambat 1 Desember 2026 pukul 23.59`);
      expect(flat(warning.text)).toContain('Izin terbit karena hukum (fiktif positif) berdasarkan PP 28/2025 Pasal 230');
      const [reminder] = await smtp.waitFor(HEAD, about(plain));
      expect(reminder.subject).toBe(`Batas waktu persetujuan besok: permohonan ${plain.applicationNumber}`);
      expect(reminder.text).not.toContain('fiktif positif');
      // The head of office decides; the verifiers are not told.
      expect(smtp.to(VERIFIERS).filter((m) => about(deemed)(m) || about(plain)(m))).toEqual([]);
    });

    it('tells the head of office that the Izin was issued by operation of law, or else escalates the missed approval', async () => {
      const deemed = submitted(undefined);
      const overdue = submitted(undefined);
      const payload = (p: ApplicationSubmittedV1) => ({ ...ref(p), approvalId: randomUUID(), dueAt: '2026-12-01T16:59:59.999Z', detectedAt: new Date().toISOString() });
      expect(await deliver(EVENTS.ApprovalOverdue, { ...payload(deemed), deemedBasis: 'PP 28/2025 Pasal 230' }, (c, ctx) => c.onApprovalOverdue(ctx))).toBe('processed');
      expect(await deliver(EVENTS.ApprovalOverdue, payload(overdue), (c, ctx) => c.onApprovalOverdue(ctx))).toBe('processed');
      await send();

      const [issuedByLaw] = await smtp.waitFor(HEAD, about(deemed));
      expect(issuedByLaw.subject).toBe(`Izin terbit karena hukum (fiktif positif): permohonan ${deemed.applicationNumber}`);
      expect(flat(issuedByLaw.text)).toContain('tidak diputuskan sampai batas waktunya (1 Desember 2026 pukul 23.59)');
      expect(flat(issuedByLaw.text)).toContain('Izin telah terbit karena hukum (fiktif positif) berdasarkan PP 28/2025 Pasal 230');
      const [escalation] = await smtp.waitFor(HEAD, about(overdue));
      expect(escalation.subject).toBe(`Batas waktu layanan terlewati: permohonan ${overdue.applicationNumber}`);
      expect(flat(escalation.text)).toContain(`Tahap persetujuan permohonan ${overdue.applicationNumber} di ${OFFICE} melewati batas waktu layanan (1 Desember 2026 pukul 23.59)`);
      expect((await deliveries(deemed.applicationId)).map((d) => d.kind)).toEqual(['APPROVAL_DEEMED_ISSUED']);
      expect((await deliveries(overdue.applicationId)).map((d) => d.kind)).toEqual(['SLA_BREACHED']);
      expect(smtp.to(VERIFIERS).filter((m) => about(deemed)(m) || about(overdue)(m))).toEqual([]);
    });

    it("tells the applicant, in their language, by email and WhatsApp, that the permit was issued by operation of law; the status view lists it as ISSUED", async () => {
      const id = submitted({ email: 'deemed.id@example.id', phone: '+6281200000230' });
      const en = submitted({ email: 'deemed.en@example.id', language: 'en' });
      for (const p of [id, en]) {
        await consume(EVENTS.ApplicationSubmitted, p, 'submitted');
        const nib = issued(p);
        const izin = { type: PermitType.IZIN, number: '503/IZ/3373/0230', issuedAt: nib.issuedAt, deemedBasis: 'PP 28/2025 Pasal 230' };
        await consume(EVENTS.PermitIssued, { ...nib, permits: [...nib.permits, izin] }, 'issued');
      }
      await send();

      const [indonesian] = await smtp.waitFor('deemed.id@example.id', (m) => m.subject.startsWith('Izin untuk'));
      expect(indonesian.subject).toBe(`Izin untuk permohonan ${id.applicationNumber} telah terbit (fiktif positif)`);
      expect(flat(indonesian.text)).toContain(
        `Izin 503/IZ/3373/0230 terbit karena hukum (fiktif positif) berdasarkan PP 28/2025 Pasal 230, karena ${OFFICE} tidak memberikan keputusan sampai batas waktunya.`,
      );
      const [whatsapp] = gatewayCalls.filter((c) => c.body.to === '+6281200000230' && c.body.text.includes('terbit karena hukum'));
      expect(whatsapp.body.text).toContain('Izin 503/IZ/3373/0230 terbit karena hukum (fiktif positif) berdasarkan PP 28/2025 Pasal 230');
      const [english] = await smtp.waitFor('deemed.en@example.id', (m) => m.subject.startsWith('Permit for'));
      expect(english.subject).toBe(`Permit for application ${en.applicationNumber} issued (fiktif positif)`);
      expect(flat(english.text)).toContain(
        `Izin (licence) 503/IZ/3373/0230 was issued by operation of law (fiktif positif) under PP 28/2025 Pasal 230, because ${OFFICE} did not decide by the deadline.`,
      );

      expect((await deliveries(id.applicationId)).map((d) => [d.kind, d.channel, d.status])).toEqual([
        ['RECEIVED', 'EMAIL', 'SENT'],
        ['RECEIVED', 'WHATSAPP', 'SENT'],
        ['ISSUED_DEEMED', 'EMAIL', 'SENT'],
        ['ISSUED_DEEMED', 'WHATSAPP', 'SENT'],
      ]);
      // Intake's status view knows the message as the permit's issue.
      expect((await h.events(EVENTS.NotificationSent, id.applicationId)).map((e) => e.payload.kind).sort()).toEqual(['ISSUED', 'ISSUED', 'RECEIVED', 'RECEIVED']);
    });
  });
});
