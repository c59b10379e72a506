import { createHash } from 'node:crypto';
import { TOPICS } from '@mpp/contracts';
import { addWorkingDays } from '@mpp/domain';
import { collectMessages, eventually, superuserClient, TEST_DATABASES, testKafka } from '@mpp/testing';
import { application, call, documentsAccepted, Json, RunningPlatform, startPlatform } from './support/platform';

/**
 * Permit issuance after verification: the head of office's approval of high-risk permits (NIB + Izin),
 * denial, revocation, and the certificate PDF with its hash and signature on the public verification page.
 */
describe('permit issuance: approval, revocation and certificates', () => {
  let platform: RunningPlatform;

  beforeAll(async () => {
    platform = await startPlatform();
  });

  afterAll(async () => {
    await platform?.stop();
  });

  const token = (username: string) => platform.token(username);
  const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');
  const approvals = () => `${platform.issuance}/api/v1/approvals`;
  const permitUrl = (number: string, rest: string) => `${platform.issuance}/api/v1/permits/${encodeURIComponent(number)}/${rest}`;

  async function submit(nik: string, kbli: string) {
    const res = await call(`${platform.intake}/api/v1/applications`, { body: application({ nik, kbli }) });
    expect(res.status).toBe(201);
    return res.body as { applicationNumber: string; trackingCode: string };
  }

  async function track(app: { applicationNumber: string; trackingCode: string }, wanted: string) {
    return eventually<Json>(async () => {
      const r = await call(`${platform.intake}/api/v1/applications/${app.applicationNumber}`, { headers: { 'x-tracking-code': app.trackingCode } });
      return r.body.status === wanted ? r.body : undefined;
    });
  }

  /** The applicant uploads the checklist documents and a verifier of Salatiga accepts them and verifies the case. */
  async function verifyDocuments(app: { applicationNumber: string; trackingCode: string }) {
    const verifier = await token('salatiga.verifier');
    const found = await eventually<Json>(async () => {
      const r = await call(`${platform.verification}/api/v1/cases?status=AWAITING_OFFICER`, { token: verifier });
      return r.body.find((c: Json) => c.applicationNumber === app.applicationNumber);
    });
    expect(found).toMatchObject({ riskLevel: 'TINGGI', status: 'AWAITING_OFFICER' });
    await documentsAccepted(platform, app, found.id, verifier);
    const approved = await call(`${platform.verification}/api/v1/cases/${found.id}/approve`, { method: 'POST', token: verifier });
    expect(approved.status).toBe(200);
  }

  /** The approval issuance requested for the application, as Salatiga's head of office lists it. */
  async function pendingApproval(applicationNumber: string) {
    const head = await token('salatiga.head-of-office');
    return eventually<Json>(async () => {
      const r = await call(`${approvals()}?status=PENDING`, { token: head });
      return r.body.find((a: Json) => a.applicationNumber === applicationNumber);
    });
  }

  async function downloadCertificate(number: string) {
    const res = await fetch(permitUrl(number, 'certificate.pdf'));
    return { res, pdf: Buffer.from(await res.arrayBuffer()) };
  }

  /** POSTs a PDF (raw bytes) to the permit's verification endpoint. */
  async function presentPdf(number: string, pdf: Buffer) {
    const res = await fetch(permitUrl(number, 'verification'), { method: 'POST', body: pdf, headers: { 'content-type': 'application/pdf' } });
    return { status: res.status, body: (await res.json()) as Json };
  }

  describe('high risk (Tinggi) waits for the head of office', () => {
    let izin: Json;

    it('issues NIB and Izin once the head of office approves, and nobody else may approve', async () => {
      // KBLI 47721 (apotek), micro business → TINGGI: the verifier verifies, then the head of office decides.
      const app = await submit('3373011203850201', '47721');
      await verifyDocuments(app);
      const approval = await pendingApproval(app.applicationNumber);
      expect(approval).toMatchObject({
        status: 'PENDING',
        officeCode: '3373',
        riskLevel: 'TINGGI',
        businessScale: 'MIKRO',
        business: { kbli: '47721' },
        permits: [],
      });
      // Due after the office's approval service level, in working days on the office's calendar.
      const office = await call(`${platform.intake}/api/v1/offices/3373`, { token: await token('salatiga.admin') });
      const due = addWorkingDays(new Date(approval.requestedAt), office.body.serviceLevels.approvalDays, office.body.calendar, 'Asia/Jakarta');
      expect(approval.dueAt).toBe(due.toISOString());

      const [requested] = await collectMessages(testKafka(), TOPICS.approvalRequested, { count: 1, filter: (m) => m.key === approval.applicationId });
      expect(JSON.parse(requested.value)).toMatchObject({ type: 'ApprovalRequested', tenant: '3373', payload: { approvalId: approval.id } });

      const approveUrl = `${approvals()}/${approval.id}/approve`;
      expect((await call(approveUrl, { method: 'POST' })).status).toBe(401);
      expect((await call(approveUrl, { method: 'POST', token: await token('salatiga.verifier') })).status).toBe(403);
      expect((await call(approveUrl, { method: 'POST', token: await token('makassar.head-of-office') })).status).toBe(404);
      expect((await call(`${approvals()}/${approval.id}`, { token: await token('makassar.head-of-office') })).status).toBe(404);
      const theirs = await call(approvals(), { token: await token('makassar.head-of-office') });
      expect(theirs.body.map((a: Json) => a.id)).not.toContain(approval.id);

      const head = await token('salatiga.head-of-office');
      const approved = await call(approveUrl, { method: 'POST', token: head });
      expect(approved.status).toBe(200);
      expect(approved.body).toMatchObject({ status: 'APPROVED', decidedByName: 'Bambang Susilo' });
      expect(approved.body.permits.map((p: Json) => p.type).sort()).toEqual(['IZIN', 'NIB']);
      expect((await call(approveUrl, { method: 'POST', token: head })).status).toBe(409);
      expect((await call(`${approvals()}/${approval.id}/deny`, { method: 'POST', token: head, body: { reason: 'Terlambat sekali, sudah disetujui.' } })).status).toBe(409);

      const issued = await track(app, 'ISSUED');
      expect(issued.permits.map((p: Json) => p.type).sort()).toEqual(['IZIN', 'NIB']);
      izin = issued.permits.find((p: Json) => p.type === 'IZIN');
      expect(izin.number).toMatch(/^IZ-3373-\d{4}-\d{5}$/);
      // An Izin is valid five years (the default), to the day.
      const validUntil = new Date(izin.validUntil);
      const issuedAt = new Date(izin.issuedAt);
      expect(validUntil.getUTCFullYear() - issuedAt.getUTCFullYear()).toBe(5);
      expect(validUntil.toISOString().slice(4)).toBe(issuedAt.toISOString().slice(4));

      const [event] = await collectMessages(testKafka(), TOPICS.permitIssued, { count: 1, filter: (m) => m.key === approval.applicationId });
      const permitIssued = JSON.parse(event.value);
      expect(permitIssued.actor).toMatchObject({ kind: 'officer', role: 'head-of-office', office: '3373' });
      expect(permitIssued.payload.permits.find((p: Json) => p.type === 'IZIN')).toMatchObject({
        number: izin.number,
        certificateUrl: permitUrl(izin.number, 'certificate.pdf'),
        certificateSha256: expect.stringMatching(/^[0-9a-f]{64}$/),
        signatureStatus: 'SIGNED',
      });

      // Each step is in issuance's audit trail, attributed.
      const audit = await call(`${platform.issuance}/api/v1/audit?subjectId=${approval.id}`, { token: await token('salatiga.admin') });
      expect(audit.body.map((r: Json) => r.action).sort()).toEqual(['approval.approved', 'approval.requested']);
      expect(audit.body.find((r: Json) => r.action === 'approval.approved')).toMatchObject({ actor: { kind: 'officer', role: 'head-of-office' } });
    });

    it('shows the Izin, its certificate hash and the office signature on the public verification page', async () => {
      const page = await call(izin.verificationUrl);
      expect(page.status).toBe(200);
      expect(page.body).toMatchObject({
        permitNumber: izin.number,
        type: 'IZIN',
        valid: true,
        status: 'ACTIVE',
        validUntil: izin.validUntil,
        activities: [{ kbli: '47721' }],
        certificateSha256: expect.stringMatching(/^[0-9a-f]{64}$/),
        signature: { status: 'SIGNED', algorithm: 'Ed25519', keyId: expect.stringMatching(/^3373-ed25519-/), verified: true },
      });
      // Anyone can check the signature with the office's public key.
      const key = await call(`${platform.issuance}/api/v1/signing-keys/${page.body.signature.keyId}`);
      expect(key.body).toMatchObject({ algorithm: 'Ed25519', officeCode: '3373', publicKey: expect.stringContaining('BEGIN PUBLIC KEY') });
      const { createPublicKey, verify } = await import('node:crypto');
      const signed = Buffer.from(page.body.signature.signedData, 'utf8');
      expect(JSON.parse(page.body.signature.signedData)).toMatchObject({ number: izin.number, type: 'IZIN', kbli: ['47721'], office: '3373' });
      expect(verify(null, signed, createPublicKey(key.body.publicKey), Buffer.from(page.body.signature.value, 'base64'))).toBe(true);
    });

    it('serves the certificate PDF whose hash the verification page shows; a tampered copy does not match', async () => {
      const { res, pdf } = await downloadCertificate(izin.number);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe('application/pdf');
      expect(res.headers.get('content-disposition')).toMatch(/^attachment; filename="izin-IZ-3373-\d{4}-\d{5}\.pdf"$/);
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
      expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
      const page = await call(izin.verificationUrl);
      expect(sha256(pdf)).toBe(page.body.certificateSha256);

      const genuine = await presentPdf(izin.number, pdf);
      expect(genuine.status).toBe(200);
      expect(genuine.body).toMatchObject({ matches: true, current: true, version: 1, sha256: sha256(pdf), valid: true, status: 'ACTIVE' });

      const tampered = Buffer.from(pdf);
      tampered[Math.floor(tampered.length / 2)] ^= 0x01;
      expect((await presentPdf(izin.number, tampered)).body).toMatchObject({ matches: false, current: false, certificateSha256: sha256(pdf) });

      const byHash = await call(permitUrl(izin.number, 'verification'), { body: { sha256: sha256(pdf).toUpperCase() } });
      expect(byHash.body).toMatchObject({ matches: true });
      expect((await call(permitUrl(izin.number, 'verification'), { body: { sha256: 'abc' } })).status).toBe(400);
      const plain = await call(permitUrl(izin.number, 'verification'), { method: 'POST', body: 'hello', headers: { 'content-type': 'text/plain' } });
      expect(plain.status).toBe(415);
      const huge = await fetch(permitUrl(izin.number, 'verification'), {
        method: 'POST',
        headers: { 'content-type': 'application/pdf' },
        body: Buffer.alloc(5 * 1024 * 1024 + 1, 0x20),
      });
      expect(huge.status).toBe(413);
      expect(await huge.json()).toMatchObject({ statusCode: 413, error: 'Payload Too Large' });
      expect((await fetch(permitUrl('NO-SUCH-PERMIT', 'certificate.pdf'))).status).toBe(404);
    });

    it('denies with a reason: ApplicationDenied, and no permit is issued', async () => {
      const app = await submit('3373011203850202', '47721');
      await verifyDocuments(app);
      const approval = await pendingApproval(app.applicationNumber);
      const denyUrl = `${approvals()}/${approval.id}/deny`;
      const reason = 'Lokasi apotek tidak sesuai dengan rencana tata ruang wilayah.';
      const head = await token('salatiga.head-of-office');

      const tooShort = await call(denyUrl, { token: head, body: { reason: ' kurang ' } });
      expect(tooShort.status).toBe(400);
      expect(tooShort.body.details[0]).toMatchObject({ field: 'reason' });
      expect((await call(denyUrl, { token: head, body: {} })).status).toBe(400);
      expect((await call(denyUrl, { token: await token('salatiga.verifier'), body: { reason } })).status).toBe(403);
      expect((await call(denyUrl, { token: await token('makassar.head-of-office'), body: { reason } })).status).toBe(404);

      const denied = await call(denyUrl, { token: head, body: { reason } });
      expect(denied.status).toBe(200);
      expect(denied.body).toMatchObject({ status: 'DENIED', reason, permits: [] });
      expect((await call(`${approvals()}/${approval.id}/approve`, { method: 'POST', token: head })).status).toBe(409);
      expect((await call(`${approvals()}/${approval.id}`, { token: head })).body).toMatchObject({ status: 'DENIED', reason });
      expect((await call(`${approvals()}?status=DENIED`, { token: head })).body.map((a: Json) => a.id)).toContain(approval.id);

      const [event] = await collectMessages(testKafka(), TOPICS.applicationDenied, { count: 1, filter: (m) => m.key === approval.applicationId });
      expect(JSON.parse(event.value)).toMatchObject({
        type: 'ApplicationDenied',
        actor: { kind: 'officer', role: 'head-of-office' },
        payload: { applicationNumber: app.applicationNumber, approvalId: approval.id, reason },
      });
      const issued = await collectMessages(testKafka(), TOPICS.permitIssued, { count: 1, timeoutMs: 3000, filter: (m) => m.key === approval.applicationId });
      expect(issued).toEqual([]);
    });

    it('under PP 28/2025, issues the Izin by operation of law (Pasal 230) once when the head of office lets the due date pass, across a restart', async () => {
      const app = await submit('3373011203850203', '47721');
      await verifyDocuments(app);
      const approval = await pendingApproval(app.applicationNumber);
      const pg = await superuserClient(TEST_DATABASES.e2e);
      try {
        // Permit issuance is killed and restarted while the approval waits; then the office's working days run
        // out (the test moves the due date: the clock it controls) and the restarted process finds the lapse.
        await platform.crash('permit-issuance', 500);
        await pg.query(`UPDATE issuance.approvals SET due_at = now() - interval '1 minute' WHERE id = $1`, [approval.id]);
        const issued = await track(app, 'ISSUED');
        expect(issued.ruleSet).toMatchObject({ id: 'PP-28-2025' });
        expect(issued.permits.map((p: Json) => p.type).sort()).toEqual(['IZIN', 'NIB']);
        const { number } = issued.permits.find((p: Json) => p.type === 'IZIN');
        expect(issued.timeline.map((t: Json) => t.note).filter(Boolean)).toContain(
          `Izin ${number} issued by operation of law (fiktif positif): the office let its deadline lapse (PP 28/2025 Pasal 230)`,
        );

        const head = await token('salatiga.head-of-office');
        const decided = await call(`${approvals()}/${approval.id}`, { token: head });
        expect(decided.body).toMatchObject({ status: 'APPROVED', decidedBy: 'DEEMED' });
        expect((await call(`${approvals()}/${approval.id}/approve`, { method: 'POST', token: head })).status).toBe(409);

        const [overdue] = await collectMessages(testKafka(), TOPICS.approvalOverdue, { count: 1, filter: (m) => m.key === approval.applicationId });
        expect(JSON.parse(overdue.value)).toMatchObject({ type: 'ApprovalOverdue', payload: { approvalId: approval.id, deemedBasis: 'PP 28/2025 Pasal 230' } });
        const [permitIssued] = await collectMessages(testKafka(), TOPICS.permitIssued, { count: 1, filter: (m) => m.key === approval.applicationId });
        const izinIssued = JSON.parse(permitIssued.value).payload.permits.find((p: Json) => p.type === 'IZIN');
        expect(izinIssued).toMatchObject({ deemedBasis: 'PP 28/2025 Pasal 230' });

        await new Promise((r) => setTimeout(r, 1500)); // several more checks
        const { rows } = await pg.query(`SELECT action, count(*)::int AS n FROM issuance.audit_log WHERE subject_id = $1 GROUP BY action ORDER BY action`, [approval.id]);
        expect(rows).toEqual([
          { action: 'approval.deemed-approved', n: 1 },
          { action: 'approval.overdue', n: 1 },
          { action: 'approval.requested', n: 1 },
        ]);
        const { rows: certificates } = await pg.query(`SELECT content FROM issuance.certificates WHERE permit_number = $1`, [izinIssued.number]);
        expect(certificates.map((c: Json) => [c.content.deemedBasis, c.content.signatory.name])).toEqual([['PP 28/2025 Pasal 230', null]]);
      } finally {
        await pg.end();
      }
    });
  });

  describe('revocation', () => {
    it('lets the head of office revoke a Sertifikat Standar; the public page then says REVOKED, without the reason', async () => {
      // KBLI 10710 (roti & kue), micro → MENENGAH_RENDAH: NIB + Sertifikat Standar, issued automatically.
      const app = await submit('3373011203850203', '10710');
      const issued = await track(app, 'ISSUED');
      const ss = issued.permits.find((p: Json) => p.type === 'SERTIFIKAT_STANDAR');
      const nib = issued.permits.find((p: Json) => p.type === 'NIB');
      const before = await call(ss.verificationUrl);
      expect(before.body).toMatchObject({ valid: true, status: 'ACTIVE', signature: { status: 'SIGNED', verified: true } });
      expect(before.body.validUntil).toBeUndefined();
      // The automatically issued certificate is signed for the office, without a person's name.
      const { pdf } = await downloadCertificate(ss.number);
      expect(sha256(pdf)).toBe(before.body.certificateSha256);

      const revokeUrl = permitUrl(ss.number, 'revoke');
      const reason = 'Hasil pengawasan: kegiatan usaha tidak memenuhi standar.';
      expect((await call(revokeUrl, { body: { reason } })).status).toBe(401);
      expect((await call(revokeUrl, { token: await token('salatiga.verifier'), body: { reason } })).status).toBe(403);
      expect((await call(revokeUrl, { token: await token('makassar.head-of-office'), body: { reason } })).status).toBe(404);
      const head = await token('salatiga.head-of-office');
      expect((await call(revokeUrl, { token: head, body: { reason: 'no' } })).status).toBe(400);

      const revoked = await call(revokeUrl, { token: head, body: { reason } });
      expect(revoked.status).toBe(200);
      expect(revoked.body).toMatchObject({ permitNumber: ss.number, type: 'SERTIFIKAT_STANDAR', status: 'REVOKED', reason });
      expect((await call(revokeUrl, { token: head, body: { reason } })).status).toBe(409);

      const page = await call(ss.verificationUrl);
      expect(page.body).toMatchObject({ valid: false, status: 'REVOKED', revokedAt: revoked.body.revokedAt });
      expect(JSON.stringify(page.body)).not.toContain(reason);
      // The document itself is still the genuine one; the page says the permit is revoked.
      expect((await presentPdf(ss.number, pdf)).body).toMatchObject({ matches: true, valid: false, status: 'REVOKED' });
      // Only that permit: the actor's NIB stays valid.
      expect((await call(nib.verificationUrl)).body).toMatchObject({ valid: true, status: 'ACTIVE' });

      const [event] = await collectMessages(testKafka(), TOPICS.permitRevoked, { count: 1, filter: (m) => JSON.parse(m.value).payload.number === ss.number });
      expect(JSON.parse(event.value)).toMatchObject({ type: 'PermitRevoked', tenant: '3373', payload: { type: 'SERTIFIKAT_STANDAR', reason } });
      const audit = await call(`${platform.issuance}/api/v1/audit?action=permit.revoked&subjectId=${encodeURIComponent(ss.number)}`, {
        token: await token('salatiga.admin'),
      });
      expect(audit.body).toHaveLength(1);
      expect(audit.body[0]).toMatchObject({ office: '3373', actor: { kind: 'officer', role: 'head-of-office' } });
    });
  });

  describe('while the e-signature is pending', () => {
    beforeAll(async () => {
      await platform.stop();
      platform = await startPlatform({ PERMIT_SIGNER: 'pending' });
    });

    it('issues the permit and its certificate, and the verification page says the signature is pending', async () => {
      const startedAt = Date.now();
      const app = await submit('3373011203850204', '10710');
      const issued = await track(app, 'ISSUED');
      const ss = issued.permits.find((p: Json) => p.type === 'SERTIFIKAT_STANDAR');
      const page = await call(ss.verificationUrl);
      expect(page.body).toMatchObject({ valid: true, status: 'ACTIVE', signature: { status: 'PENDING', verified: false } });
      expect(page.body.signature.keyId).toBeUndefined();
      const { pdf } = await downloadCertificate(ss.number);
      expect(sha256(pdf)).toBe(page.body.certificateSha256);

      const [event] = await collectMessages(testKafka(), TOPICS.permitIssued, {
        count: 1,
        // Application numbers start again with a fresh database; a broker kept between runs still has older events.
        filter: (m) => JSON.parse(m.value).payload.applicationNumber === app.applicationNumber && Date.parse(JSON.parse(m.value).occurredAt) >= startedAt,
      });
      expect(JSON.parse(event.value).payload.permits.every((p: Json) => p.signatureStatus === 'PENDING')).toBe(true);
    });
  });
});
