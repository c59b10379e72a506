import { ApplicationResubmittedV1, ApplicationWithdrawnV1, EventEnvelope, EVENTS } from '@mpp/contracts';
import { kafkaContext, officer, resubmitted, startVerificationHarness, submittedApplication, VerificationHarness, withdrawn } from '../../testing/verification-harness';
import { OfficerReviewService } from '../officer-review/officer-review.service';
import { CaseStatus, VerificationCaseEntity } from '../verification-case.entity';
import { ApplicantEventsConsumer } from './applicant-events.consumer';

const siti = officer('siti');
const applicant = { kind: 'applicant' as const, id: 'budi@example.id' };

/** ApplicationResubmitted and ApplicationWithdrawn, handed to the consumer as records (no broker). */
describe('applicant events', () => {
  let h: VerificationHarness;
  let offset = 0;

  beforeAll(async () => {
    h = await startVerificationHarness();
  });
  afterAll(() => h?.close());

  const resubmit = (event: EventEnvelope<ApplicationResubmittedV1>) =>
    h.get(ApplicantEventsConsumer).onResubmitted(kafkaContext(h.record(EVENTS.ApplicationResubmitted, event, String(offset++))));
  const withdraw = (event: EventEnvelope<ApplicationWithdrawnV1>) =>
    h.get(ApplicantEventsConsumer).onWithdrawn(kafkaContext(h.record(EVENTS.ApplicationWithdrawn, event, String(offset++))));
  const actions = async (found: VerificationCaseEntity) => (await h.auditLog({ subjectId: found.id })).map((a) => a.action);

  it('brings a resubmitted case back to the verifier who asked, with the clock running again; a redelivery has one effect', async () => {
    const application = submittedApplication({ needsOfficer: true });
    const found = await h.openCase(application);
    await h.get(OfficerReviewService).requestRevision(found.id, siti, ['Foto KTP tidak terbaca']);
    const later = new Date(Date.now() + 60_000).toISOString();
    const event = h.envelope(EVENTS.ApplicationResubmitted, resubmitted(application), { actor: applicant, occurredAt: later });

    expect(await resubmit(event)).toBe('processed');
    expect(await resubmit(event)).toBe('duplicate');
    const back = await h.caseOf(application.applicationId);
    expect(back).toMatchObject({ status: CaseStatus.AWAITING_OFFICER, assignedTo: 'siti-id', revisionRound: 1, decidedAt: null });
    expect(back.slaClock).toMatchObject({ runningSince: later, budgetDays: 5 });
    expect(back.slaClock?.runs).toHaveLength(1);
    expect(back.dueAt).not.toBeNull();

    const audit = await h.auditLog({ subjectId: found.id, action: 'case.resubmitted' });
    expect(audit).toEqual([
      expect.objectContaining({ office: '3373', actor: { ...applicant, role: null }, correlationId: event.correlationId, details: { applicationNumber: application.applicationNumber } }),
    ]);
    // The applicant's answer publishes nothing here (intake announced it).
    expect((await h.outbox({ aggregateId: application.applicationId })).map((e) => e.type)).toEqual(['VerificationStarted', 'RevisionRequested']);
  });

  it('after a second revision request (OSS 43 Re-Konfirmasi), the answer restarts the clock from zero (44); after the first it continues (42)', async () => {
    const application = submittedApplication({ needsOfficer: true });
    const found = await h.openCase(application);
    const review = h.get(OfficerReviewService);
    const answer = (minutes: number) => h.envelope(EVENTS.ApplicationResubmitted, resubmitted(application), { actor: applicant, occurredAt: new Date(Date.now() + minutes * 60_000).toISOString() });

    await review.requestRevision(found.id, siti, ['Foto KTP tidak terbaca']);
    const first = answer(1);
    expect(await resubmit(first)).toBe('processed');
    const continued = (await h.caseOf(application.applicationId)).slaClock;
    expect(continued).toMatchObject({ startedAt: found.slaClock?.startedAt, runningSince: first.occurredAt, resets: 0 });
    expect(continued?.runs).toHaveLength(1);

    await review.requestRevision(found.id, siti, ['NPWP belum diunggah']);
    const second = answer(2);
    expect(await resubmit(second)).toBe('processed');
    const back = await h.caseOf(application.applicationId);
    expect(back).toMatchObject({ status: CaseStatus.AWAITING_OFFICER, revisionRound: 2 });
    expect(back.slaClock).toEqual({ startedAt: second.occurredAt, budgetDays: 5, runs: [], runningSince: second.occurredAt, resets: 1 });
    expect(back.dueAt).not.toBeNull();
  });

  it('ignores a resubmission of a case that is not waiting for the applicant', async () => {
    const application = submittedApplication({ needsOfficer: true });
    const found = await h.openCase(application);
    expect(await resubmit(h.envelope(EVENTS.ApplicationResubmitted, resubmitted(application), { actor: applicant }))).toBe('processed');
    expect(await h.caseOf(application.applicationId)).toMatchObject({ status: CaseStatus.AWAITING_OFFICER, slaClock: found.slaClock, dueAt: found.dueAt });
    expect(await actions(found)).toEqual(['case.opened']);
  });

  it('closes the case of a withdrawn application, from the queue or from a revision, and stops the clock', async () => {
    for (const revision of [false, true]) {
      const application = submittedApplication({ needsOfficer: true });
      const found = await h.openCase(application);
      if (revision) await h.get(OfficerReviewService).requestRevision(found.id, siti, ['Lengkapi NPWP']);
      const at = new Date(Date.now() + 60_000).toISOString();
      const event = h.envelope(EVENTS.ApplicationWithdrawn, withdrawn(application), { actor: applicant, occurredAt: at });
      expect(await withdraw(event)).toBe('processed');
      expect(await withdraw(event)).toBe('duplicate');

      const closed = await h.caseOf(application.applicationId);
      expect(closed).toMatchObject({ status: CaseStatus.WITHDRAWN, decidedBy: null, dueAt: null });
      expect(closed.decidedAt?.toISOString()).toBe(at);
      expect(closed.slaClock?.pausedAt).toBe(revision ? closed.slaClock?.runs[0].to : at);
      expect(await actions(found)).toEqual(revision ? ['case.opened', 'case.revision-requested', 'case.withdrawn'] : ['case.opened', 'case.withdrawn']);
      const [entry] = await h.auditLog({ subjectId: found.id, action: 'case.withdrawn' });
      expect(entry).toMatchObject({ actor: { ...applicant, role: null }, details: { applicationNumber: application.applicationNumber } });
    }
  });

  it('leaves a decided case, and an application without a case, as they are', async () => {
    const application = submittedApplication({ needsOfficer: true });
    const found = await h.openCase(application);
    await h.get(OfficerReviewService).reject(found.id, siti, ['Lokasi di luar wilayah']);
    const rejected = await h.caseOf(application.applicationId);
    expect(await withdraw(h.envelope(EVENTS.ApplicationWithdrawn, withdrawn(application), { actor: applicant }))).toBe('processed');
    expect(await h.caseOf(application.applicationId)).toEqual(rejected);
    expect(await actions(found)).toEqual(['case.opened', 'case.rejected']);

    const unknown = submittedApplication();
    expect(await withdraw(h.envelope(EVENTS.ApplicationWithdrawn, withdrawn(unknown)))).toBe('processed');
    expect(await resubmit(h.envelope(EVENTS.ApplicationResubmitted, resubmitted(unknown)))).toBe('processed');
    expect((await h.pg.query(`SELECT count(*)::int AS n FROM verification.verification_cases WHERE application_id = $1`, [unknown.applicationId])).rows[0].n).toBe(0);
  });
});
