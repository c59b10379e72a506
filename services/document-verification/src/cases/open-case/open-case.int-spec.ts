import { ApplicationSubmittedV1, EventEnvelope, EVENTS } from '@mpp/contracts';
import { kafkaContext, officeConfigured, startVerificationHarness, submittedApplication, VerificationHarness } from '../../testing/verification-harness';
import { OfficeConfiguredConsumer } from '../sla/office-configured.consumer';
import { CaseStatus } from '../verification-case.entity';
import { ApplicationSubmittedConsumer } from './application-submitted.consumer';

const SERVICE = { kind: 'system', id: 'document-verification' };

/** ApplicationSubmitted → a verification case, handed to the consumer as a record (no broker). */
describe('open a case (ApplicationSubmitted)', () => {
  let h: VerificationHarness;

  beforeAll(async () => {
    h = await startVerificationHarness();
  });
  afterAll(() => h?.close());

  const consume = (event: EventEnvelope<ApplicationSubmittedV1>, offset = '0') =>
    h.get(ApplicationSubmittedConsumer).onApplicationSubmitted(kafkaContext(h.record(EVENTS.ApplicationSubmitted, event, offset)));

  it('puts a case whose automatic checks fail in the officer queue, with its clock running', async () => {
    const application = submittedApplication({ needsOfficer: true });
    const event = h.envelope(EVENTS.ApplicationSubmitted, application);
    expect(await consume(event)).toBe('processed');

    const opened = await h.caseOf(application.applicationId);
    expect(opened).toMatchObject({ status: CaseStatus.AWAITING_OFFICER, officeCode: '3373', checklist: [], decidedAt: null, decidedBy: null, assignedTo: null });
    expect(opened.automaticChecks.filter((c) => !c.passed).map((c) => c.name)).toEqual(['location-within-office']);
    expect(opened.slaClock).toMatchObject({ budgetDays: 5, runningSince: opened.openedAt.toISOString() });
    expect(opened.dueAt?.getTime()).toBeGreaterThan(opened.openedAt.getTime());

    const [started, ...more] = await h.outbox({ aggregateId: application.applicationId });
    expect(more).toEqual([]);
    expect(started.envelope).toMatchObject({
      type: 'VerificationStarted',
      tenant: '3373',
      actor: SERVICE,
      correlationId: event.correlationId,
      causationId: event.eventId,
      payload: {
        applicationId: application.applicationId,
        applicationNumber: application.applicationNumber,
        officeCode: '3373',
        caseId: opened.id,
        checklist: [],
        automaticChecks: opened.automaticChecks,
        startedAt: opened.openedAt.toISOString(),
      },
    });
    const audit = await h.auditLog({ subjectId: opened.id });
    expect(audit).toEqual([
      expect.objectContaining({
        action: 'case.opened',
        office: '3373',
        actor: { ...SERVICE, role: null },
        subject: { type: 'verification-case', id: opened.id },
        correlationId: event.correlationId,
        details: { applicationNumber: application.applicationNumber, failedChecks: ['location-within-office'] },
      }),
    ]);
  });

  it('verifies a low-risk application with every check passing without an officer', async () => {
    const application = submittedApplication();
    expect(await consume(h.envelope(EVENTS.ApplicationSubmitted, application))).toBe('processed');

    const verified = await h.caseOf(application.applicationId);
    expect(verified).toMatchObject({ status: CaseStatus.VERIFIED, decidedBy: 'AUTOMATIC', decidedAt: verified.openedAt, slaClock: null, dueAt: null, ruleSet: 'PP-28-2025' });
    const events = await h.outbox({ aggregateId: application.applicationId });
    expect(events.map((e) => e.type)).toEqual(['VerificationStarted', 'DocumentsVerified']);
    expect(events[1].envelope).toMatchObject({
      actor: SERVICE,
      payload: {
        applicationId: application.applicationId,
        applicationNumber: application.applicationNumber,
        officeCode: '3373',
        applicant: application.applicant,
        business: application.business,
        businessScale: application.businessScale,
        riskLevel: application.riskLevel,
        ruleSet: 'PP-28-2025',
        caseId: verified.id,
        verifiedBy: 'AUTOMATIC',
        verifiedAt: verified.openedAt.toISOString(),
      },
    });
    const audit = await h.auditLog({ subjectId: verified.id });
    expect(audit.map((a) => [a.action, a.details])).toEqual([['case.verified-automatically', { applicationNumber: application.applicationNumber, failedChecks: [] }]]);
  });

  it('keeps the rule set an application was decided under: none named is PP 5/2021, an unknown one is dead-lettered', async () => {
    const before = submittedApplication({ ruleSet: null });
    expect(await consume(h.envelope(EVENTS.ApplicationSubmitted, before))).toBe('processed');
    expect((await h.caseOf(before.applicationId)).ruleSet).toBe('PP-5-2021');
    const [, verified] = await h.outbox({ aggregateId: before.applicationId });
    expect(verified.envelope.payload).toMatchObject({ ruleSet: 'PP-5-2021' });

    const unknown = submittedApplication({ ruleSet: 'PP-99-2030' });
    expect(await consume(h.envelope(EVENTS.ApplicationSubmitted, unknown), '1')).toBe('dead-lettered');
    expect(await h.outbox({ aggregateId: unknown.applicationId })).toEqual([]);
  });

  it('applies a redelivered record once, and a second submission event of an opened application changes nothing', async () => {
    const application = submittedApplication({ needsOfficer: true });
    const event = h.envelope(EVENTS.ApplicationSubmitted, application);
    expect(await consume(event, '10')).toBe('processed');
    expect(await consume(event, '11')).toBe('duplicate');
    expect(await consume(h.envelope(EVENTS.ApplicationSubmitted, application), '12')).toBe('processed');

    const opened = await h.caseOf(application.applicationId);
    expect((await h.pg.query(`SELECT count(*)::int AS n FROM verification.verification_cases WHERE application_id = $1`, [application.applicationId])).rows[0].n).toBe(1);
    expect(await h.outbox({ aggregateId: application.applicationId })).toHaveLength(1);
    expect(await h.auditLog({ subjectId: opened.id })).toHaveLength(1);
  });

  it("runs the clock on the office's configured verification days", async () => {
    const config = officeConfigured('7371', 1, 10);
    const configured = h.envelope(EVENTS.OfficeConfigured, config, { tenant: '7371', aggregateId: config.officeId });
    expect(await h.get(OfficeConfiguredConsumer).onOfficeConfigured(kafkaContext(h.record(EVENTS.OfficeConfigured, configured)))).toBe('processed');

    const application = submittedApplication({ officeCode: '7371', needsOfficer: true });
    expect(await consume(h.envelope(EVENTS.ApplicationSubmitted, application), '20')).toBe('processed');
    const opened = await h.caseOf(application.applicationId);
    expect(opened.slaClock?.budgetDays).toBe(10);
    // Every day a working day: due ten days after opening, to the day.
    const days = ((opened.dueAt as Date).getTime() - opened.openedAt.getTime()) / 86_400_000;
    expect(days).toBeGreaterThan(9);
    expect(days).toBeLessThanOrEqual(11);
  });
});
