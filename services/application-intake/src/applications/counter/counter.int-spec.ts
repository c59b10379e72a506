import { ForbiddenException, NotFoundException } from '@nestjs/common';
import { ApplicationStatus } from '@mpp/contracts';
import { ApplicationOptions, BANDUNG, frontDeskOfficer, IntakeHarness, startIntakeHarness, verifierOfficer } from '../../testing/intake-harness';
import { TrackApplicationService } from '../track-application/track-application.service';
import { TrackingCodeSecrets } from '../tracking-code';
import { CounterService } from './counter.service';

const frontDesk = frontDeskOfficer();
const verifier = verifierOfficer();
const bandung = frontDeskOfficer(BANDUNG.code);

describe("the counter: an office's applications and new tracking codes (service level, real PostgreSQL)", () => {
  let h: IntakeHarness;
  let counter: CounterService;

  beforeAll(async () => {
    h = await startIntakeHarness();
    counter = h.get(CounterService);
  });
  afterAll(() => h?.close());

  /** A kelontong's application (low risk), online unless an officer files it. */
  const application = (o: ApplicationOptions = {}) => h.submitApplication({ kbli: '47112', businessName: 'Warung Bu Siti', ...o });

  it("lists the officer's own office's applications, newest first, by status and up to the limit", async () => {
    const a = await application();
    const b = await application({ officer: frontDesk, status: ApplicationStatus.REVISION_REQUESTED });
    const c = await application();
    await application({ office: BANDUNG });

    const all = await counter.list(verifier, undefined, 50);
    expect(all.map((s) => s.applicationNumber)).toEqual([c.number, b.number, a.number]);
    expect(all[1]).toEqual({
      applicationNumber: b.number,
      status: 'REVISION_REQUESTED',
      riskLevel: 'RENDAH',
      businessName: expect.stringMatching(/^Warung /),
      kbli: '47112',
      channel: 'COUNTER',
      submittedAt: expect.any(String),
    });
    expect((await counter.list(verifier, ApplicationStatus.REVISION_REQUESTED, 50)).map((s) => s.applicationNumber)).toEqual([b.number]);
    expect((await counter.list(verifier, undefined, 2)).map((s) => s.applicationNumber)).toEqual([c.number, b.number]);
    expect((await counter.list(bandung, undefined, 50)).every((s) => s.applicationNumber.startsWith('MPP-3273-'))).toBe(true);
    await expect(counter.list({ ...verifier, office: undefined }, undefined, 50)).rejects.toThrow(ForbiddenException);
  });

  it('issues a new tracking code in any status: the new one works, the old one no longer does; audited, nothing announced', async () => {
    for (const status of Object.values(ApplicationStatus)) {
      const app = await application({ status });
      const outbox = (await h.outbox()).length;
      const { trackingCode } = await h.inContext(() => counter.reissueTrackingCode(app.number, frontDesk), { correlationId: `corr-reissue-${status}` });

      expect(trackingCode).not.toBe(app.code);
      const { rows } = await h.pg.query(`SELECT "tracking_code_hash" FROM "intake"."applications" WHERE "application_number" = $1`, [app.number]);
      expect(h.get(TrackingCodeSecrets).compare(trackingCode, rows[0].tracking_code_hash)).toEqual({ matches: true, stale: false });
      const track = h.get(TrackApplicationService);
      await expect(track.track(app.number, { trackingCode })).resolves.toMatchObject({ status });
      await expect(track.track(app.number, { trackingCode: app.code })).rejects.toThrow(NotFoundException);
      expect(await h.auditLog({ action: 'application.tracking-code-reissued', subjectId: app.number })).toEqual([
        expect.objectContaining({ office: '3373', actor: { kind: 'officer', id: 'fd-3373', role: 'front-desk' }, correlationId: `corr-reissue-${status}` }),
      ]);
      expect(await h.outbox()).toHaveLength(outbox);
    }
  });

  it("refuses another office's application (404) and an officer who is not at the front desk (403), changing nothing", async () => {
    const app = await application();
    await expect(counter.reissueTrackingCode(app.number, bandung)).rejects.toThrow(NotFoundException);
    await expect(counter.reissueTrackingCode('MPP-3373-1999-999999', frontDesk)).rejects.toThrow(NotFoundException);
    await expect(counter.reissueTrackingCode(app.number, verifier)).rejects.toThrow(ForbiddenException);
    await expect(h.get(TrackApplicationService).track(app.number, { trackingCode: app.code })).resolves.toMatchObject({ applicationNumber: app.number });
    expect(await h.auditLog({ action: 'application.tracking-code-reissued', subjectId: app.number })).toEqual([]);
  });
});
