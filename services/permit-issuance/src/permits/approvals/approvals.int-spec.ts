import { ConflictException, ForbiddenException, NotFoundException } from '@nestjs/common';
import { OfficerRole } from '@mpp/auth';
import { DocumentsVerifiedV1, EventActor, EVENTS, PermitType, RiskLevel } from '@mpp/contracts';
import {
  applicationWithdrawn,
  documentsVerified,
  headOfOffice,
  IssuanceHarness,
  nik,
  officeConfigured,
  officer,
  startIssuanceHarness,
  verifierActor,
} from '../../testing/issuance-fixtures';
import { CertificateEntity } from '../certificates/certificate.entity';
import { addYears } from '../validity';
import { ApplicationWithdrawnConsumer } from './application-withdrawn.consumer';
import { ApprovalStatus } from './approval-lifecycle';
import { ApprovalEntity } from './approval.entity';
import { DecideApprovalService } from './decide-approval.service';

/**
 * The head of office's approval of high-risk applications on the real database: requested by DocumentsVerified,
 * decided by the use case, closed by ApplicationWithdrawn (records handed to the consumers directly).
 */
describe('approvals', () => {
  let h: IssuanceHarness;
  let decide: DecideApprovalService;
  const head = headOfOffice('3373', 'head-3373');

  beforeAll(async () => {
    h = await startIssuanceHarness();
    decide = h.get(DecideApprovalService);
    for (const office of [officeConfigured(), officeConfigured({ code: '7371', name: 'DPMPTSP Kota Makassar', timezone: 'Asia/Makassar' })]) {
      await h.deliverOfficeConfigured(office);
    }
  });
  afterAll(() => h?.close());

  /** A high-risk application whose documents `verifier` verified, waiting for the head of office. */
  async function pendingApproval(o: { office?: string; verifier?: EventActor; nik?: string } = {}): Promise<{ payload: DocumentsVerifiedV1; approval: ApprovalEntity }> {
    const payload = documentsVerified({ risk: RiskLevel.TINGGI, office: o.office, nik: o.nik });
    expect(await h.deliverDocumentsVerified(payload, o.verifier)).toBe('processed');
    return { payload, approval: await stored(payload.applicationId) };
  }
  const stored = (applicationId: string) => h.dataSource.getRepository(ApprovalEntity).findOneByOrFail({ applicationId });
  const withdraw = (payload: DocumentsVerifiedV1, reason?: string) => {
    const e = h.envelope(EVENTS.ApplicationWithdrawn, applicationWithdrawn(payload, reason), { actor: { kind: 'applicant', id: payload.applicationNumber } });
    return { e, deliver: () => h.get(ApplicationWithdrawnConsumer).handle(h.record(EVENTS.ApplicationWithdrawn, e)) };
  };

  describe('approve', () => {
    it('issues the NIB and the Izin in the head of office’s name, announces PermitIssued and audits both steps', async () => {
      const { payload, approval } = await pendingApproval();
      const correlationId = 'c0ffee00-0000-4000-8000-000000000001';
      const view = await h.inContext(() => decide.approve(approval.id, head), { correlationId });

      expect(view).toMatchObject({ id: approval.id, status: ApprovalStatus.APPROVED, decidedBy: head.id, decidedByName: 'Bambang Susilo' });
      expect(view.permits.map((p) => p.type)).toEqual([PermitType.IZIN, PermitType.NIB]);
      expect(await stored(payload.applicationId)).toMatchObject({ status: ApprovalStatus.APPROVED, decidedBy: head.id, decidedByName: 'Bambang Susilo' });

      const [izin, nib] = await h.permitsOf(payload.applicationId);
      expect([izin.type, nib.type]).toEqual([PermitType.IZIN, PermitType.NIB]);
      expect(izin.validUntil).toEqual(addYears(izin.issuedAt, 5, 'Asia/Jakarta'));
      const certificate = await h.dataSource.getRepository(CertificateEntity).findOneByOrFail({ permitNumber: izin.number });
      expect(certificate.content.signatory).toEqual({ name: 'Bambang Susilo', title: 'Kepala DPMPTSP Kota Salatiga' });

      const [issued] = await h.events(EVENTS.PermitIssued, payload.applicationId);
      expect(issued).toMatchObject({ correlationId, actor: { kind: 'officer', id: head.id, role: 'head-of-office', office: '3373' }, payload: { nib: nib.number } });
      expect(await h.events(EVENTS.ApplicationDenied, payload.applicationId)).toEqual([]);
      const officerActor = { kind: 'officer', id: head.id, role: 'head-of-office' };
      expect(await h.auditLog({ subjectId: payload.applicationNumber })).toEqual([
        expect.objectContaining({ action: 'permits.issued', actor: officerActor, details: expect.objectContaining({ approvalId: approval.id, nib: nib.number }) }),
      ]);
      expect((await h.auditLog({ subjectId: approval.id })).map((a) => [a.action, a.actor.kind])).toEqual([
        ['approval.requested', 'system'],
        ['approval.approved', 'officer'],
      ]);
    });

    it('reuses the NIB the business actor already holds', async () => {
      const holder = nik();
      const earlier = documentsVerified({ risk: RiskLevel.RENDAH, nik: holder });
      await h.deliverDocumentsVerified(earlier);
      const [firstNib] = await h.permitsOf(earlier.applicationId);
      const { approval, payload } = await pendingApproval({ nik: holder });
      await decide.approve(approval.id, head);
      const nib = (await h.permitsOf(payload.applicationId)).find((p) => p.type === PermitType.NIB);
      expect(nib?.number).toBe(firstNib.number);
    });

    it('refuses the officer who verified the documents (four eyes), changing nothing', async () => {
      const both = officer([OfficerRole.HEAD_OF_OFFICE, OfficerRole.VERIFIER], '3373', 'head-and-verifier');
      const { payload, approval } = await pendingApproval({ verifier: verifierActor('3373', both.id) });
      const refused = decide.approve(approval.id, both);
      await expect(refused).rejects.toThrow(ForbiddenException);
      await expect(refused).rejects.toThrow('The officer who verified the documents cannot also approve the permit');

      expect((await stored(payload.applicationId)).status).toBe(ApprovalStatus.PENDING);
      expect(await h.permitsOf(payload.applicationId)).toEqual([]);
      expect((await h.outbox({ aggregateId: payload.applicationId })).map((o) => o.type)).toEqual(['ApprovalRequested']);
      expect((await h.auditLog({ subjectId: approval.id })).map((a) => a.action)).toEqual(['approval.requested']);
      // Another head of the office may.
      expect((await decide.approve(approval.id, head)).status).toBe(ApprovalStatus.APPROVED);
    });
  });

  describe('deny', () => {
    it('closes the approval with the reason, issues nothing and tells the applicant through ApplicationDenied', async () => {
      const { payload, approval } = await pendingApproval();
      const reason = 'Lokasi apotek tidak sesuai dengan rencana tata ruang.';
      const view = await decide.deny(approval.id, head, reason);

      expect(view).toMatchObject({ status: ApprovalStatus.DENIED, reason, decidedBy: head.id, permits: [] });
      const row = await stored(payload.applicationId);
      expect(row).toMatchObject({ status: ApprovalStatus.DENIED, reason, decidedBy: head.id });
      expect(await h.permitsOf(payload.applicationId)).toEqual([]);
      expect(await h.events(EVENTS.PermitIssued, payload.applicationId)).toEqual([]);
      expect(await h.events(EVENTS.ApplicationDenied, payload.applicationId)).toEqual([
        expect.objectContaining({
          tenant: '3373',
          actor: { kind: 'officer', id: head.id, role: 'head-of-office', office: '3373' },
          payload: {
            applicationId: payload.applicationId,
            applicationNumber: payload.applicationNumber,
            officeCode: '3373',
            approvalId: approval.id,
            reason,
            deniedAt: row.decidedAt?.toISOString(),
          },
        }),
      ]);
      expect(await h.auditLog({ action: 'approval.denied', subjectId: approval.id })).toEqual([
        expect.objectContaining({ office: '3373', actor: { kind: 'officer', id: head.id, role: 'head-of-office' }, details: { applicationNumber: payload.applicationNumber, reason } }),
      ]);
    });
  });

  describe('who may decide, and when', () => {
    it('answers another office’s approval like one that does not exist, and only lists its own', async () => {
      const { approval } = await pendingApproval();
      const makassar = headOfOffice('7371');
      await expect(decide.approve(approval.id, makassar)).rejects.toThrow(NotFoundException);
      await expect(decide.deny(approval.id, makassar, 'Bukan wewenang kantor ini sama sekali.')).rejects.toThrow(NotFoundException);
      await expect(decide.get(approval.id, makassar)).rejects.toThrow(NotFoundException);
      expect((await decide.list(makassar, { limit: 100 })).map((a) => a.id)).not.toContain(approval.id);
      expect((await decide.list(head, { status: ApprovalStatus.PENDING, limit: 100 })).map((a) => a.id)).toContain(approval.id);
      expect((await decide.get(approval.id, head)).status).toBe(ApprovalStatus.PENDING);
    });

    it('lets only a head of office decide', async () => {
      const { approval } = await pendingApproval();
      const verifier = officer([OfficerRole.VERIFIER], '3373', 'verifier-only');
      await expect(decide.approve(approval.id, verifier)).rejects.toThrow(ForbiddenException);
      await expect(decide.deny(approval.id, verifier, 'Tidak berwenang memutuskan hal ini.')).rejects.toThrow(ForbiddenException);
    });

    it('decides once: a decided approval answers 409 to both decisions', async () => {
      const approved = (await pendingApproval()).approval;
      await decide.approve(approved.id, head);
      const denied = (await pendingApproval()).approval;
      await decide.deny(denied.id, head, 'Persyaratan teknis tidak terpenuhi.');
      for (const id of [approved.id, denied.id]) {
        await expect(decide.approve(id, head)).rejects.toThrow(ConflictException);
        await expect(decide.deny(id, head, 'Terlambat sekali, sudah diputuskan.')).rejects.toThrow(ConflictException);
      }
      expect((await decide.get(approved.id, head)).permits).toHaveLength(2);
    });
  });

  describe('ApplicationWithdrawn consumer', () => {
    it('closes a waiting approval once, audited with the applicant as actor; it can no longer be decided', async () => {
      const { payload, approval } = await pendingApproval();
      const { e, deliver } = withdraw(payload, 'Pindah lokasi usaha');
      expect(await deliver()).toBe('processed');
      expect(await deliver()).toBe('duplicate');

      expect(await stored(payload.applicationId)).toMatchObject({
        status: ApprovalStatus.WITHDRAWN,
        decidedAt: new Date(e.payload.withdrawnAt),
        reason: 'Pindah lokasi usaha',
      });
      expect(await h.auditLog({ action: 'approval.withdrawn', subjectId: approval.id })).toEqual([
        expect.objectContaining({ actor: { kind: 'applicant', id: payload.applicationNumber, role: null }, details: { applicationNumber: payload.applicationNumber, reason: 'Pindah lokasi usaha' } }),
      ]);
      expect((await h.outbox({ aggregateId: payload.applicationId })).map((o) => o.type)).toEqual(['ApprovalRequested']);
      await expect(decide.approve(approval.id, head)).rejects.toThrow(ConflictException);
    });

    it('leaves a decided approval as decided, and an application without one alone', async () => {
      const { payload, approval } = await pendingApproval();
      await decide.approve(approval.id, head);
      expect(await withdraw(payload).deliver()).toBe('processed');
      expect((await stored(payload.applicationId)).status).toBe(ApprovalStatus.APPROVED);
      expect(await h.auditLog({ action: 'approval.withdrawn', subjectId: approval.id })).toEqual([]);

      const never = documentsVerified({ risk: RiskLevel.RENDAH });
      expect(await withdraw(never).deliver()).toBe('processed');
      expect(await h.dataSource.getRepository(ApprovalEntity).countBy({ applicationId: never.applicationId })).toBe(0);
      expect(await h.auditLog({ subjectId: never.applicationNumber })).toEqual([]);
    });
  });
});
