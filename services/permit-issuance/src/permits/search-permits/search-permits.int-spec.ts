import { OfficerRole } from '@mpp/auth';
import { PermitType, RiskLevel } from '@mpp/contracts';
import { documentsVerified, headOfOffice, IssuanceHarness, nik, officer, startIssuanceHarness } from '../../testing/issuance-fixtures';
import { RevokePermitService } from '../revoke-permit/revoke-permit.service';
import { SearchPermitsService } from './search-permits.service';

/** Officers find their office's permits on the real database; another office's are never found. */
describe('search permits of an office', () => {
  let h: IssuanceHarness;
  let search: SearchPermitsService;
  const frontDesk = officer([OfficerRole.FRONT_DESK], '3373');

  beforeAll(async () => {
    h = await startIssuanceHarness();
    search = h.get(SearchPermitsService);
  });
  afterAll(() => h?.close());

  it('finds by permit number, NIB, NIK, application number and part of a name, newest first, never another office’s', async () => {
    const holder = nik();
    const payload = documentsVerified({ risk: RiskLevel.MENENGAH_RENDAH, nik: holder, applicantName: 'Sekar Ayuningtyas', businessName: 'Kopi Sekar Langit' });
    const { SERTIFIKAT_STANDAR: ss, NIB: nib } = await h.issuePermits(payload);
    if (!ss || !nib) throw new Error('expected an NIB and a Sertifikat Standar');
    // The same name in another office: never found from 3373.
    await h.issuePermits(documentsVerified({ risk: RiskLevel.RENDAH, office: '7371', businessName: 'Kopi Sekar Langit Makassar' }));

    const bySs = await search.search(frontDesk, ss.number, 50);
    expect(bySs).toEqual([
      {
        number: ss.number,
        type: PermitType.SERTIFIKAT_STANDAR,
        status: 'ACTIVE',
        applicationNumber: payload.applicationNumber,
        holderName: 'Sekar Ayuningtyas',
        nib: nib.number,
        businessName: 'Kopi Sekar Langit',
        kbli: payload.business.kbli,
        kbliTitle: payload.business.kbliTitle,
        issuedAt: ss.issuedAt.toISOString(),
        ...(ss.validUntil ? { validUntil: ss.validUntil.toISOString() } : {}),
      },
    ]);
    const numbers = (found: { number: string }[]) => found.map((p) => p.number).sort();
    const both = [nib.number, ss.number].sort();
    expect(numbers(await search.search(frontDesk, nib.number, 50))).toEqual(both);
    expect(numbers(await search.search(frontDesk, holder, 50))).toEqual(both);
    expect(numbers(await search.search(frontDesk, `${holder.slice(0, 4)} ${holder.slice(4)}`, 50))).toEqual(both);
    expect(numbers(await search.search(frontDesk, payload.applicationNumber, 50))).toEqual(both);
    expect(numbers(await search.search(frontDesk, 'sekar lang', 50))).toEqual(both);
    expect(numbers(await search.search(frontDesk, 'ayuning', 50))).toEqual(both);
    // Part of a number is no match; a wildcard is a character like any other.
    expect(await search.search(frontDesk, ss.number.slice(0, -1), 50)).toEqual([]);
    expect(await search.search(frontDesk, '%', 50)).toEqual([]);

    // Another office's officer finds none of them, however asked.
    const makassar = officer([OfficerRole.VERIFIER], '7371');
    expect(await search.search(makassar, ss.number, 50)).toEqual([]);
    expect(await search.search(makassar, holder, 50)).toEqual([]);
    expect((await search.search(makassar, 'Kopi Sekar', 50)).map((p) => p.businessName)).toEqual(['Kopi Sekar Langit Makassar']);
    // An officer without an office (a platform admin's token) finds nothing.
    expect(await search.search({ office: undefined }, ss.number, 50)).toEqual([]);
  });

  it('shows a revoked permit as revoked, with the reason, and keeps to the limit', async () => {
    const payload = documentsVerified({ risk: RiskLevel.MENENGAH_RENDAH, businessName: 'Batik Tulis Parang' });
    const { SERTIFIKAT_STANDAR: ss } = await h.issuePermits(payload);
    if (!ss) throw new Error('expected a Sertifikat Standar');
    const reason = 'Hasil pengawasan: kegiatan usaha tidak memenuhi standar.';
    await h.inContext(() => h.get(RevokePermitService).revoke(ss.number, headOfOffice('3373'), reason));
    expect(await search.search(frontDesk, ss.number, 50)).toEqual([expect.objectContaining({ status: 'REVOKED', revokedAt: expect.any(String), revocationReason: reason })]);
    expect(await search.search(frontDesk, 'Batik Tulis', 1)).toHaveLength(1);
  });

  it('lists the office’s latest permits without a search text, newest first', async () => {
    const { SERTIFIKAT_STANDAR: ss } = await h.issuePermits(documentsVerified({ risk: RiskLevel.MENENGAH_RENDAH }));
    const latest = await search.search(frontDesk, undefined, 200);
    expect(latest.map((p) => p.issuedAt)).toEqual([...latest.map((p) => p.issuedAt)].sort().reverse());
    expect(latest.map((p) => p.number)).toContain(ss?.number);
    expect(latest.every((p) => p.applicationNumber.startsWith('MPP-3373-'))).toBe(true);
    expect(await search.search(frontDesk, undefined, 2)).toHaveLength(2);
  });
});
