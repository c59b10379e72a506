import { OfficerRole } from '@mpp/auth';
import { EVENTS, RiskLevel } from '@mpp/contracts';
import { officer, refusal, startVerificationHarness, submittedApplication, uploadedDocument, VerificationHarness } from '../../testing/verification-harness';
import { CaseDocumentsService } from '../documents/case-documents.service';
import { CaseStatus, VerificationCaseEntity } from '../verification-case.entity';
import { OfficerReviewService } from './officer-review.service';

const siti = officer('siti');
const agus = officer('agus');
const head = officer('head', [OfficerRole.HEAD_OF_OFFICE]);
const makassar = officer('makassar', [OfficerRole.VERIFIER], '7371');
const sitiActor = { kind: 'officer', id: 'siti-id', role: 'verifier' };

/** The officer queue and the verifier's decisions, called as the HTTP controller calls them (no HTTP). */
describe('officer review', () => {
  let h: VerificationHarness;
  let review: OfficerReviewService;

  beforeAll(async () => {
    h = await startVerificationHarness();
    review = h.get(OfficerReviewService);
  });
  afterAll(() => h?.close());

  const written = async (found: VerificationCaseEntity) => ({
    events: (await h.outbox({ aggregateId: found.applicationId })).map((e) => e.type),
    audit: (await h.auditLog({ subjectId: found.id })).map((a) => a.action),
  });

  describe('queue', () => {
    const office = '3374';
    const verifier = officer('queue', [OfficerRole.VERIFIER], office);
    const ids: Record<string, string> = {};

    beforeAll(async () => {
      const hour = 3_600_000;
      for (const [name, risk, dueIn] of [
        ['later', RiskLevel.RENDAH, 72 * hour],
        ['soon', RiskLevel.MENENGAH_TINGGI, 24 * hour],
        ['overdue', RiskLevel.RENDAH, -hour],
        ['waiting', RiskLevel.RENDAH, 0],
      ] as const) {
        const found = await h.openCase(submittedApplication({ officeCode: office, needsOfficer: true, riskLevel: risk }));
        ids[name] = found.id;
        if (dueIn) await h.pg.query(`UPDATE verification.verification_cases SET due_at = $2 WHERE id = $1`, [found.id, new Date(Date.now() + dueIn)]);
      }
      await review.requestRevision(ids.waiting, verifier, ['Foto KTP tidak terbaca']);
    });

    const names = (views: { id: string }[]) => views.map((v) => Object.keys(ids).find((k) => ids[k] === v.id) ?? v.id);

    it("lists the office's cases, oldest due first, those without a running clock last", async () => {
      expect(names(await review.queue(verifier, { limit: 50 }))).toEqual(['overdue', 'soon', 'later', 'waiting']);
      expect(names(await review.queue(verifier, { limit: 2 }))).toEqual(['overdue', 'soon']);
      expect(names(await review.queue(officer('other', [OfficerRole.VERIFIER], '3375'), { limit: 50 }))).toEqual([]);
    });

    it('filters by status, risk level, overdue and due date', async () => {
      expect(names(await review.queue(verifier, { status: CaseStatus.AWAITING_OFFICER, limit: 50 }))).toEqual(['overdue', 'soon', 'later']);
      expect(names(await review.queue(verifier, { status: CaseStatus.REVISION_REQUESTED, limit: 50 }))).toEqual(['waiting']);
      expect(names(await review.queue(verifier, { riskLevel: RiskLevel.MENENGAH_TINGGI, limit: 50 }))).toEqual(['soon']);
      expect(names(await review.queue(verifier, { overdue: true, limit: 50 }))).toEqual(['overdue']);
      expect(names(await review.queue(verifier, { overdue: false, limit: 50 }))).toEqual(['soon', 'later', 'waiting']);
      expect(names(await review.queue(verifier, { dueBefore: new Date(Date.now() + 48 * 3_600_000), limit: 50 }))).toEqual(['overdue', 'soon']);
    });

    it('shows the clock in each view', async () => {
      const [overdue] = await review.queue(verifier, { overdue: true, limit: 50 });
      expect(overdue).toMatchObject({ overdue: true, slaPaused: false, slaBudgetDays: 5, status: CaseStatus.AWAITING_OFFICER });
      const [waiting] = await review.queue(verifier, { status: CaseStatus.REVISION_REQUESTED, limit: 50 });
      expect(waiting).toMatchObject({ overdue: false, slaPaused: true, assignedTo: 'queue-id', revisionRound: 1 });
      expect(waiting.dueAt).toBeUndefined();
    });
  });

  it("answers another office's case as not found", async () => {
    const found = await h.openCase();
    expect((await review.get(found.id, siti)).applicationNumber).toBe(found.applicationNumber);
    expect(await refusal(review.get(found.id, makassar))).toEqual([404, 'Case not found']);
    expect(await refusal(review.claim(found.id, makassar))).toEqual([404, 'Case not found']);
    expect(await written(found)).toEqual({ events: ['VerificationStarted'], audit: ['case.opened'] });
  });

  it('lets one verifier hold a case until they release it; nobody else decides it meanwhile', async () => {
    const found = await h.openCase();
    expect((await review.claim(found.id, siti)).assignedTo).toBe('siti-id');
    expect(await refusal(review.claim(found.id, agus))).toEqual([409, 'Case is held by another verifier']);
    expect(await refusal(review.reject(found.id, agus, ['Dokumen palsu']))).toEqual([409, 'Case is held by another verifier']);
    expect(await refusal(review.release(found.id, agus))).toEqual([409, 'Case is held by another verifier']);
    expect(await refusal(review.claim(found.id, head))).toEqual([403, 'Your role does not allow this action']);
    expect((await review.release(found.id, siti)).assignedTo).toBeUndefined();
    expect((await h.caseOf(found.applicationId)).assignedTo).toBeNull();

    const audit = await h.auditLog({ subjectId: found.id });
    expect(audit.map((a) => [a.action, a.actor.id])).toEqual([
      ['case.opened', 'document-verification'],
      ['case.claimed', 'siti-id'],
      ['case.released', 'siti-id'],
    ]);
    expect(audit[1]).toMatchObject({ office: '3373', actor: sitiActor, details: { applicationNumber: found.applicationNumber } });
    expect((await written(found)).events).toEqual(['VerificationStarted']);
  });

  it('approves only with every checklist document accepted; then DocumentsVerified and the audit entry, once', async () => {
    const application = submittedApplication({ riskLevel: RiskLevel.MENENGAH_TINGGI });
    const found = await h.openCase(application);
    expect(found.checklist).toEqual(['KTP', 'NPWP', 'FOTO_TEMPAT_USAHA', 'BUKTI_PEMENUHAN_STANDAR']);
    expect(await refusal(review.approve(found.id, siti))).toEqual([409, 'Not every checklist document is accepted: KTP, NPWP, FOTO_TEMPAT_USAHA, BUKTI_PEMENUHAN_STANDAR']);

    const documents = h.get(CaseDocumentsService);
    for (const type of found.checklist) {
      const upload = h.envelope(EVENTS.DocumentUploaded, uploadedDocument(application, type));
      await h.handle(upload, (e, m) => documents.uploaded(e, m));
      if (type !== 'NPWP') await documents.decide(found.id, upload.payload.document.documentId, siti, 'ACCEPTED');
    }
    expect(await refusal(review.approve(found.id, siti))).toEqual([409, 'Not every checklist document is accepted: NPWP']);
    const [npwp] = await documents.list(found.id, siti).then((list) => list.filter((d) => d.type === 'NPWP'));
    await documents.decide(found.id, npwp.id, siti, 'ACCEPTED');

    const view = await review.approve(found.id, siti);
    expect(view).toMatchObject({ status: CaseStatus.VERIFIED, decidedBy: 'siti-id', reasons: [], slaPaused: true, overdue: false });
    const approved = await h.caseOf(found.applicationId);
    expect(approved).toMatchObject({ status: CaseStatus.VERIFIED, decidedBy: 'siti-id', dueAt: null });
    expect(approved.slaClock?.pausedAt).toBe(approved.decidedAt?.toISOString());

    const [verified] = await h.events(EVENTS.DocumentsVerified, found.applicationId);
    expect(verified).toMatchObject({
      tenant: '3373',
      actor: { ...sitiActor, office: '3373' },
      payload: {
        applicationId: application.applicationId,
        applicationNumber: application.applicationNumber,
        officeCode: '3373',
        applicant: application.applicant,
        business: application.business,
        businessScale: application.businessScale,
        riskLevel: RiskLevel.MENENGAH_TINGGI,
        caseId: found.id,
        verifiedBy: 'OFFICER',
        verifiedAt: approved.decidedAt?.toISOString(),
      },
    });
    expect(await refusal(review.approve(found.id, siti))).toEqual([409, 'Case is VERIFIED, not awaiting an officer']);
    const { events, audit } = await written(found);
    expect(events).toEqual(['VerificationStarted', 'DocumentsVerified']);
    expect(audit.filter((a) => a.startsWith('case.'))).toEqual(['case.opened', 'case.approved']);
    const [approval] = await h.auditLog({ subjectId: found.id, action: 'case.approved' });
    expect(approval).toMatchObject({ office: '3373', actor: sitiActor, details: { applicationNumber: application.applicationNumber } });
  });

  it('asks the applicant for a revision: the clock stops and the case stays with this verifier', async () => {
    const found = await h.openCase();
    const reasons = ['Foto KTP tidak terbaca; unggah ulang'];
    const view = await review.requestRevision(found.id, siti, reasons);
    expect(view).toMatchObject({ status: CaseStatus.REVISION_REQUESTED, assignedTo: 'siti-id', reasons, revisionRound: 1, slaPaused: true });
    const waiting = await h.caseOf(found.applicationId);
    expect(waiting).toMatchObject({ dueAt: null, decidedAt: null, decidedBy: null });

    const [requested] = await h.events(EVENTS.RevisionRequested, found.applicationId);
    expect(requested).toMatchObject({ actor: { ...sitiActor, office: '3373' }, payload: { caseId: found.id, reasons, requestedAt: waiting.slaClock?.pausedAt } });
    const [entry] = await h.auditLog({ subjectId: found.id, action: 'case.revision-requested' });
    expect(entry).toMatchObject({ actor: sitiActor, details: { applicationNumber: found.applicationNumber, reasons } });
    expect(await refusal(review.reject(found.id, siti, reasons))).toEqual([409, 'Case is REVISION_REQUESTED, not awaiting an officer']);
    expect(await written(found)).toEqual({ events: ['VerificationStarted', 'RevisionRequested'], audit: ['case.opened', 'case.revision-requested'] });
  });

  it('rejects with reasons: ApplicationRejected and the audit entry', async () => {
    const found = await h.openCase();
    const reasons = ['Lokasi usaha di luar wilayah kantor'];
    expect(await review.reject(found.id, siti, reasons)).toMatchObject({ status: CaseStatus.REJECTED, decidedBy: 'siti-id', reasons });
    const rejected = await h.caseOf(found.applicationId);
    expect(rejected.dueAt).toBeNull();

    const [event] = await h.events(EVENTS.ApplicationRejected, found.applicationId);
    expect(event).toMatchObject({
      actor: { ...sitiActor, office: '3373' },
      payload: { applicationId: found.applicationId, applicationNumber: found.applicationNumber, officeCode: '3373', caseId: found.id, reasons, rejectedAt: rejected.decidedAt?.toISOString() },
    });
    const [entry] = await h.auditLog({ subjectId: found.id, action: 'case.rejected' });
    expect(entry).toMatchObject({ actor: sitiActor, details: { applicationNumber: found.applicationNumber, reasons } });
    expect(await refusal(review.requestRevision(found.id, siti, reasons))).toEqual([409, 'Case is REJECTED, not awaiting an officer']);
    expect(await written(found)).toEqual({ events: ['VerificationStarted', 'ApplicationRejected'], audit: ['case.opened', 'case.rejected'] });
  });
});
