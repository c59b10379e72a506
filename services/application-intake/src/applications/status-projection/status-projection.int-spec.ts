import { randomUUID } from 'node:crypto';
import { KafkaContext } from '@nestjs/microservices';
import { ApplicationRef, ApplicationSubmittedV1, DEAD_LETTER_HEADERS, EVENT_HEADERS, EventActor, EventDefinition, EventEnvelope, EVENTS } from '@mpp/contracts';
import { ConsumeOutcome, KafkaProducer, OfflineKafkaProducer } from '@mpp/messaging';
import { HarnessRecord } from '@mpp/testing';
import { IntakeHarness, startIntakeHarness } from '../../testing/intake-harness';
import { StepEvent, SystemEvent } from '../application-lifecycle';
import { TrackApplicationService } from '../track-application/track-application.service';
import { ApplicationEventsConsumer } from './application-events.consumer';

/** The Kafka context the consumer's handler methods get, around a record. */
function kafkaContext(record: HarnessRecord): KafkaContext {
  const message = { key: Buffer.from(record.key ?? ''), value: Buffer.from(record.value), headers: record.headers, offset: record.offset, timestamp: '0', attributes: 0 };
  return new KafkaContext([message, record.partition, record.topic, undefined as never, async () => undefined, undefined as never]);
}

type Deliver = (consumer: ApplicationEventsConsumer, ctx: KafkaContext) => Promise<ConsumeOutcome>;

/** Each event, as the consumer's @EventPattern method for its topic receives it. */
const CONSUMER_METHOD: Record<SystemEvent, Deliver> = {
  VerificationStarted: (c, ctx) => c.onVerificationStarted(ctx),
  DocumentsVerified: (c, ctx) => c.onDocumentsVerified(ctx),
  RevisionRequested: (c, ctx) => c.onRevisionRequested(ctx),
  ApplicationRejected: (c, ctx) => c.onApplicationRejected(ctx),
  ApprovalRequested: (c, ctx) => c.onApprovalRequested(ctx),
  ApplicationDenied: (c, ctx) => c.onApplicationDenied(ctx),
  PermitIssued: (c, ctx) => c.onPermitIssued(ctx),
  PermitRevoked: (c, ctx) => c.onPermitRevoked(ctx),
  SlaBreached: (c, ctx) => c.onSlaBreached(ctx),
  ApprovalOverdue: (c, ctx) => c.onApprovalOverdue(ctx),
};

const ref = (s: ApplicationRef): ApplicationRef => ({ applicationId: s.applicationId, applicationNumber: s.applicationNumber, officeCode: s.officeCode });
const NIB = '2811260000001';
const DUE = '2026-12-24T09:00:00.000Z';

/** A valid payload of each event about a submitted application, the decision taken at `at`. */
const PAYLOAD: Record<SystemEvent, (s: ApplicationSubmittedV1, at: string) => object> = {
  VerificationStarted: (s, at) => ({ ...ref(s), caseId: randomUUID(), checklist: ['KTP'], automaticChecks: [], startedAt: at }),
  DocumentsVerified: ({ submittedAt: _, ...snapshot }, at) => ({ ...snapshot, caseId: randomUUID(), verifiedBy: 'OFFICER', verifiedAt: at }),
  RevisionRequested: (s, at) => ({ ...ref(s), caseId: randomUUID(), reasons: ['Foto KTP tidak terbaca'], requestedAt: at }),
  ApplicationRejected: (s, at) => ({ ...ref(s), caseId: randomUUID(), reasons: ['Lokasi usaha tidak sesuai tata ruang'], rejectedAt: at }),
  ApprovalRequested: (s, at) => ({ ...ref(s), approvalId: randomUUID(), requestedAt: at, dueAt: DUE }),
  ApplicationDenied: (s, at) => ({ ...ref(s), approvalId: randomUUID(), reason: 'Izin lingkungan belum ada', deniedAt: at }),
  PermitIssued: (s, at) => ({
    ...ref(s),
    nib: NIB,
    permits: [{ type: 'NIB', number: NIB, issuedAt: at, verificationUrl: `http://localhost:3003/api/v1/permits/${NIB}/verification` }],
    issuedAt: at,
  }),
  PermitRevoked: (s, at) => ({ ...ref(s), type: 'NIB', number: NIB, reason: 'Data palsu', revokedAt: at }),
  SlaBreached: (s, at) => ({ ...ref(s), caseId: randomUUID(), stage: 'VERIFICATION', dueAt: DUE, detectedAt: at }),
  ApprovalOverdue: (s, at) => ({ ...ref(s), approvalId: randomUUID(), dueAt: DUE, detectedAt: at }),
};

