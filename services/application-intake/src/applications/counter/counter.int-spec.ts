import { ForbiddenException, NotFoundException } from '@nestjs/common';
import { Officer, OfficerRole } from '@mpp/auth';
import { ApplicationStatus } from '@mpp/contracts';
import { offlineMessaging } from '@mpp/messaging';
import { createServiceHarness, ServiceHarness } from '@mpp/testing';
import { intakeDatabase } from '../../database/intake-database';
import { SubmitApplicationRequest } from '../submit-application/submit-application.request.dto';
import { SubmitApplicationService } from '../submit-application/submit-application.service';
import { TrackApplicationService } from '../track-application/track-application.service';
import { hashTrackingCode } from '../tracking-code';
import { CounterService } from './counter.service';

const frontDesk: Officer = { id: 'fd-3373', username: 'fd', roles: [OfficerRole.FRONT_DESK], office: '3373' };
const verifier: Officer = { id: 'verifier-3373', username: 'v', roles: [OfficerRole.VERIFIER], office: '3373' };
const bandung: Officer = { id: 'fd-3273', username: 'fd-b', roles: [OfficerRole.FRONT_DESK], office: '3273' };

describe("the counter: an office's applications and new tracking codes (service level, real PostgreSQL)", () => {
  let h: ServiceHarness;
  let counter: CounterService;
  let nik = 3373014508900500;

  beforeAll(async () => {
    h = await createServiceHarness({
      appModule: async () => (await import('../../app.module')).AppModule,
      database: intakeDatabase,
      role: 'intake_svc',
      overrides: offlineMessaging(),
    });
    counter = h.get(CounterService);
  });

  afterAll(async () => {
    await h?.close();
  });

  async function application(office: { code: string; region: string } = { code: '3373', region: '3373011001' }, officer?: Officer) {
    const request = {
      officeCode: office.code,
      applicant: { nik: String(nik++), name: 'Siti Rahayu' },
      business: { name: `Warung ${nik}`, kbli: '47112', capital: 50_000_000, address: { regionCode: office.region, street: 'Jl. Diponegoro 1' } },
    } as SubmitApplicationRequest;
    const { response } = await h.get(SubmitApplicationService).submit(request, undefined, officer);
    return { number: response.applicationNumber, code: response.trackingCode };
  }

  const setStatus = (number: string, status: ApplicationStatus) =>
    h.pg.query(`UPDATE "intake"."applications" SET "status" = $2 WHERE "application_number" = $1`, [number, status]);

  it("lists the officer's own office's applications, newest first, by status and up to the limit", async () => {
    const a = await application();
    const b = await application(undefined, frontDesk);
    const c = await application();
    await application({ code: '3273', region: '3273011001' });
    await setStatus(b.number, ApplicationStatus.REVISION_REQUESTED);

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
      const app = await application();
      await setStatus(app.number, status);
      const outbox = (await h.outbox()).length;
      const { trackingCode } = await h.inContext(() => counter.reissueTrackingCode(app.number, frontDesk), { correlationId: `corr-reissue-${status}` });

      expect(trackingCode).not.toBe(app.code);
      const { rows } = await h.pg.query(`SELECT "tracking_code_hash" FROM "intake"."applications" WHERE "application_number" = $1`, [app.number]);
      expect(rows[0].tracking_code_hash).toBe(hashTrackingCode(trackingCode));
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
