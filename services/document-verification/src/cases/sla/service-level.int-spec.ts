import { ApplicationSubmittedV1, EventEnvelope, EVENTS, OfficeConfiguredV1, RiskLevel } from '@mpp/contracts';
import { kafkaContext, officeConfigured, officer, startVerificationHarness, submittedApplication, VerificationHarness } from '../../testing/verification-harness';
import { OfficeCalendarEntity } from '../office-calendar';
import { OfficerReviewService } from '../officer-review/officer-review.service';
import { OfficeConfiguredConsumer } from './office-configured.consumer';
import { SlaBreachMonitor } from './sla-breach-monitor';

const siti = officer('siti');

/** OfficeConfigured (handed to the consumer as a record) and the monitor announcing missed service levels. */
describe('service levels', () => {
  let h: VerificationHarness;

  beforeAll(async () => {
    h = await startVerificationHarness();
  });
  afterAll(() => h?.close());

  describe('OfficeConfigured', () => {
    let offset = 0;
    const configure = (event: EventEnvelope<OfficeConfiguredV1>) =>
      h.get(OfficeConfiguredConsumer).onOfficeConfigured(kafkaContext(h.record(EVENTS.OfficeConfigured, event, String(offset++))));
    const envelope = (config: OfficeConfiguredV1) => h.envelope(EVENTS.OfficeConfigured, config, { tenant: config.code, aggregateId: config.officeId });
    const calendar = () => h.dataSource.getRepository(OfficeCalendarEntity).findOneByOrFail({ code: '3376' });

    it('keeps the newest revision of an office calendar; a redelivery has one effect', async () => {
      const second = envelope(officeConfigured('3376', 2, 7));
      expect(await configure(second)).toBe('processed');
      expect(await calendar()).toMatchObject({ code: '3376', timezone: 'Asia/Jakarta', verificationDays: 7, revision: 2, calendar: { weekendDays: [], holidays: [] } });

      expect(await configure(envelope(officeConfigured('3376', 1, 3)))).toBe('processed');
      expect(await calendar()).toMatchObject({ verificationDays: 7, revision: 2 });

      const third = envelope({ ...officeConfigured('3376', 3, 4), calendar: { weekendDays: [0], holidays: ['2026-12-25'] } });
      expect(await configure(third)).toBe('processed');
      expect(await configure(third)).toBe('duplicate');
      expect(await calendar()).toMatchObject({ verificationDays: 4, revision: 3, calendar: { weekendDays: [0], holidays: ['2026-12-25'] } });
      expect(await h.outbox()).toEqual([]);
    });
  });

  describe('breach monitor', () => {
    it('announces a missed due date once, flags the case, and leaves stopped or decided clocks alone', async () => {
      const monitor = h.get(SlaBreachMonitor);
      const running = await h.openCase();
      const waiting = await h.openCase();
      await h.get(OfficerReviewService).requestRevision(waiting.id, siti, ['Lengkapi NPWP']);
      const decided = await h.openCase();
      await h.get(OfficerReviewService).reject(decided.id, siti, ['Lokasi di luar wilayah']);
      // Even with a due date left behind, a decided case is past the clock.
      await h.pg.query(`UPDATE verification.verification_cases SET due_at = now() - interval '1 day' WHERE id = $1`, [decided.id]);

      const due = running.dueAt as Date;
      expect(await monitor.check(new Date(due.getTime() - 1000))).toBe(0);
      const detected = new Date(due.getTime() + 1000);
      expect(await monitor.check(detected)).toBe(1);
      expect(await monitor.check(new Date(due.getTime() + 60_000))).toBe(0);

      expect(await h.caseOf(running.applicationId)).toMatchObject({ slaBreachedAt: detected, status: 'AWAITING_OFFICER', dueAt: due });
      expect((await h.get(OfficerReviewService).get(running.id, siti)).overdue).toBe(true);
      const events = await h.events(EVENTS.SlaBreached);
      expect(events).toHaveLength(1);
      expect(events[0]).toMatchObject({
        tenant: '3373',
        aggregateId: running.applicationId,
        payload: {
          applicationId: running.applicationId,
          applicationNumber: running.applicationNumber,
          officeCode: '3373',
          caseId: running.id,
          stage: 'VERIFICATION',
          dueAt: due.toISOString(),
          detectedAt: detected.toISOString(),
        },
      });
      expect(events[0].actor).toBeUndefined();
      const audit = await h.auditLog({ action: 'case.sla-breached' });
      expect(audit).toEqual([
        expect.objectContaining({
          office: '3373',
          actor: { kind: 'system', id: 'document-verification', role: null },
          subject: { type: 'verification-case', id: running.id },
          details: { dueAt: due.toISOString() },
        }),
      ]);
      for (const quiet of [waiting, decided]) expect((await h.caseOf(quiet.applicationId)).slaBreachedAt).toBeNull();
    });

    /** A clinic (KBLI 86105, micro: Menengah Tinggi), waiting for a verifier, decided under `ruleSet`. */
    const clinic = (ruleSet: string | null): ApplicationSubmittedV1 => {
      const application = submittedApplication({ riskLevel: RiskLevel.MENENGAH_TINGGI, ruleSet });
      return { ...application, business: { ...application.business, kbli: '86105', kbliTitle: 'Aktivitas Klinik Swasta' } };
    };

    it('deems a Menengah Tinggi case verified when its deadline lapses under PP 28/2025 (Pasal 225), once; not under PP 5/2021', async () => {
      const monitor = h.get(SlaBreachMonitor);
      const lapsing = await h.openCase(clinic('PP-28-2025'));
      const older = await h.openCase(clinic(null));
      expect([lapsing.status, older.status]).toEqual(['AWAITING_OFFICER', 'AWAITING_OFFICER']);
      const due = lapsing.dueAt as Date;
      await h.pg.query(`UPDATE verification.verification_cases SET due_at = $2 WHERE id = $1`, [older.id, due]);

      // One working day ahead, the warning says which lapse would verify the case by operation of law.
      expect(await monitor.warnDueSoon(new Date(due.getTime() - 3600 * 1000))).toBe(2);
      const [warned] = await h.events(EVENTS.SlaDueSoon, lapsing.applicationId);
      expect(warned.payload.deemedOnLapse).toBe('PP 28/2025 Pasal 225');
      expect((await h.events(EVENTS.SlaDueSoon, older.applicationId))[0].payload.deemedOnLapse).toBeUndefined();

      const lapsed = new Date(due.getTime() + 1000);
      expect(await monitor.check(lapsed)).toBe(2);
      expect(await monitor.check(new Date(due.getTime() + 60_000))).toBe(0);

      expect(await h.caseOf(lapsing.applicationId)).toMatchObject({ status: 'VERIFIED', decidedBy: 'DEEMED', decidedAt: lapsed, dueAt: null, slaBreachedAt: lapsed });
      const events = await h.outbox({ aggregateId: lapsing.applicationId });
      expect(events.map((e) => e.type)).toEqual(['VerificationStarted', 'SlaDueSoon', 'SlaBreached', 'DocumentsVerified']);
      expect(events[3].envelope.payload).toMatchObject({
        applicationId: lapsing.applicationId,
        riskLevel: 'MENENGAH_TINGGI',
        ruleSet: 'PP-28-2025',
        verifiedBy: 'DEEMED',
        deemedBasis: 'PP 28/2025 Pasal 225',
        verifiedAt: lapsed.toISOString(),
      });
      expect(await h.auditLog({ action: 'case.deemed-verified' })).toEqual([
        expect.objectContaining({
          subject: { type: 'verification-case', id: lapsing.id },
          details: { applicationNumber: lapsing.applicationNumber, dueAt: due.toISOString(), legalBasis: 'PP 28/2025 Pasal 225', ruleSet: 'PP-28-2025' },
        }),
      ]);

      // Decided under PP 5/2021: the breach is announced, nothing is deemed.
      expect(await h.caseOf(older.applicationId)).toMatchObject({ status: 'AWAITING_OFFICER', decidedBy: null, slaBreachedAt: lapsed });
      expect((await h.outbox({ aggregateId: older.applicationId })).map((e) => e.type)).toEqual(['VerificationStarted', 'SlaDueSoon', 'SlaBreached']);
    });

    it('warns once per due date when a running clock is due within one working day, not earlier, and not while it is stopped', async () => {
      const monitor = h.get(SlaBreachMonitor);
      const before = (await h.events(EVENTS.SlaDueSoon)).length;
      const running = await h.openCase();
      const paused = await h.openCase();
      await h.get(OfficerReviewService).requestRevision(paused.id, siti, ['Lengkapi NPWP']);
      const due = running.dueAt as Date;

      // A week and more before: nothing. The last hours: once, however often the monitor looks.
      expect(await monitor.warnDueSoon(new Date(due.getTime() - 10 * 24 * 3600 * 1000))).toBe(0);
      const detected = new Date(due.getTime() - 3600 * 1000);
      expect(await monitor.warnDueSoon(detected)).toBe(1);
      expect(await monitor.warnDueSoon(new Date(due.getTime() - 60 * 1000))).toBe(0);
      const events = (await h.events(EVENTS.SlaDueSoon)).slice(before);
      expect(events.map((e) => e.payload)).toEqual([
        {
          applicationId: running.applicationId,
          applicationNumber: running.applicationNumber,
          officeCode: '3373',
          caseId: running.id,
          stage: 'VERIFICATION',
          dueAt: due.toISOString(),
          detectedAt: detected.toISOString(),
        },
      ]);
      const warnings = (await h.auditLog({ action: 'case.sla-due-soon' })).filter((a) => [running.id, paused.id].includes(a.subject.id));
      expect(warnings).toEqual([expect.objectContaining({ subject: { type: 'verification-case', id: running.id } })]);
      // A new due date (the clock started again) is warned about again.
      const later = new Date(due.getTime() + 7 * 24 * 3600 * 1000);
      await h.pg.query(`UPDATE verification.verification_cases SET due_at = $2 WHERE id = $1`, [running.id, later]);
      expect(await monitor.warnDueSoon(new Date(later.getTime() - 3600 * 1000))).toBe(1);
      expect((await h.caseOf(paused.applicationId)).slaWarnedFor).toBeNull();
    });
  });
});
