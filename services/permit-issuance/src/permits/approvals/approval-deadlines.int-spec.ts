import { ConflictException } from '@nestjs/common';
import { EVENTS, PermitType, RiskLevel } from '@mpp/contracts';
import { documentsVerified, headOfOffice, IssuanceHarness, officeConfigured, startIssuanceHarness } from '../../testing/issuance-fixtures';
import { ApprovalDeadlineMonitor } from './approval-deadline-monitor';
import { ApprovalStatus } from './approval-lifecycle';
import { ApprovalEntity } from './approval.entity';
import { DecideApprovalService } from './decide-approval.service';

const PASAL_230 = 'PP 28/2025 Pasal 230';

/**
 * The head of office's approval deadline on the real database, with a clock the test passes in: warned one
 * working day ahead, announced once when missed, and under PP 28/2025 the Izin issued by operation of law
 * (fiktif positif), once, while under PP 5/2021 the lapse only escalates.
 */
describe('approval deadlines', () => {
  let h: IssuanceHarness;
  let monitor: ApprovalDeadlineMonitor;
  let decide: DecideApprovalService;
  const head = headOfOffice('3373', 'head-3373');

  beforeAll(async () => {
    h = await startIssuanceHarness();
    monitor = h.get(ApprovalDeadlineMonitor);
    decide = h.get(DecideApprovalService);
    await h.deliverOfficeConfigured(officeConfigured());
  });
  afterAll(() => h?.close());
  // The monitor sees every office's approvals: close what a test left waiting, so that the next test's counts are its own.
  afterEach(() => h.dataSource.query(`UPDATE "issuance"."approvals" SET "status" = 'WITHDRAWN' WHERE "status" = 'PENDING'`));

  const stored = (applicationId: string) => h.dataSource.getRepository(ApprovalEntity).findOneByOrFail({ applicationId });
  /** A high-risk application waiting for the head of office, decided under `ruleSet` (null: before rule sets, PP 5/2021). */
  async function pending(ruleSet?: null) {
    const payload = documentsVerified({ risk: RiskLevel.TINGGI, ruleSet });
    expect(await h.deliverDocumentsVerified(payload)).toBe('processed');
    const approval = await stored(payload.applicationId);
    expect(approval.dueAt).toBeInstanceOf(Date);
    return { payload, approval, dueAt: approval.dueAt as Date };
  }
  const after = (d: Date, ms: number) => new Date(d.getTime() + ms);

  it('warns once per due date, one working day ahead, saying that the Izin is then issued by operation of law', async () => {
    const { payload, approval, dueAt } = await pending();
    // Three working days ahead: too early.
    expect(await monitor.warnDueSoon(approval.requestedAt)).toBe(0);
    expect(await monitor.warnDueSoon(after(dueAt, -3_600_000))).toBe(1);
    expect(await monitor.warnDueSoon(after(dueAt, -1_800_000))).toBe(0);

    const warnings = await h.events(EVENTS.ApprovalDueSoon, payload.applicationId);
    expect(warnings.map((e) => e.payload)).toEqual([
      expect.objectContaining({ approvalId: approval.id, applicationNumber: payload.applicationNumber, dueAt: dueAt.toISOString(), deemedOnLapse: PASAL_230 }),
    ]);
    expect(await h.auditLog({ action: 'approval.due-soon', subjectId: approval.id })).toHaveLength(1);
  });

  it('under PP 28/2025, a lapsed approval issues the NIB and the Izin by operation of law, once, and the head of office can no longer decide', async () => {
    const { payload, approval, dueAt } = await pending();
    expect(await monitor.check(dueAt)).toBe(0); // due at the close of the day, not yet missed
    // Two replicas at once: one approval, one set of permits.
    const lapsed = await Promise.all([monitor.check(after(dueAt, 1)), monitor.check(after(dueAt, 1))]);
    expect(lapsed[0] + lapsed[1]).toBe(1);
    expect(await monitor.check(after(dueAt, 60_000))).toBe(0);

    expect(await stored(payload.applicationId)).toMatchObject({ status: ApprovalStatus.APPROVED, decidedBy: 'DEEMED', deemedBasis: PASAL_230 });
    const permits = await h.permitsOf(payload.applicationId);
    expect(permits.map((p) => [p.type, p.deemedBasis ?? null])).toEqual([
      [PermitType.IZIN, PASAL_230],
      [PermitType.NIB, null],
    ]);
    const [certificate] = await h.certificatesOf(permits[0].number);
    expect(certificate.content).toMatchObject({ deemedBasis: PASAL_230, signatory: { name: null } });

    expect((await h.events(EVENTS.ApprovalOverdue, payload.applicationId)).map((e) => e.payload)).toEqual([
      expect.objectContaining({ approvalId: approval.id, dueAt: dueAt.toISOString(), deemedBasis: PASAL_230 }),
    ]);
    const [issued, ...more] = await h.events(EVENTS.PermitIssued, payload.applicationId);
    expect(more).toEqual([]);
    expect(issued.actor).toEqual({ kind: 'system', id: 'permit-issuance' });
    expect(issued.payload.permits.map((p) => [p.type, p.deemedBasis])).toEqual(
      expect.arrayContaining([
        [PermitType.IZIN, PASAL_230],
        [PermitType.NIB, undefined],
      ]),
    );
    expect((await h.auditLog({ subjectId: approval.id })).map((a) => a.action)).toEqual(['approval.requested', 'approval.overdue', 'approval.deemed-approved']);
    expect((await h.auditLog({ action: 'approval.deemed-approved', subjectId: approval.id }))[0].details).toMatchObject({ legalBasis: PASAL_230, ruleSet: 'PP-28-2025' });

    await expect(decide.approve(approval.id, head)).rejects.toThrow(ConflictException);
    await expect(decide.deny(approval.id, head, 'Terlambat, sudah terbit karena hukum.')).rejects.toThrow(ConflictException);
  });

  it('under PP 5/2021, a lapsed approval is announced once for escalation and keeps waiting for the head of office', async () => {
    const { payload, approval, dueAt } = await pending(null);
    expect(await monitor.warnDueSoon(after(dueAt, -3_600_000))).toBe(1);
    expect((await h.events(EVENTS.ApprovalDueSoon, payload.applicationId))[0].payload.deemedOnLapse).toBeUndefined();
    expect(await monitor.check(after(dueAt, 1))).toBe(1);
    expect(await monitor.check(after(dueAt, 2))).toBe(0);

    const overdue = await h.events(EVENTS.ApprovalOverdue, payload.applicationId);
    expect(overdue.map((e) => e.payload)).toEqual([expect.objectContaining({ approvalId: approval.id })]);
    expect(overdue[0].payload.deemedBasis).toBeUndefined();
    expect(await stored(payload.applicationId)).toMatchObject({ status: ApprovalStatus.PENDING, slaBreachedAt: after(dueAt, 1), deemedBasis: null });
    expect(await h.permitsOf(payload.applicationId)).toEqual([]);

    // Late, the head of office still decides.
    expect(await decide.approve(approval.id, head)).toMatchObject({ status: ApprovalStatus.APPROVED, decidedBy: head.id });
  });

  it('leaves decided approvals alone', async () => {
    const { payload, approval, dueAt } = await pending();
    await decide.deny(approval.id, head, 'Lokasi usaha tidak sesuai tata ruang.');
    expect(await monitor.warnDueSoon(after(dueAt, -3_600_000))).toBe(0);
    expect(await monitor.check(after(dueAt, 1))).toBe(0);
    expect(await h.events(EVENTS.ApprovalOverdue, payload.applicationId)).toEqual([]);
    expect(await h.permitsOf(payload.applicationId)).toEqual([]);
  });
});
