import { DataSource } from 'typeorm';
import { AuditTrail } from '@mpp/audit';
import { ApplicationStatus } from '@mpp/contracts';
import { IntakeHarness, startIntakeHarness } from '../../testing/intake-harness';
import { TrackApplicationService } from '../track-application/track-application.service';
import { findStuckSubmissions, rejectStuckSubmissions, STUCK_REJECTION_NOTE } from './stuck-submissions';

/** The remedy for applications stored, before the shared text rule, with fields their event refuses. */
describe('rejecting submissions stuck in SUBMITTED (service level, real PostgreSQL)', () => {
  let h: IntakeHarness;
  beforeAll(async () => {
    h = await startIntakeHarness();
  });
  afterAll(() => h?.close());

  /** An application stored as the old intake stored a whitespace-only field: trimmed to empty. */
  async function stuck(column: 'applicant_name' | 'business_name' | 'street') {
    const app = await h.submitApplication();
    await h.pg.query(`UPDATE "intake"."applications" SET "${column}" = '' WHERE "id" = $1`, [app.id]);
    return app;
  }

  it('rejects exactly the stuck ones, with a reason the applicant reads, on the timeline and in the audit trail', async () => {
    const healthy = await h.submitApplication();
    const movedOn = await h.submitApplication({ status: ApplicationStatus.UNDER_VERIFICATION });
    await h.pg.query(`UPDATE "intake"."applications" SET "street" = '' WHERE "id" = $1`, [movedOn.id]);
    const noName = await stuck('applicant_name');
    const noStreet = await stuck('street');

    const found = await findStuckSubmissions(h.get(DataSource));
    expect(found.map((s) => s.applicationNumber).sort()).toEqual([noName.number, noStreet.number].sort());
    expect(found.find((s) => s.applicationNumber === noName.number)?.problems).toEqual(['applicant.name should not be empty']);

    const rejected = await rejectStuckSubmissions(h.get(DataSource), h.get(AuditTrail));
    expect(rejected.map((s) => s.applicationNumber).sort()).toEqual([noName.number, noStreet.number].sort());

    const { rows } = await h.pg.query(`SELECT "application_number", "status" FROM "intake"."applications" WHERE "id" = ANY($1)`, [
      [healthy.id, movedOn.id, noName.id, noStreet.id],
    ]);
    expect(Object.fromEntries(rows.map((r: { application_number: string; status: string }) => [r.application_number, r.status]))).toEqual({
      [healthy.number]: 'SUBMITTED',
      [movedOn.number]: 'UNDER_VERIFICATION',
      [noName.number]: 'REJECTED',
      [noStreet.number]: 'REJECTED',
    });

    // What the applicant sees with the tracking code.
    const view = await h.get(TrackApplicationService).track(noStreet.number, { trackingCode: noStreet.code });
    expect(view.status).toBe('REJECTED');
    const last = view.timeline[view.timeline.length - 1];
    expect(last).toMatchObject({ status: 'REJECTED', note: STUCK_REJECTION_NOTE });
    expect(last.reasons).toEqual([expect.stringContaining('business.address.street should not be empty')]);

    const audit = await h.pg.query(`SELECT "action", "actor_kind", "actor_id", "office_code", "details" FROM "intake"."audit_log" WHERE "subject_id" = $1 ORDER BY "id"`, [
      noName.number,
    ]);
    expect(audit.rows[audit.rows.length - 1]).toMatchObject({
      action: 'application.rejected-unprocessable',
      actor_kind: 'system',
      actor_id: 'reject-stuck-submissions',
      office_code: '3373',
      details: { problems: ['applicant.name should not be empty'] },
    });

    // Running it again changes nothing.
    expect(await rejectStuckSubmissions(h.get(DataSource), h.get(AuditTrail))).toEqual([]);
  });
});
