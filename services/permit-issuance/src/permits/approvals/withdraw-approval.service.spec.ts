import { EntityManager } from 'typeorm';
import { AuditTrail } from '@mpp/audit';
import { ApplicationWithdrawnV1, EventEnvelope } from '@mpp/contracts';
import { ApprovalStatus } from './approval-lifecycle';
import { ApprovalEntity } from './approval.entity';
import { WithdrawApprovalService } from './withdraw-approval.service';

describe('WithdrawApprovalService.withdrawn', () => {
  const event = {
    eventId: '6f1c2a9b-0d3e-4f67-8a9b-0c1d2e3f4a5b',
    type: 'ApplicationWithdrawn',
    actor: { kind: 'applicant', id: 'MPP-3373-2026-000042' },
    payload: { applicationId: 'a1', applicationNumber: 'MPP-3373-2026-000042', officeCode: '3373', withdrawnAt: '2026-11-28T01:00:00.000Z', reason: 'Pindah lokasi' },
  } as unknown as EventEnvelope<ApplicationWithdrawnV1>;

  function setup(approval?: Partial<ApprovalEntity>) {
    const updates: unknown[] = [];
    const audits: unknown[] = [];
    const manager = {
      findOne: async () => (approval ? { id: 'p1', officeCode: '3373', applicationNumber: 'MPP-3373-2026-000042', ...approval } : null),
      update: async (_entity: unknown, where: unknown, values: unknown) => updates.push({ where, values }),
    } as unknown as EntityManager;
    const audit = { record: async (_m: unknown, entry: unknown) => audits.push(entry) } as unknown as AuditTrail;
    const service = new WithdrawApprovalService(audit);
    return { service, manager, updates, audits };
  }

  it('closes a pending approval, audited', async () => {
    const { service, manager, updates, audits } = setup({ status: ApprovalStatus.PENDING });
    await service.withdrawn(event, manager);
    expect(updates).toEqual([
      { where: { id: 'p1' }, values: { status: ApprovalStatus.WITHDRAWN, decidedAt: new Date('2026-11-28T01:00:00.000Z'), reason: 'Pindah lokasi' } },
    ]);
    expect(audits).toEqual([expect.objectContaining({ action: 'approval.withdrawn', subjectId: 'p1', office: '3373' })]);
  });

  it('leaves decided approvals and applications without one alone', async () => {
    for (const approval of [{ status: ApprovalStatus.APPROVED }, undefined]) {
      const { service, manager, updates, audits } = setup(approval);
      await service.withdrawn(event, manager);
      expect([updates, audits]).toEqual([[], []]);
    }
  });
});
