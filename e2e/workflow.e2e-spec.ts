import { eventually, superuserClient, TEST_DATABASES } from '@mpp/testing';
import { application, call, documentsAccepted, Json, RunningPlatform, startPlatform, SAMPLE_PDF, uploadDocument } from './support/platform';

/** The verifier's decisions and the entrepreneur's answers: revision rounds, rejection, withdrawal. */
describe('licensing workflow: verification decisions', () => {
  let platform: RunningPlatform;

  beforeAll(async () => {
    platform = await startPlatform();
  });

  afterAll(async () => {
    await platform?.stop();
  });

  const token = (username: string) => platform.token(username);

  async function submit(nik: string, kbli = '86105') {
    const res = await call(`${platform.intake}/api/v1/applications`, { body: application({ nik, kbli }) });
    expect(res.status).toBe(201);
    return res.body as { applicationNumber: string; trackingCode: string };
  }

  function track(app: { applicationNumber: string; trackingCode: string }) {
    return call(`${platform.intake}/api/v1/applications/${app.applicationNumber}`, { headers: { 'x-tracking-code': app.trackingCode } });
  }

  function statusOf(app: { applicationNumber: string; trackingCode: string }, wanted: string) {
    return eventually<Json>(async () => {
      const r = await track(app);
      return r.body.status === wanted ? r.body : undefined;
    });
  }

  async function openCase(applicationNumber: string, verifier: string, status = 'AWAITING_OFFICER') {
    return eventually<Json>(async () => {
      const r = await call(`${platform.verification}/api/v1/cases?status=${status}`, { token: verifier });
      return r.body.find((c: Json) => c.applicationNumber === applicationNumber);
    });
  }

  const caseAction = (id: string, action: string, officerToken: string, body?: unknown) =>
    call(`${platform.verification}/api/v1/cases/${id}/${action}`, { method: 'POST', token: officerToken, body });

  it('runs a revision round: the applicant resubmits and the case returns to the same verifier', async () => {
    const app = await submit('3373011203850101');
    const verifier = await token('salatiga.verifier');
    const opened = await openCase(app.applicationNumber, verifier);
    expect(opened).toMatchObject({ slaPaused: false, overdue: false, slaBudgetDays: 5, dueAt: expect.any(String) });
    const claimed = await caseAction(opened.id, 'claim', verifier);
    expect(claimed.body).toMatchObject({ assignedTo: expect.any(String) });

    const badReasons = await caseAction(opened.id, 'request-revision', verifier, { reasons: [] });
    expect(badReasons.status).toBe(400);
    expect(badReasons.body.details[0]).toMatchObject({ field: 'reasons' });
    const reasons = ['Foto tempat usaha tidak terlihat jelas; unggah foto tampak depan'];
    const asked = await caseAction(opened.id, 'request-revision', verifier, { reasons });
    expect(asked.status).toBe(200);
    expect(asked.body).toMatchObject({ status: 'REVISION_REQUESTED', revisionRound: 1, reasons, slaPaused: true });
    expect(asked.body.dueAt).toBeUndefined(); // no deadline runs while the applicant has the case

    const waiting = await statusOf(app, 'REVISION_REQUESTED');
    expect(waiting.dueAt).toBeUndefined(); // the office's clock is stopped while the applicant has to act
    expect(waiting.nextStep).toMatchObject({ by: 'APPLICANT', description: expect.any(String), reasons });

    const wrongCode = await call(`${platform.intake}/api/v1/applications/${app.applicationNumber}/resubmit`, {
      body: {},
      headers: { 'x-tracking-code': 'AAAA-BBBB-CCCC' },
    });
    expect(wrongCode.status).toBe(404);
    const resubmitted = await call(`${platform.intake}/api/v1/applications/${app.applicationNumber}/resubmit`, {
      body: { note: 'Foto sudah diunggah ulang' },
      headers: { 'x-tracking-code': app.trackingCode },
    });
    expect(resubmitted).toMatchObject({ status: 200, body: { status: 'UNDER_VERIFICATION' } });
    expect(
      (await call(`${platform.intake}/api/v1/applications/${app.applicationNumber}/resubmit`, { body: {}, headers: { 'x-tracking-code': app.trackingCode } })).status,
    ).toBe(409);

    const back = await openCase(app.applicationNumber, verifier);
    expect(back).toMatchObject({ id: opened.id, assignedTo: claimed.body.assignedTo, revisionRound: 1, slaPaused: false });
    // The clock resumed: the due date is no earlier than before the pause, and the entrepreneur sees it too.
    expect(Date.parse(back.dueAt)).toBeGreaterThanOrEqual(Date.parse(opened.dueAt));
    const resumed = await track(app);
    expect(Math.abs(Date.parse(resumed.body.dueAt) - Date.parse(back.dueAt))).toBeLessThanOrEqual(86_400_000);
    await documentsAccepted(platform, app, back.id, verifier);
    expect((await caseAction(back.id, 'approve', verifier)).status).toBe(200);
    const issued = await statusOf(app, 'ISSUED');
    expect(issued.timeline.map((t: Json) => t.status)).toEqual([
      'SUBMITTED',
      'UNDER_VERIFICATION',
      'REVISION_REQUESTED',
      'UNDER_VERIFICATION',
      'VERIFIED',
      'ISSUED',
    ]);
    expect(issued.timeline[2].reasons).toEqual(reasons);
    expect(issued.permits.map((p: Json) => p.type).sort()).toEqual(['NIB', 'SERTIFIKAT_STANDAR']);
    expect(issued.dueAt).toBeUndefined();
    // The entrepreneur downloads the certificate from the tracking view.
    const certificate = issued.permits.find((p: Json) => p.type === 'SERTIFIKAT_STANDAR');
    const pdf = await fetch(certificate.certificateUrl);
    expect(pdf.status).toBe(200);
    expect(Buffer.from(await pdf.arrayBuffer()).subarray(0, 5).toString()).toBe('%PDF-');
  });

  it('rejects with reasons the entrepreneur can read', async () => {
    const app = await submit('3373011203850102');
    const verifier = await token('salatiga.verifier');
    const opened = await openCase(app.applicationNumber, verifier);
    const reasons = ['Lokasi usaha berada di zona yang tidak sesuai dengan KKPR'];
    expect((await caseAction(opened.id, 'reject', verifier, { reasons })).body).toMatchObject({ status: 'REJECTED', reasons });
    const rejected = await statusOf(app, 'REJECTED');
    expect(rejected.nextStep).toMatchObject({ by: 'NONE', reasons });
    expect(rejected.permits).toEqual([]);
    expect((await caseAction(opened.id, 'approve', verifier)).status).toBe(409);
  });

  it('lets the entrepreneur withdraw before a decision, which closes the case', async () => {
    const app = await submit('3373011203850103');
    const verifier = await token('salatiga.verifier');
    const opened = await openCase(app.applicationNumber, verifier);
    const url = `${platform.intake}/api/v1/applications/${app.applicationNumber}/withdraw`;
    expect((await call(url, { body: {}, token: await token('makassar.frontdesk') })).status).toBe(404);
    const withdrawn = await call(url, { body: { reason: 'Usaha tidak jadi dibuka' }, headers: { 'x-tracking-code': app.trackingCode } });
    expect(withdrawn).toMatchObject({ status: 200, body: { status: 'WITHDRAWN' } });
    expect((await call(url, { body: {}, headers: { 'x-tracking-code': app.trackingCode } })).status).toBe(409);
    const closed = await openCase(app.applicationNumber, verifier, 'WITHDRAWN');
    expect(closed.id).toBe(opened.id);
    expect((await caseAction(opened.id, 'approve', verifier)).status).toBe(409);
    expect((await track(app)).body).toMatchObject({ status: 'WITHDRAWN', nextStep: { by: 'NONE' } });
  });

  it('takes checklist documents recognised by content, and refuses anything else storing nothing', async () => {
    const app = await submit('3373011203850105');
    const executable = Buffer.concat([Buffer.from([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0]), Buffer.alloc(64)]);
    const renamed = await uploadDocument(platform, app, 'KTP', executable, 'ktp.pdf');
    expect(renamed.status).toBe(400);
    expect(renamed.body.details[0]).toMatchObject({ field: 'file', rule: 'allowedContent' });
    const offList = await uploadDocument(platform, app, 'PERSETUJUAN_LINGKUNGAN');
    expect(offList.status).toBe(400);
    expect(offList.body.details[0]).toMatchObject({ field: 'type', rule: 'onChecklist' });
    const oversized = await uploadDocument(platform, app, 'KTP', Buffer.concat([SAMPLE_PDF, Buffer.alloc(6 * 1024 * 1024)]));
    expect(oversized.status).toBe(413);
    const before = await track(app);
    expect(before.body.documents).toEqual([]);
    expect(before.body.nextStep).toMatchObject({ by: 'APPLICANT', missingDocuments: ['KTP', 'NPWP', 'FOTO_TEMPAT_USAHA', 'BUKTI_PEMENUHAN_STANDAR'] });

    const ok = await uploadDocument(platform, app, 'KTP');
    expect(ok.status).toBe(201);
    expect(ok.body).toMatchObject({ type: 'KTP', contentType: 'application/pdf', sha256: expect.stringMatching(/^[0-9a-f]{64}$/) });
    const after = await track(app);
    expect(after.body.documents.map((d: Json) => d.type)).toEqual(['KTP']);

    const verifier = await token('salatiga.verifier');
    const opened = await openCase(app.applicationNumber, verifier);
    const listed = await eventually<Json>(async () => {
      const r = await call(`${platform.verification}/api/v1/cases/${opened.id}/documents`, { token: verifier });
      return r.body.length === 1 ? r.body[0] : undefined;
    });
    const content = await fetch(`${platform.verification}/api/v1/cases/${opened.id}/documents/${listed.id}/content`, {
      headers: { authorization: `Bearer ${verifier}` },
    });
    expect(content.status).toBe(200);
    expect(content.headers.get('content-disposition')).toMatch(/^attachment/);
    expect(Buffer.from(await content.arrayBuffer()).equals(SAMPLE_PDF)).toBe(true);
    const other = await fetch(`${platform.verification}/api/v1/cases/${opened.id}/documents/${listed.id}/content`, {
      headers: { authorization: `Bearer ${await token('makassar.verifier')}` },
    });
    expect(other.status).toBe(404);
  });

  it('flags a case past its service-level due date once, in the queue and for the entrepreneur', async () => {
    // A high-risk pharmacy (KBLI 47721): under PP 28/2025 a lapsed verification of it is flagged, not deemed
    // verified (its Izin's deemed approval belongs to the head of office's decision, Pasal 230).
    const app = await submit('3373011203850106', '47721');
    const verifier = await token('salatiga.verifier');
    const opened = await openCase(app.applicationNumber, verifier);
    // Five working days pass (the test moves the due date instead of waiting).
    const pg = await superuserClient(TEST_DATABASES.e2e);
    try {
      await pg.query(`UPDATE verification.verification_cases SET due_at = now() - interval '1 hour' WHERE id = $1`, [opened.id]);
      const flagged = await statusOf(app, 'UNDER_VERIFICATION').then(() =>
        eventually<Json>(async () => {
          const r = await track(app);
          return r.body.overdueSince ? r.body : undefined;
        }),
      );
      expect(flagged.overdueSince).toEqual(expect.any(String));
      const overdue = await call(`${platform.verification}/api/v1/cases?overdue=true`, { token: verifier });
      expect(overdue.body.find((c: Json) => c.id === opened.id)).toMatchObject({ overdue: true });
      await new Promise((r) => setTimeout(r, 1500)); // several more checks
      const { rows } = await pg.query(`SELECT count(*)::int AS n FROM verification.audit_log WHERE action = 'case.sla-breached' AND subject_id = $1`, [opened.id]);
      expect(rows[0].n).toBe(1);
    } finally {
      await pg.end();
    }
  });

  it('deems a lapsed Menengah Tinggi verification verified under PP 28/2025 Pasal 225, once, across a restart, and issues the Sertifikat Standar by operation of law', async () => {
    const app = await submit('3373011203850107');
    const verifier = await token('salatiga.verifier');
    const opened = await openCase(app.applicationNumber, verifier);
    const pg = await superuserClient(TEST_DATABASES.e2e);
    try {
      // Document verification is killed and restarted after the case opened; then the office's five working
      // days run out (the test moves the due date: the clock it controls) and the restarted process finds the
      // lapse in what the first one stored.
      await platform.crash('document-verification', 500);
      await pg.query(`UPDATE verification.verification_cases SET due_at = now() - interval '1 minute' WHERE id = $1`, [opened.id]);
      const issued = await statusOf(app, 'ISSUED');
      expect(issued.ruleSet).toMatchObject({ id: 'PP-28-2025', regulation: 'PP 28/2025' });
      expect(issued.timeline.map((t: Json) => t.note).filter(Boolean)).toContain(
        'Deemed verified by operation of law: the office let its deadline lapse (PP 28/2025 Pasal 225)',
      );
      expect(issued.permits.map((p: Json) => p.type).sort()).toEqual(['NIB', 'SERTIFIKAT_STANDAR']);

      await new Promise((r) => setTimeout(r, 1500)); // several more checks
      const deemed = await pg.query(`SELECT count(*)::int AS n FROM verification.audit_log WHERE action = 'case.deemed-verified' AND subject_id = $1`, [opened.id]);
      expect(deemed.rows[0].n).toBe(1);
      const { rows: permits } = await pg.query(`SELECT "type", "rule_set", "deemed_basis" FROM issuance.permits WHERE application_number = $1 ORDER BY "type"`, [
        app.applicationNumber,
      ]);
      expect(permits).toEqual([
        { type: 'NIB', rule_set: 'PP-28-2025', deemed_basis: null },
        { type: 'SERTIFIKAT_STANDAR', rule_set: 'PP-28-2025', deemed_basis: 'PP 28/2025 Pasal 225' },
      ]);
      const standard = issued.permits.find((p: Json) => p.type === 'SERTIFIKAT_STANDAR');
      const { rows: certificates } = await pg.query(`SELECT content FROM issuance.certificates WHERE permit_number = $1`, [standard.number]);
      expect(certificates.map((c: Json) => c.content.deemedBasis)).toEqual(['PP 28/2025 Pasal 225']);
    } finally {
      await pg.end();
    }
  });

  it('keeps a claimed case for its verifier', async () => {
    const app = await submit('3373011203850104');
    const verifier = await token('salatiga.verifier');
    const opened = await openCase(app.applicationNumber, verifier);
    const someoneElse = await platform.token('salatiga.verifier', { sub: '00003373-0000-0000-0000-0000000000ff', preferred_username: 'salatiga.verifier2' });
    expect((await caseAction(opened.id, 'claim', verifier)).status).toBe(200);
    expect((await caseAction(opened.id, 'approve', someoneElse)).status).toBe(409);
    expect((await caseAction(opened.id, 'release', verifier)).status).toBe(200);
    await documentsAccepted(platform, app, opened.id, someoneElse);
    expect((await caseAction(opened.id, 'approve', someoneElse)).status).toBe(200);
  });
});
