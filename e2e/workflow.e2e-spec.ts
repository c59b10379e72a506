import { eventually } from '@mpp/testing';
import { application, call, Json, RunningPlatform, startPlatform } from './support/platform';

/** The verifier's decisions and the entrepreneur's answers: revision rounds, rejection, withdrawal. */
describe('licensing workflow: verification decisions', () => {
  let platform: RunningPlatform;

  beforeAll(async () => {
    platform = await startPlatform();
  });

  afterAll(async () => {
    await platform?.stop();
  });

  const token = (username: string) => platform.token(username);

  async function submit(nik: string, kbli = '86105') {
    const res = await call(`${platform.intake}/api/v1/applications`, { body: application({ nik, kbli }) });
    expect(res.status).toBe(201);
    return res.body as { applicationNumber: string; trackingCode: string };
  }

  function track(app: { applicationNumber: string; trackingCode: string }) {
    return call(`${platform.intake}/api/v1/applications/${app.applicationNumber}`, { headers: { 'x-tracking-code': app.trackingCode } });
  }

  function statusOf(app: { applicationNumber: string; trackingCode: string }, wanted: string) {
    return eventually<Json>(async () => {
      const r = await track(app);
      return r.body.status === wanted ? r.body : undefined;
    });
  }

  async function openCase(applicationNumber: string, verifier: string, status = 'AWAITING_OFFICER') {
    return eventually<Json>(async () => {
      const r = await call(`${platform.verification}/api/v1/cases?status=${status}`, { token: verifier });
      return r.body.find((c: Json) => c.applicationNumber === applicationNumber);
    });
  }

  const caseAction = (id: string, action: string, officerToken: string, body?: unknown) =>
    call(`${platform.verification}/api/v1/cases/${id}/${action}`, { method: 'POST', token: officerToken, body });

  it('runs a revision round: the applicant resubmits and the case returns to the same verifier', async () => {
    const app = await submit('3373011203850101');
    const verifier = await token('salatiga.verifier');
    const opened = await openCase(app.applicationNumber, verifier);
    const claimed = await caseAction(opened.id, 'claim', verifier);
    expect(claimed.body).toMatchObject({ assignedTo: expect.any(String) });

    const badReasons = await caseAction(opened.id, 'request-revision', verifier, { reasons: [] });
    expect(badReasons.status).toBe(400);
    expect(badReasons.body.details[0]).toMatchObject({ field: 'reasons' });
    const reasons = ['Foto tempat usaha tidak terlihat jelas; unggah foto tampak depan'];
    const asked = await caseAction(opened.id, 'request-revision', verifier, { reasons });
    expect(asked.status).toBe(200);
    expect(asked.body).toMatchObject({ status: 'REVISION_REQUESTED', revisionRound: 1, reasons });

    const waiting = await statusOf(app, 'REVISION_REQUESTED');
    expect(waiting.nextStep).toEqual({ by: 'APPLICANT', description: expect.any(String), reasons });

    const wrongCode = await call(`${platform.intake}/api/v1/applications/${app.applicationNumber}/resubmit`, {
      body: {},
      headers: { 'x-tracking-code': 'AAAA-BBBB-CCCC' },
    });
    expect(wrongCode.status).toBe(404);
    const resubmitted = await call(`${platform.intake}/api/v1/applications/${app.applicationNumber}/resubmit`, {
      body: { note: 'Foto sudah diunggah ulang' },
      headers: { 'x-tracking-code': app.trackingCode },
    });
    expect(resubmitted).toMatchObject({ status: 200, body: { status: 'UNDER_VERIFICATION' } });
    expect(
      (await call(`${platform.intake}/api/v1/applications/${app.applicationNumber}/resubmit`, { body: {}, headers: { 'x-tracking-code': app.trackingCode } })).status,
    ).toBe(409);

    const back = await openCase(app.applicationNumber, verifier);
    expect(back).toMatchObject({ id: opened.id, assignedTo: claimed.body.assignedTo, revisionRound: 1 });
    expect((await caseAction(back.id, 'approve', verifier)).status).toBe(200);
    const issued = await statusOf(app, 'ISSUED');
    expect(issued.timeline.map((t: Json) => t.status)).toEqual([
      'SUBMITTED',
      'UNDER_VERIFICATION',
      'REVISION_REQUESTED',
      'UNDER_VERIFICATION',
      'VERIFIED',
      'ISSUED',
    ]);
    expect(issued.timeline[2].reasons).toEqual(reasons);
    expect(issued.permits.map((p: Json) => p.type).sort()).toEqual(['NIB', 'SERTIFIKAT_STANDAR']);
  });

  it('rejects with reasons the entrepreneur can read', async () => {
    const app = await submit('3373011203850102');
    const verifier = await token('salatiga.verifier');
    const opened = await openCase(app.applicationNumber, verifier);
    const reasons = ['Lokasi usaha berada di zona yang tidak sesuai dengan KKPR'];
    expect((await caseAction(opened.id, 'reject', verifier, { reasons })).body).toMatchObject({ status: 'REJECTED', reasons });
    const rejected = await statusOf(app, 'REJECTED');
    expect(rejected.nextStep).toMatchObject({ by: 'NONE', reasons });
    expect(rejected.permits).toEqual([]);
    expect((await caseAction(opened.id, 'approve', verifier)).status).toBe(409);
  });

  it('lets the entrepreneur withdraw before a decision, which closes the case', async () => {
    const app = await submit('3373011203850103');
    const verifier = await token('salatiga.verifier');
    const opened = await openCase(app.applicationNumber, verifier);
    const url = `${platform.intake}/api/v1/applications/${app.applicationNumber}/withdraw`;
    expect((await call(url, { body: {}, token: await token('makassar.frontdesk') })).status).toBe(404);
    const withdrawn = await call(url, { body: { reason: 'Usaha tidak jadi dibuka' }, headers: { 'x-tracking-code': app.trackingCode } });
    expect(withdrawn).toMatchObject({ status: 200, body: { status: 'WITHDRAWN' } });
    expect((await call(url, { body: {}, headers: { 'x-tracking-code': app.trackingCode } })).status).toBe(409);
    const closed = await openCase(app.applicationNumber, verifier, 'WITHDRAWN');
    expect(closed.id).toBe(opened.id);
    expect((await caseAction(opened.id, 'approve', verifier)).status).toBe(409);
    expect((await track(app)).body).toMatchObject({ status: 'WITHDRAWN', nextStep: { by: 'NONE' } });
  });

  it('keeps a claimed case for its verifier', async () => {
    const app = await submit('3373011203850104');
    const verifier = await token('salatiga.verifier');
    const opened = await openCase(app.applicationNumber, verifier);
    const someoneElse = await platform.token('salatiga.verifier', { sub: '00003373-0000-0000-0000-0000000000ff', preferred_username: 'salatiga.verifier2' });
    expect((await caseAction(opened.id, 'claim', verifier)).status).toBe(200);
    expect((await caseAction(opened.id, 'approve', someoneElse)).status).toBe(409);
    expect((await caseAction(opened.id, 'release', verifier)).status).toBe(200);
    expect((await caseAction(opened.id, 'approve', someoneElse)).status).toBe(200);
  });
});
