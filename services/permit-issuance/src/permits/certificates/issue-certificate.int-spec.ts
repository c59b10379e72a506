import { createHash } from 'node:crypto';
import { EVENTS, PermitType, RiskLevel } from '@mpp/contracts';
import { documentsVerified, headOfOffice, IssuanceHarness, nik, startIssuanceHarness } from '../../testing/issuance-fixtures';
import { DecideApprovalService } from '../approvals/decide-approval.service';
import { ApprovalEntity } from '../approvals/approval.entity';
import { VerifyPermitService } from '../verify-permit/verify-permit.service';
import { renderCertificate } from './certificate-document';
import { IssueCertificateService } from './issue-certificate.service';

const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

/** Certificates as issued, on the real database, while the e-signature is pending (PERMIT_SIGNER=pending). */
describe('issue a certificate', () => {
  let h: IssuanceHarness;

  beforeAll(async () => {
    h = await startIssuanceHarness({ env: { PERMIT_SIGNER: 'pending' } });
  });
  afterAll(() => h?.close());

  it('issues the certificate with its signature pending, says so in PermitIssued and on the verification page, and makes no key', async () => {
    const payload = documentsVerified({ risk: RiskLevel.MENENGAH_RENDAH });
    const { SERTIFIKAT_STANDAR: ss } = await h.issuePermits(payload);
    if (!ss) throw new Error('expected a Sertifikat Standar');

    const [certificate] = await h.certificatesOf(ss.number);
    expect(certificate).toMatchObject({ version: 1, signatureStatus: 'PENDING', signatureAlgorithm: 'TTE', signatureKeyId: null, signature: null });
    expect(certificate.content.signature).toEqual({ status: 'PENDING', algorithm: 'TTE', keyId: null });
    // The stored content renders the stored bytes again, whose hash is the one published.
    expect(sha256(await renderCertificate(certificate.content))).toBe(certificate.sha256);
    expect(sha256(certificate.pdf)).toBe(certificate.sha256);

    const [event] = await h.events(EVENTS.PermitIssued, payload.applicationId);
    expect(event.payload.permits.map((p) => [p.type, p.signatureStatus])).toEqual(
      expect.arrayContaining([
        [PermitType.NIB, 'PENDING'],
        [PermitType.SERTIFIKAT_STANDAR, 'PENDING'],
      ]),
    );
    expect(event.payload.permits.find((p) => p.type === PermitType.SERTIFIKAT_STANDAR)?.certificateSha256).toBe(certificate.sha256);
    const view = await h.get(VerifyPermitService).verify(ss.number);
    expect(view.signature).toEqual({ status: 'PENDING', algorithm: 'TTE', verified: false });
    expect((await h.pg.query(`SELECT count(*)::int AS n FROM "issuance"."signing_keys"`)).rows[0].n).toBe(0);
  });

  it('issues a new version for the same permit when asked again: same signed data, a new document', async () => {
    const { SERTIFIKAT_STANDAR: ss } = await h.issuePermits(documentsVerified({ risk: RiskLevel.MENENGAH_RENDAH }));
    if (!ss) throw new Error('expected a Sertifikat Standar');
    const again = await h.transaction((m) => h.get(IssueCertificateService).issue(m, ss));
    const [v1, v2] = await h.certificatesOf(ss.number);
    expect(again.id).toBe(v2.id);
    expect([v1.version, v2.version]).toEqual([1, 2]);
    expect(v2.signedData).toBe(v1.signedData);
    expect(v2.sha256).not.toBe(v1.sha256);
  });

  it('names the approving head of office only on certificates of their own office', async () => {
    // The actor's NIB was first issued in Makassar; the high-risk application is approved in Salatiga.
    const holder = nik();
    await h.issuePermits(documentsVerified({ risk: RiskLevel.RENDAH, office: '7371', nik: holder }));
    const payload = documentsVerified({ risk: RiskLevel.TINGGI, office: '3373', nik: holder });
    await h.issuePermits(payload);
    const approval = await h.dataSource.getRepository(ApprovalEntity).findOneByOrFail({ applicationId: payload.applicationId });
    await h.get(DecideApprovalService).approve(approval.id, headOfOffice('3373', 'head-3373'));

    const rows = await h.permitsOf(payload.applicationId);
    const izin = rows.find((p) => p.type === PermitType.IZIN);
    const nib = rows.find((p) => p.type === PermitType.NIB);
    if (!izin || !nib) throw new Error('expected an NIB and an Izin');
    const [izinCertificate] = await h.certificatesOf(izin.number);
    expect(izinCertificate.content).toMatchObject({ office: { code: '3373' }, signatory: { name: 'Bambang Susilo', title: expect.stringMatching(/^Kepala DPMPTSP .*Salatiga/) } });
    const nibVersions = await h.certificatesOf(nib.number);
    expect(nibVersions.map((c) => c.version)).toEqual([1, 2]);
    expect(nibVersions[1].content).toMatchObject({ office: { code: '7371' }, signatory: { name: null } });
  });
});
