import { ConflictException, ForbiddenException, NotFoundException } from '@nestjs/common';
import { OfficerRole } from '@mpp/auth';
import { EVENTS, PermitType, RiskLevel } from '@mpp/contracts';
import { documentsVerified, headOfOffice, IssuanceHarness, nik, officer, startIssuanceHarness } from '../../testing/issuance-fixtures';
import { PermitStatus } from '../permit-lifecycle';
import { PermitEntity } from '../permit.entities';
import { RevokePermitService } from './revoke-permit.service';

/** The head of office's revocation on the real database. */
describe('revoke a permit', () => {
  let h: IssuanceHarness;
  let revoke: RevokePermitService;
  const head = headOfOffice('3373', 'head-3373');
  const reason = 'Hasil pengawasan: kegiatan usaha tidak memenuhi standar.';

  beforeAll(async () => {
    h = await startIssuanceHarness();
    revoke = h.get(RevokePermitService);
  });
  afterAll(() => h?.close());

  const rowsOf = (number: string) => h.dataSource.getRepository(PermitEntity).find({ where: { number }, order: { issuedAt: 'ASC' } });

  it('revokes a Sertifikat Standar only: PermitRevoked and one audit entry, the actor’s NIB stays active', async () => {
    const payload = documentsVerified({ risk: RiskLevel.MENENGAH_RENDAH });
    const { SERTIFIKAT_STANDAR: ss, NIB: nib } = await h.issuePermits(payload);
    if (!ss || !nib) throw new Error('expected an NIB and a Sertifikat Standar');

    const view = await h.inContext(() => revoke.revoke(ss.number, head, reason));
    expect(view).toEqual({
      permitNumber: ss.number,
      type: PermitType.SERTIFIKAT_STANDAR,
      status: 'REVOKED',
      revokedAt: expect.any(String),
      revokedBy: head.id,
      reason,
      applicationNumbers: [payload.applicationNumber],
    });
    expect(await rowsOf(ss.number)).toEqual([
      expect.objectContaining({ status: PermitStatus.REVOKED, revokedAt: new Date(view.revokedAt), revokedBy: head.id, revocationReason: reason }),
    ]);
    expect((await rowsOf(nib.number))[0].status).toBe(PermitStatus.ACTIVE);

    expect(await h.events(EVENTS.PermitRevoked, payload.applicationId)).toEqual([
      expect.objectContaining({
        tenant: '3373',
        actor: { kind: 'officer', id: head.id, role: 'head-of-office', office: '3373' },
        payload: { applicationId: payload.applicationId, applicationNumber: payload.applicationNumber, officeCode: '3373', type: 'SERTIFIKAT_STANDAR', number: ss.number, reason, revokedAt: view.revokedAt },
      }),
    ]);
    expect(await h.auditLog({ action: 'permit.revoked', subjectId: ss.number })).toEqual([
      expect.objectContaining({
        office: '3373',
        actor: { kind: 'officer', id: head.id, role: 'head-of-office' },
        details: { type: 'SERTIFIKAT_STANDAR', reason, applicationNumbers: [payload.applicationNumber] },
      }),
    ]);

    // Revoked once: a second revocation is a conflict and changes nothing.
    await expect(revoke.revoke(ss.number, head, reason)).rejects.toThrow(new ConflictException('Permit is already revoked'));
    expect(await h.events(EVENTS.PermitRevoked, payload.applicationId)).toHaveLength(1);
  });

  it('revokes every row of a shared NIB from the office of its first issue, one PermitRevoked per application; the actor then gets a new NIB', async () => {
    const holder = nik();
    const first = documentsVerified({ risk: RiskLevel.RENDAH, office: '3373', nik: holder });
    const second = documentsVerified({ risk: RiskLevel.RENDAH, office: '7371', nik: holder });
    const { NIB: nib } = await h.issuePermits(first);
    await h.issuePermits(second);
    if (!nib) throw new Error('expected an NIB');
    expect((await rowsOf(nib.number)).map((p) => p.officeCode)).toEqual(['3373', '7371']);

    // The NIB belongs to the office that issued it first.
    await expect(revoke.revoke(nib.number, headOfOffice('7371'), reason)).rejects.toThrow(NotFoundException);
    const view = await revoke.revoke(nib.number, head, reason);
    expect(view.applicationNumbers).toEqual([first.applicationNumber, second.applicationNumber]);
    expect((await rowsOf(nib.number)).map((p) => p.status)).toEqual([PermitStatus.REVOKED, PermitStatus.REVOKED]);

    const events = await h.outbox({ type: 'PermitRevoked' });
    const forNib = events.filter((o) => (o.envelope.payload as { number?: string }).number === nib.number);
    expect(forNib.map((o) => [o.aggregateId, o.envelope.tenant])).toEqual([
      [first.applicationId, '3373'],
      [second.applicationId, '7371'],
    ]);
    expect(await h.auditLog({ action: 'permit.revoked', subjectId: nib.number })).toHaveLength(1);

    const later = documentsVerified({ risk: RiskLevel.RENDAH, nik: holder });
    const { NIB: renewed } = await h.issuePermits(later);
    expect(renewed?.number).not.toBe(nib.number);
    expect(renewed?.status).toBe(PermitStatus.ACTIVE);
  });

  it('lets only the head of the permit’s office revoke; another office’s permit or an unknown number is not found', async () => {
    const { SERTIFIKAT_STANDAR: ss } = await h.issuePermits(documentsVerified({ risk: RiskLevel.MENENGAH_RENDAH }));
    if (!ss) throw new Error('expected a Sertifikat Standar');
    await expect(revoke.revoke(ss.number, officer([OfficerRole.VERIFIER]), reason)).rejects.toThrow(ForbiddenException);
    await expect(revoke.revoke(ss.number, headOfOffice('7371'), reason)).rejects.toThrow(new NotFoundException('Permit not found'));
    await expect(revoke.revoke('SS-3373-2099-99999', head, reason)).rejects.toThrow(NotFoundException);
    expect((await rowsOf(ss.number))[0].status).toBe(PermitStatus.ACTIVE);
    expect(await h.auditLog({ action: 'permit.revoked', subjectId: ss.number })).toEqual([]);
  });
});
