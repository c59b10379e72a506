import { createHash } from 'node:crypto';
import { NotFoundException } from '@nestjs/common';
import { PermitType, RiskLevel } from '@mpp/contracts';
import { documentsVerified, headOfOffice, IssuanceHarness, nik, startIssuanceHarness } from '../../testing/issuance-fixtures';
import { PermitEntity } from '../permit.entities';
import { RevokePermitService } from '../revoke-permit/revoke-permit.service';
import { VerifyPermitService } from './verify-permit.service';

const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

/** The public verification page and the certificate check, on the real database. */
describe('verify a permit', () => {
  let h: IssuanceHarness;
  let verify: VerifyPermitService;

  beforeAll(async () => {
    h = await startIssuanceHarness();
    verify = h.get(VerifyPermitService);
  });
  afterAll(() => h?.close());

  async function sertifikatStandar(payload = documentsVerified({ risk: RiskLevel.MENENGAH_RENDAH })): Promise<PermitEntity> {
    const { SERTIFIKAT_STANDAR: ss } = await h.issuePermits(payload);
    if (!ss) throw new Error('expected a Sertifikat Standar');
    return ss;
  }

  it('shows an active permit: holder, activity, office, dates, the certificate’s hash and a verified signature, never the NIK', async () => {
    const payload = documentsVerified({ risk: RiskLevel.MENENGAH_RENDAH, businessName: 'Roti Bu Siti' });
    const ss = await sertifikatStandar(payload);
    const [certificate] = await h.certificatesOf(ss.number);
    const view = await verify.verify(ss.number);

    expect(view).toEqual({
      permitNumber: ss.number,
      type: PermitType.SERTIFIKAT_STANDAR,
      valid: true,
      status: 'ACTIVE',
      holderName: 'Roti Bu Siti',
      activities: [{ kbli: payload.business.kbli, title: payload.business.kbliTitle, businessName: 'Roti Bu Siti' }],
      office: { code: '3373', name: expect.stringContaining('Salatiga') },
      issuedAt: ss.issuedAt.toISOString(),
      certificateSha256: sha256(certificate.pdf),
      certificateUrl: `https://izin.example.go.id/api/v1/permits/${encodeURIComponent(ss.number)}/certificate.pdf`,
      signature: {
        status: 'SIGNED',
        algorithm: 'Ed25519',
        keyId: certificate.signatureKeyId,
        value: certificate.signature,
        signedData: certificate.signedData,
        verified: true,
      },
    });
    expect(JSON.parse(view.signature?.signedData ?? '{}')).toMatchObject({ number: ss.number, holder: 'Roti Bu Siti', office: '3373', validUntil: null });
    expect(JSON.stringify(view)).not.toContain(payload.applicant.nik);
  });

  it('shows an NIB as the business actor’s: their name and every activity licensed under it, dated from its first issue', async () => {
    const holder = nik();
    const first = documentsVerified({ risk: RiskLevel.RENDAH, nik: holder, applicantName: 'Siti Rahayu' });
    const second = documentsVerified({ risk: RiskLevel.MENENGAH_RENDAH, nik: holder, applicantName: 'Siti Rahayu' });
    const { NIB: nib } = await h.issuePermits(first);
    await h.issuePermits(second);
    if (!nib) throw new Error('expected an NIB');

    const view = await verify.verify(nib.number);
    expect(view).toMatchObject({ type: PermitType.NIB, status: 'ACTIVE', holderName: 'Siti Rahayu', issuedAt: nib.issuedAt.toISOString() });
    expect(view.activities.map((a) => a.kbli)).toEqual([first.business.kbli, second.business.kbli]);
    const versions = await h.certificatesOf(nib.number);
    expect(versions).toHaveLength(2);
    expect(view.certificateSha256).toBe(versions[1].sha256);
  });

  it('says REVOKED with the date but not the reason; the certificate still matches, the permit is not valid', async () => {
    const ss = await sertifikatStandar();
    const [certificate] = await h.certificatesOf(ss.number);
    const reason = 'Hasil pengawasan: kegiatan usaha tidak memenuhi standar.';
    const revoked = await h.get(RevokePermitService).revoke(ss.number, headOfOffice('3373'), reason);

    const view = await verify.verify(ss.number);
    expect(view).toMatchObject({ valid: false, status: 'REVOKED', revokedAt: revoked.revokedAt, signature: { verified: true } });
    expect(JSON.stringify(view)).not.toContain(reason);
    expect(await verify.checkDocument(ss.number, sha256(certificate.pdf))).toEqual({
      permitNumber: ss.number,
      sha256: sha256(certificate.pdf),
      matches: true,
      current: true,
      version: 1,
      certificateSha256: certificate.sha256,
      valid: false,
      status: 'REVOKED',
    });
  });

  it('says EXPIRED after the end of validity', async () => {
    const ss = await sertifikatStandar();
    await h.pg.query(`UPDATE "issuance"."permits" SET "valid_until" = now() - interval '1 day' WHERE "number" = $1`, [ss.number]);
    expect(await verify.verify(ss.number)).toMatchObject({ valid: false, status: 'EXPIRED', validUntil: expect.any(String) });
    const [certificate] = await h.certificatesOf(ss.number);
    expect(await verify.checkDocument(ss.number, certificate.sha256)).toMatchObject({ matches: true, valid: false, status: 'EXPIRED' });
  });

  it('checks a presented certificate by its SHA-256: the current version, an earlier one, and a document that is none of them', async () => {
    const holder = nik();
    const { NIB: nib } = await h.issuePermits(documentsVerified({ risk: RiskLevel.RENDAH, nik: holder }));
    await h.issuePermits(documentsVerified({ risk: RiskLevel.RENDAH, nik: holder }));
    if (!nib) throw new Error('expected an NIB');
    const [v1, v2] = await h.certificatesOf(nib.number);

    expect(await verify.checkDocument(nib.number, sha256(v2.pdf).toUpperCase())).toMatchObject({ sha256: v2.sha256, matches: true, current: true, version: 2, valid: true });
    expect(await verify.checkDocument(nib.number, sha256(v1.pdf))).toMatchObject({ matches: true, current: false, version: 1, certificateSha256: v2.sha256 });
    const altered = Buffer.concat([v2.pdf, Buffer.from('\n')]);
    const foreign = await verify.checkDocument(nib.number, sha256(altered));
    expect(foreign).toMatchObject({ matches: false, current: false, certificateSha256: v2.sha256, status: 'ACTIVE' });
    expect(foreign.version).toBeUndefined();
  });

  it('answers 404 for a number no permit has', async () => {
    await expect(verify.verify('SS-3373-2099-99999')).rejects.toThrow(NotFoundException);
    await expect(verify.checkDocument('SS-3373-2099-99999', 'a'.repeat(64))).rejects.toThrow(NotFoundException);
  });
});
