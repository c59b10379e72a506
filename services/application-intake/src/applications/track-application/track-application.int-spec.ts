import { createHash, randomUUID } from 'node:crypto';
import { NotFoundException, UnauthorizedException } from '@nestjs/common';
import { EventDefinition, EVENTS } from '@mpp/contracts';
import { IntakeHarness, startIntakeHarness, verifierOfficer } from '../../testing/intake-harness';
import { DocumentsService } from '../documents/documents.service';
import { StatusProjectionService } from '../status-projection/status-projection.service';
import { TrackingCodeSecrets } from '../tracking-code';
import { TrackApplicationService } from './track-application.service';

const PDF = Buffer.from('%PDF-1.7\n%%EOF\n');
const verifier = verifierOfficer();
const NIB = '2811260000001';

describe('tracking an application (service level, real PostgreSQL)', () => {
  let h: IntakeHarness;
  let tracking: TrackApplicationService;

  beforeAll(async () => {
    h = await startIntakeHarness();
    tracking = h.get(TrackApplicationService);
  });
  afterAll(() => h?.close());

  it('keys a hash from before peppers (plain SHA-256) with the current pepper at its next use', async () => {
    const app = await application('47112');
    const legacy = createHash('sha256').update(app.code.replace(/-/g, '')).digest('hex');
    await h.pg.query(`UPDATE "intake"."applications" SET "tracking_code_hash" = $2 WHERE "application_number" = $1`, [app.number, legacy]);

    await expect(tracking.track(app.number, { trackingCode: 'AAAA-BBBB-CCCC' })).rejects.toThrow(NotFoundException);
    const { rows: untouched } = await h.pg.query(`SELECT "tracking_code_hash" FROM "intake"."applications" WHERE "application_number" = $1`, [app.number]);
    expect(untouched[0].tracking_code_hash).toBe(legacy);

    await expect(tracking.track(app.number, { trackingCode: app.code })).resolves.toMatchObject({ applicationNumber: app.number });
    const { rows } = await h.pg.query(`SELECT "tracking_code_hash" FROM "intake"."applications" WHERE "application_number" = $1`, [app.number]);
    expect(rows[0].tracking_code_hash).toMatch(/^hmac-sha256:/);
    expect(h.get(TrackingCodeSecrets).compare(app.code, rows[0].tracking_code_hash)).toEqual({ matches: true, stale: false });
  });

  it('keeps naming the regulation an application was decided under after a later one replaced it', async () => {
    const app = await application('47112');
    // As the migration leaves an application stored before rule sets were recorded.
    await h.pg.query(`UPDATE "intake"."applications" SET "rule_set" = 'PP-5-2021' WHERE "application_number" = $1`, [app.number]);
    const view = await tracking.track(app.number, { trackingCode: app.code });
    expect(view.ruleSet).toEqual({
      id: 'PP-5-2021',
      regulation: 'PP 5/2021',
      title: 'Peraturan Pemerintah Nomor 5 Tahun 2021 tentang Penyelenggaraan Perizinan Berusaha Berbasis Risiko',
      url: 'https://peraturan.bpk.go.id/Details/161835/pp-no-5-tahun-2021',
    });
  });

  /** A new application in Salatiga (KBLI 86105: medium-high risk, four documents; 47112: low risk, none). */
  const application = (kbli = '86105') => h.submitApplication({ kbli });

  /** Records an event of verification or issuance through the status projection, `at` an ISO instant. */
  async function project<T extends object>(definition: EventDefinition<T>, app: { id: string; number: string }, payload: object, at: string) {
    const ref = { applicationId: app.id, applicationNumber: app.number, officeCode: '3373' };
    const e = h.envelope(definition, { ...ref, ...payload } as T, { occurredAt: at });
    const projection = h.get(StatusProjectionService);
    const handler = {
      VerificationStarted: projection.verificationStarted,
      RevisionRequested: projection.revisionRequested,
      ApprovalRequested: projection.approvalRequested,
      PermitIssued: projection.permitIssued,
      PermitRevoked: projection.permitRevoked,
      SlaBreached: projection.slaBreached,
      ApprovalOverdue: projection.approvalOverdue,
    }[definition.type] as (event: typeof e, manager: unknown) => Promise<void>;
    await h.handle(e, (event, manager) => handler.call(projection, event, manager));
  }

  it('shows a new application to its entrepreneur: checklist, documents missing, who acts next; and writes nothing', async () => {
    const app = await application();
    const [outbox, audit] = [(await h.outbox()).length, (await h.auditLog()).length];
    const view = await tracking.track(app.number, { trackingCode: app.code.toLowerCase().replace(/-/g, ' ') });

    expect(view).toMatchObject({
      applicationNumber: app.number,
      status: 'SUBMITTED',
      officeCode: '3373',
      riskLevel: 'MENENGAH_TINGGI',
      businessScale: 'MIKRO',
      business: { name: 'Klinik Sehat', kbli: '86105' },
      // The regulation it was decided under, named for the entrepreneur.
      ruleSet: { id: 'PP-28-2025', regulation: 'PP 28/2025', url: 'https://peraturan.bpk.go.id/Details/319773/pp-no-28-tahun-2025' },
      checklist: ['KTP', 'NPWP', 'FOTO_TEMPAT_USAHA', 'BUKTI_PEMENUHAN_STANDAR'],
      documents: [],
      nextStep: { by: 'APPLICANT', missingDocuments: ['KTP', 'NPWP', 'FOTO_TEMPAT_USAHA', 'BUKTI_PEMENUHAN_STANDAR'] },
      timeline: [{ status: 'SUBMITTED', at: view.submittedAt }],
      permits: [],
    });
    expect(view).not.toHaveProperty('dueAt');
    expect([(await h.outbox()).length, (await h.auditLog()).length]).toEqual([outbox, audit]);
  });

  it('shows the uploaded documents, the verification due date, the revision reasons and overdue state as they come', async () => {
    const app = await application();
    await h.get(DocumentsService).upload(app.number, { trackingCode: app.code }, 'KTP', { buffer: PDF });
    const started = new Date(Date.now() + 1000).toISOString();
    await project(EVENTS.VerificationStarted, app, { caseId: randomUUID(), checklist: [], automaticChecks: [], startedAt: started }, started);

    const underVerification = await tracking.track(app.number, { trackingCode: app.code });
    expect(underVerification.status).toBe('UNDER_VERIFICATION');
    expect(underVerification.documents).toEqual([expect.objectContaining({ type: 'KTP', contentType: 'application/pdf', sizeBytes: PDF.length })]);
    expect(underVerification.nextStep.missingDocuments).toEqual(['NPWP', 'FOTO_TEMPAT_USAHA', 'BUKTI_PEMENUHAN_STANDAR']);
    // The close (23:59:59.999 in Jakarta) of the fifth working day of the office (the seeded default).
    expect(underVerification.dueAt).toMatch(/T16:59:59\.999Z$/);
    const days = (Date.parse(underVerification.dueAt as string) - Date.parse(started)) / 86_400_000;
    expect(days).toBeGreaterThanOrEqual(4);
    expect(days).toBeLessThanOrEqual(12);

    const asked = new Date(Date.now() + 2000).toISOString();
    await project(EVENTS.RevisionRequested, app, { caseId: randomUUID(), reasons: ['Foto KTP buram'], requestedAt: asked }, asked);
    await project(EVENTS.SlaBreached, app, { caseId: randomUUID(), stage: 'VERIFICATION', dueAt: started, detectedAt: asked }, asked);
    const revision = await tracking.track(app.number, { trackingCode: app.code });
    expect(revision).toMatchObject({ status: 'REVISION_REQUESTED', nextStep: { by: 'APPLICANT', reasons: ['Foto KTP buram'] }, overdueSince: asked });
    expect(revision).not.toHaveProperty('dueAt');
    expect(revision.timeline.map((t) => t.status)).toEqual(['SUBMITTED', 'UNDER_VERIFICATION', 'REVISION_REQUESTED']);
  });

  it("shows the head of office's due date while awaiting approval, then the permits with their revocation", async () => {
    const app = await application();
    const requested = new Date(Date.now() + 1000).toISOString();
    await project(EVENTS.ApprovalRequested, app, { approvalId: randomUUID(), requestedAt: requested, dueAt: '2026-12-24T09:00:00.000Z' }, requested);
    expect(await tracking.track(app.number, { trackingCode: app.code })).toMatchObject({ status: 'AWAITING_APPROVAL', dueAt: '2026-12-24T09:00:00.000Z' });

    const issued = new Date(Date.now() + 2000).toISOString();
    const url = `http://localhost:3003/api/v1/permits/${NIB}/verification`;
    await project(EVENTS.PermitIssued, app, { nib: NIB, permits: [{ type: 'NIB', number: NIB, issuedAt: issued, verificationUrl: url }], issuedAt: issued }, issued);
    await project(EVENTS.PermitRevoked, app, { type: 'NIB', number: NIB, reason: 'Data palsu', revokedAt: issued }, issued);
    const view = await tracking.track(app.number, { trackingCode: app.code });
    expect(view).toMatchObject({ status: 'ISSUED', nextStep: { by: 'NONE' } });
    expect(view.permits).toEqual([{ type: 'NIB', number: NIB, issuedAt: issued, verificationUrl: url, revokedAt: issued, revocationReason: 'Data palsu' }]);
  });

  it('shows an approval the head of office let lapse: overdue, or the Izin issued by operation of law with its basis (fiktif positif)', async () => {
    const escalated = await application();
    const requested = new Date(Date.now() + 1000).toISOString();
    const lapsed = new Date(Date.now() + 2000).toISOString();
    const due = '2026-12-24T09:00:00.000Z';
    await project(EVENTS.ApprovalRequested, escalated, { approvalId: randomUUID(), requestedAt: requested, dueAt: due }, requested);
    await project(EVENTS.ApprovalOverdue, escalated, { approvalId: randomUUID(), dueAt: due, detectedAt: lapsed }, lapsed);
    expect(await tracking.track(escalated.number, { trackingCode: escalated.code })).toMatchObject({
      status: 'AWAITING_APPROVAL',
      dueAt: due,
      overdueSince: lapsed,
      nextStep: { by: 'OFFICE' },
    });

    const deemed = await application();
    const approvalId = randomUUID();
    await project(EVENTS.ApprovalRequested, deemed, { approvalId, requestedAt: requested, dueAt: due }, requested);
    await project(EVENTS.ApprovalOverdue, deemed, { approvalId, dueAt: due, detectedAt: lapsed, deemedBasis: 'PP 28/2025 Pasal 230' }, lapsed);
    const izin = { type: 'IZIN', number: '503/IZ/3373/0231', issuedAt: lapsed, deemedBasis: 'PP 28/2025 Pasal 230' };
    await project(EVENTS.PermitIssued, deemed, { nib: NIB, permits: [{ type: 'NIB', number: NIB, issuedAt: lapsed }, izin], issuedAt: lapsed }, lapsed);
    const view = await tracking.track(deemed.number, { trackingCode: deemed.code });
    expect(view).toMatchObject({ status: 'ISSUED', nextStep: { by: 'NONE' } });
    expect(view).not.toHaveProperty('overdueSince');
    expect(view.timeline.at(-1)).toEqual({
      status: 'ISSUED',
      at: lapsed,
      note: 'Izin 503/IZ/3373/0231 issued by operation of law (fiktif positif): the office let its deadline lapse (PP 28/2025 Pasal 230)',
    });
    // The permit itself says so, for the tracking page.
    expect(view.permits.map((p) => [p.type, p.deemedBasis])).toEqual([
      ['NIB', undefined],
      ['IZIN', 'PP 28/2025 Pasal 230'],
    ]);
  });

  it('shows the same view to an officer of the office, whatever the role', async () => {
    const app = await application('47112');
    const forOfficer = await tracking.track(app.number, { officer: verifier });
    expect(forOfficer).toEqual(await tracking.track(app.number, { trackingCode: app.code }));
    expect(forOfficer).toMatchObject({ riskLevel: 'RENDAH', checklist: [], nextStep: { by: 'OFFICE' } });
  });

  it('answers an unknown number, a wrong code and another office alike (404), and no credentials with 401', async () => {
    const app = await application();
    const failures = await Promise.all([
      tracking.track('MPP-3373-1999-999999', { trackingCode: app.code }),
      tracking.track(app.number, { trackingCode: 'AAAA-BBBB-CCCC' }),
      tracking.track(app.number, { officer: { ...verifier, office: '3273' } }),
    ].map((p) => p.catch((e: unknown) => e)));
    for (const failure of failures) expect(failure).toBeInstanceOf(NotFoundException);
    expect(new Set(failures.map((f) => JSON.stringify((f as NotFoundException).getResponse()))).size).toBe(1);
    await expect(tracking.track(app.number, {})).rejects.toThrow(UnauthorizedException);
  });
});