/** The step each event adds to the timeline, as the entrepreneur reads it. */
const STEP: Record<StepEvent, { status: string; note: string | null; reasons: string[] | null }> = {
  VerificationStarted: { status: 'UNDER_VERIFICATION', note: null, reasons: null },
  DocumentsVerified: { status: 'VERIFIED', note: 'Verified by an officer', reasons: null },
  RevisionRequested: { status: 'REVISION_REQUESTED', note: 'The verifier asked for corrected or missing documents', reasons: ['Foto KTP tidak terbaca'] },
  ApplicationRejected: { status: 'REJECTED', note: 'Rejected at verification', reasons: ['Lokasi usaha tidak sesuai tata ruang'] },
  ApprovalRequested: { status: 'AWAITING_APPROVAL', note: 'Waiting for the head of office to approve the Izin', reasons: null },
  ApplicationDenied: { status: 'REJECTED', note: 'Denied by the head of office', reasons: ['Izin lingkungan belum ada'] },
  PermitIssued: { status: 'ISSUED', note: null, reasons: null },
};

const verifier: EventActor = { kind: 'officer', id: 'verifier-3373', role: 'verifier', office: '3373' };

describe('the status projection (every consumed event, service level, real PostgreSQL)', () => {
  let h: IntakeHarness;
  let consumer: ApplicationEventsConsumer;

  beforeAll(async () => {
    h = await startIntakeHarness();
    consumer = h.get(ApplicationEventsConsumer);
  });
  afterAll(() => h?.close());

  /** A new application in Salatiga, as ApplicationSubmitted announced it. */
  const submitted = async (): Promise<ApplicationSubmittedV1> => (await h.submitApplication()).announced;

  /** Seconds after now, as an ISO instant (later than the submission). */
  const later = (seconds: number) => new Date(Date.now() + seconds * 1000).toISOString();

  function envelope(event: SystemEvent, application: ApplicationSubmittedV1, at: string, options: { actor?: EventActor; tenant?: string } = {}) {
    const definition = EVENTS[event] as EventDefinition<object>;
    return h.envelope(definition, PAYLOAD[event](application, at), { occurredAt: at, aggregateId: application.applicationId, tenant: options.tenant ?? application.officeCode, actor: options.actor });
  }

  function deliver(event: SystemEvent, e: EventEnvelope<object>, offset = '0'): Promise<ConsumeOutcome> {
    return CONSUMER_METHOD[event](consumer, kafkaContext(h.record(EVENTS[event] as EventDefinition<object>, e, offset)));
  }

  const application = async (id: string) => (await h.pg.query(`SELECT * FROM "intake"."applications" WHERE "id" = $1`, [id])).rows[0];
  const timeline = async (id: string) =>
    (await h.pg.query(`SELECT "status", "note", "reasons", "event_id" FROM "intake"."application_timeline" WHERE "application_id" = $1 ORDER BY "at", "id"`, [id])).rows;
  const permits = async (id: string) => (await h.pg.query(`SELECT * FROM "intake"."application_permits" WHERE "application_id" = $1`, [id])).rows;
  const deadLetters = () => (h.get(KafkaProducer) as unknown as OfflineKafkaProducer).sent.flatMap((s) => s.messages);

  for (const event of Object.keys(STEP) as StepEvent[]) {
    it(`${event}: records its step and the status once, audited, announcing nothing; a redelivery has no second effect`, async () => {
      const s = await submitted();
      const outboxBefore = (await h.outbox()).length;
      const e = envelope(event, s, later(5), { actor: verifier });

      expect(await deliver(event, e)).toBe('processed');
      expect(await deliver(event, e, '1')).toBe('duplicate');

      const step = STEP[event];
      expect(await timeline(s.applicationId)).toEqual([
        { status: 'SUBMITTED', note: null, reasons: null, event_id: null },
        { status: step.status, note: step.note, reasons: step.reasons, event_id: e.eventId },
      ]);
      const stored = await application(s.applicationId);
      expect(stored.status).toBe(step.status);
      expect(stored.approval_due_at?.toISOString() ?? null).toBe(event === 'ApprovalRequested' ? DUE : null);
      expect(await h.auditLog({ action: 'application.status-recorded', subjectId: s.applicationNumber })).toEqual([
        expect.objectContaining({
          office: '3373',
          actor: { kind: 'officer', id: 'verifier-3373', role: 'verifier' },
          correlationId: e.correlationId,
          details: { step: step.status, status: step.status, event: event, eventId: e.eventId },
        }),
      ]);
      expect(await h.outbox()).toHaveLength(outboxBefore);
      const { rows: inbox } = await h.pg.query(`SELECT "consumer" FROM "intake"."inbox" WHERE "event_id" = $1`, [e.eventId]);
      expect(inbox).toEqual([{ consumer: `application-intake:${event}` }]);
    });
  }

  it('NotificationSent: lists the message in the status view (kind, channel, when), once; the status and timeline unchanged', async () => {
    const app = await h.submitApplication();
    const s = app.announced;
    const sentAt = later(1);
    const payload = { ...ref(s), deliveryId: randomUUID(), kind: 'RECEIVED' as const, channel: 'EMAIL' as const, sentAt };
    const e = h.envelope(EVENTS.NotificationSent, payload, { aggregateId: s.applicationId });
    const send = (offset: string) => consumer.onNotificationSent(kafkaContext(h.record(EVENTS.NotificationSent, e, offset)));
    expect(await send('0')).toBe('processed');
    expect(await send('1')).toBe('duplicate');
    const view = await h.get(TrackApplicationService).track(app.number, { trackingCode: app.code });
    expect(view.notifications).toEqual([{ kind: 'RECEIVED', channel: 'EMAIL', sentAt }]);
    expect(view.status).toBe('SUBMITTED');
    expect((await timeline(s.applicationId)).map((t) => t.status)).toEqual(['SUBMITTED']);
    // Another office's event about it is refused like any other.
    const foreign = h.envelope(EVENTS.NotificationSent, { ...payload, deliveryId: randomUUID(), officeCode: '3374' }, { aggregateId: s.applicationId, tenant: '3374' });
    expect(await consumer.onNotificationSent(kafkaContext(h.record(EVENTS.NotificationSent, foreign, '2')))).toBe('dead-lettered');
  });

  it('PermitIssued: stores the permits once, and a redelivery adds none', async () => {
    const s = await submitted();
    const e = envelope('PermitIssued', s, later(5));
    await deliver('PermitIssued', e);
    await deliver('PermitIssued', e, '1');
    expect(await permits(s.applicationId)).toEqual([
      expect.objectContaining({ type: 'NIB', number: NIB, valid_until: null, verification_url: `http://localhost:3003/api/v1/permits/${NIB}/verification`, revoked_at: null }),
    ]);
  });

  it('DocumentsVerified: says when the verification was automatic', async () => {
    const s = await submitted();
    const e = envelope('DocumentsVerified', s, later(5));
    (e.payload as { verifiedBy: string }).verifiedBy = 'AUTOMATIC';
    await deliver('DocumentsVerified', e);
    expect((await timeline(s.applicationId)).at(-1)).toMatchObject({ status: 'VERIFIED', note: 'Verified automatically' });
  });

  it('PermitRevoked: marks the permit revoked with its reason, audited, the status and timeline unchanged; once', async () => {
    const s = await submitted();
    await deliver('PermitIssued', envelope('PermitIssued', s, later(5)));
    const revokedAt = later(10);
    const e = envelope('PermitRevoked', s, revokedAt);
    expect(await deliver('PermitRevoked', e)).toBe('processed');
    expect(await deliver('PermitRevoked', e, '1')).toBe('duplicate');

    const [permit] = await permits(s.applicationId);
    expect({ revokedAt: permit.revoked_at.toISOString(), reason: permit.revocation_reason }).toEqual({ revokedAt, reason: 'Data palsu' });
    expect((await application(s.applicationId)).status).toBe('ISSUED');
    expect(await timeline(s.applicationId)).toHaveLength(2);
    expect(await h.auditLog({ action: 'application.event-recorded', subjectId: s.applicationNumber })).toEqual([
      expect.objectContaining({ actor: { kind: 'system', id: 'application-intake', role: null }, details: { event: 'PermitRevoked', eventId: e.eventId, permit: NIB, revoked: true } }),
    ]);
  });

  it('SlaBreached: records since when the office is overdue, audited, the status unchanged; once', async () => {
    const s = await submitted();
    await deliver('VerificationStarted', envelope('VerificationStarted', s, later(5)));
    const detectedAt = later(10);
    const e = envelope('SlaBreached', s, detectedAt);
    expect(await deliver('SlaBreached', e)).toBe('processed');
    expect(await deliver('SlaBreached', e, '1')).toBe('duplicate');

    const stored = await application(s.applicationId);
    expect({ status: stored.status, overdueSince: stored.sla_breached_at.toISOString() }).toEqual({ status: 'UNDER_VERIFICATION', overdueSince: detectedAt });
    expect(await h.auditLog({ action: 'application.event-recorded', subjectId: s.applicationNumber })).toEqual([
      expect.objectContaining({ details: { event: 'SlaBreached', eventId: e.eventId, stage: 'VERIFICATION', dueAt: DUE } }),
    ]);
  });

  it('ApprovalOverdue: records since when the head of office is overdue, audited at the approval stage, the status unchanged; once', async () => {
    const s = await submitted();
    await deliver('ApprovalRequested', envelope('ApprovalRequested', s, later(5)));
    const detectedAt = later(10);
    const e = envelope('ApprovalOverdue', s, detectedAt);
    expect(await deliver('ApprovalOverdue', e)).toBe('processed');
    expect(await deliver('ApprovalOverdue', e, '1')).toBe('duplicate');

    const stored = await application(s.applicationId);
    expect({ status: stored.status, overdueSince: stored.sla_breached_at.toISOString() }).toEqual({ status: 'AWAITING_APPROVAL', overdueSince: detectedAt });
    expect((await timeline(s.applicationId)).map((t) => t.status)).toEqual(['SUBMITTED', 'AWAITING_APPROVAL']);
    expect(await h.auditLog({ action: 'application.event-recorded', subjectId: s.applicationNumber })).toEqual([
      expect.objectContaining({ details: { event: 'ApprovalOverdue', eventId: e.eventId, stage: 'APPROVAL', dueAt: DUE } }),
    ]);
  });

  it('ApprovalOverdue with a legal basis (fiktif positif): audited with the basis, not overdue; the permit issue that follows says the Izin was issued by operation of law', async () => {
    const s = await submitted();
    await deliver('ApprovalRequested', envelope('ApprovalRequested', s, later(5)));
    const lapsed = envelope('ApprovalOverdue', s, later(10));
    (lapsed.payload as { deemedBasis?: string }).deemedBasis = 'PP 28/2025 Pasal 230';
    expect(await deliver('ApprovalOverdue', lapsed)).toBe('processed');

    const issued = envelope('PermitIssued', s, later(10));
    const payload = issued.payload as { permits: object[] };
    payload.permits.push({ type: 'IZIN', number: '503/IZ/3373/0230', issuedAt: later(10), deemedBasis: 'PP 28/2025 Pasal 230' });
    expect(await deliver('PermitIssued', issued)).toBe('processed');

    const stored = await application(s.applicationId);
    expect({ status: stored.status, overdueSince: stored.sla_breached_at }).toEqual({ status: 'ISSUED', overdueSince: null });
    expect((await timeline(s.applicationId)).at(-1)).toEqual({
      status: 'ISSUED',
      note: 'Izin 503/IZ/3373/0230 issued by operation of law (fiktif positif): the office let its deadline lapse (PP 28/2025 Pasal 230)',
      reasons: null,
      event_id: issued.eventId,
    });
    expect(await h.auditLog({ action: 'application.event-recorded', subjectId: s.applicationNumber })).toEqual([
      expect.objectContaining({ details: { event: 'ApprovalOverdue', eventId: lapsed.eventId, stage: 'APPROVAL', dueAt: DUE, deemedBasis: 'PP 28/2025 Pasal 230' } }),
    ]);
    expect(await permits(s.applicationId)).toHaveLength(2);
  });

  it('keeps the status of the latest step when events arrive out of order (different topics)', async () => {
    const s = await submitted();
    const started = envelope('VerificationStarted', s, later(5));
    const verified = envelope('DocumentsVerified', s, later(6));
    const issued = envelope('PermitIssued', s, later(7));
    await deliver('PermitIssued', issued);
    await deliver('DocumentsVerified', verified);
    await deliver('VerificationStarted', started);

    expect((await application(s.applicationId)).status).toBe('ISSUED');
    expect((await timeline(s.applicationId)).map((t) => t.status)).toEqual(['SUBMITTED', 'UNDER_VERIFICATION', 'VERIFIED', 'ISSUED']);
    const audit = await h.auditLog({ action: 'application.status-recorded', subjectId: s.applicationNumber });
    expect(audit.map((a) => [a.details.step, a.details.status])).toEqual([
      ['ISSUED', 'ISSUED'],
      ['VERIFIED', 'ISSUED'],
      ['UNDER_VERIFICATION', 'ISSUED'],
    ]);
  });

  it('dead-letters an event about an unknown application or from another office, and applies nothing', async () => {
    const s = await submitted();
    const unknown = envelope('VerificationStarted', { ...s, applicationId: randomUUID() }, later(5));
    const otherOffice = envelope('VerificationStarted', s, later(5), { tenant: '3273' });
    expect(await deliver('VerificationStarted', unknown)).toBe('dead-lettered');
    expect(await deliver('VerificationStarted', otherOffice)).toBe('dead-lettered');

    const reasons = deadLetters()
      .filter((m) => [unknown.eventId, otherOffice.eventId].includes(m.headers?.[EVENT_HEADERS.eventId]?.toString() ?? ''))
      .map((m) => [m.headers?.[DEAD_LETTER_HEADERS.reason]?.toString(), m.headers?.[DEAD_LETTER_HEADERS.error]?.toString()]);
    expect(reasons).toEqual([
      ['rejected-by-handler', `unknown application ${(unknown.payload as ApplicationRef).applicationId}`],
      ['rejected-by-handler', `event does not match application ${s.applicationNumber}`],
    ]);
    expect(await timeline(s.applicationId)).toHaveLength(1);
    expect(await h.auditLog({ subjectId: s.applicationNumber, action: 'application.status-recorded' })).toEqual([]);
  });

  it('dead-letters an event that breaks its contract before any handler runs', async () => {
    const s = await submitted();
    const e = envelope('RevisionRequested', s, later(5));
    (e.payload as { reasons: string[] }).reasons = [];
    expect(await deliver('RevisionRequested', e)).toBe('dead-lettered');
    const letter = deadLetters().find((m) => m.headers?.[DEAD_LETTER_HEADERS.reason]?.toString() === 'invalid-event');
    expect(letter?.headers?.[DEAD_LETTER_HEADERS.error]?.toString()).toContain('payload.reasons');
    expect((await application(s.applicationId)).status).toBe('SUBMITTED');
  });
});
