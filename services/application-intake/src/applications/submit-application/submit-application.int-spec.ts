import { ForbiddenException, UnprocessableEntityException } from '@nestjs/common';
import { EVENTS } from '@mpp/contracts';
import { RequestValidationException } from '@mpp/platform';
import { frontDeskOfficer, IntakeHarness, startIntakeHarness } from '../../testing/intake-harness';
import { TrackingCodeSecrets } from '../tracking-code';
import { SubmitApplicationRequest } from './submit-application.request.dto';
import { SubmitApplicationService } from './submit-application.service';

/** A valid online application in Salatiga (3373): a micro kelontong, low risk. */
function request(overrides: { nik?: string; officeCode?: string; regionCode?: string } = {}): SubmitApplicationRequest {
  return {
    officeCode: overrides.officeCode ?? '3373',
    applicant: { nik: overrides.nik ?? '3373014508900001', name: ' Siti Rahayu ', email: 'siti@example.id', npwp: '01.312.166.0-091.000' },
    business: {
      name: 'Warung Bu Siti ',
      kbli: '47112',
      capital: 50_000_000,
      address: { regionCode: overrides.regionCode ?? '33.73.01.1001', street: ' Jl. Jenderal Sudirman No. 12' },
    },
  } as SubmitApplicationRequest;
}

const frontDesk = frontDeskOfficer();

describe('submitting an application (service level, real PostgreSQL)', () => {
  let h: IntakeHarness;
  let service: SubmitApplicationService;

  beforeAll(async () => {
    h = await startIntakeHarness();
    service = h.get(SubmitApplicationService);
  });
  afterAll(() => h?.close());

  const applications = async (where = 'TRUE', params: unknown[] = []) =>
    (await h.pg.query(`SELECT * FROM "intake"."applications" WHERE ${where} ORDER BY "submitted_at"`, params)).rows;

  it('stores an online application with its derived scale and risk, its first step, the event and the audit entry', async () => {
    const { response, replayed } = await h.inContext(() => service.submit(request()), { correlationId: 'corr-submit' });

    expect(replayed).toBe(false);
    expect(response).toEqual({ applicationNumber: expect.stringMatching(/^MPP-3373-\d{4}-000001$/), trackingCode: expect.stringMatching(/^[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}$/), status: 'SUBMITTED' });
    const [stored] = await applications('"application_number" = $1', [response.applicationNumber]);
    expect(stored).toMatchObject({
      status: 'SUBMITTED',
      risk_level: 'RENDAH',
      business_scale: 'MIKRO',
      applicant_name: 'Siti Rahayu',
      applicant_npwp: '013121660091000',
      applicant_kind: 'INDIVIDUAL',
      business_name: 'Warung Bu Siti',
      street: 'Jl. Jenderal Sudirman No. 12',
      region_code: '3373011001',
      channel: 'ONLINE',
      filed_by: null,
      // Submitted today: decided under the regulation in force, PP 28/2025.
      rule_set: 'PP-28-2025',
      tracking_code_hash: expect.stringMatching(/^hmac-sha256:[0-9a-f]{8}:[0-9a-f]{64}$/),
    });
    const { rows: steps } = await h.pg.query(`SELECT "status", "event_id" FROM "intake"."application_timeline" WHERE "application_id" = $1`, [stored.id]);
    expect(steps).toEqual([{ status: 'SUBMITTED', event_id: null }]);

    const [event] = await h.events(EVENTS.ApplicationSubmitted, stored.id);
    expect(event).toMatchObject({ tenant: '3373', correlationId: 'corr-submit', aggregateId: stored.id });
    expect(event.actor).toBeUndefined();
    expect(event.payload).toEqual({
      applicationId: stored.id,
      applicationNumber: response.applicationNumber,
      officeCode: '3373',
      applicant: { nik: '3373014508900001', name: 'Siti Rahayu', npwp: '013121660091000' },
      business: {
        name: 'Warung Bu Siti',
        kbli: '47112',
        kbliTitle: expect.any(String),
        capital: 50_000_000,
        address: { regionCode: '3373011001', street: 'Jl. Jenderal Sudirman No. 12' },
      },
      businessScale: 'MIKRO',
      riskLevel: 'RENDAH',
      ruleSet: 'PP-28-2025',
      submittedAt: stored.submitted_at.toISOString(),
      // For the notification service: where to write, in which language (Bahasa Indonesia unless chosen).
      contact: { email: 'siti@example.id', language: 'id' },
    });
    expect(await h.auditLog({ subjectId: response.applicationNumber })).toEqual([
      expect.objectContaining({
        action: 'application.submitted',
        office: '3373',
        actor: { kind: 'applicant', id: response.applicationNumber, role: null },
        correlationId: 'corr-submit',
        details: { channel: 'ONLINE', riskLevel: 'RENDAH', businessScale: 'MIKRO', kbli: '47112', applicantKind: 'INDIVIDUAL', ruleSet: 'PP-28-2025' },
      }),
    ]);
  });

  it('files at the counter in the officer name, and refuses another office before storing anything', async () => {
    const { response } = await service.submit(request({ nik: '3373014508900002' }), undefined, frontDesk);
    const [stored] = await applications('"application_number" = $1', [response.applicationNumber]);
    expect(stored).toMatchObject({ channel: 'COUNTER', filed_by: 'fd-3373' });
    const [event] = await h.events(EVENTS.ApplicationSubmitted, stored.id);
    expect(event.actor).toEqual({ kind: 'officer', id: 'fd-3373', role: 'front-desk', office: '3373' });
    const [audit] = await h.auditLog({ subjectId: response.applicationNumber });
    expect(audit).toMatchObject({ actor: { kind: 'officer', id: 'fd-3373' }, details: { channel: 'COUNTER' } });

    const before = (await applications()).length;
    const bandung = { ...frontDesk, office: '3273' };
    await expect(service.submit(request({ nik: '3373014508900003' }), undefined, bandung)).rejects.toThrow(ForbiddenException);
    expect(await applications()).toHaveLength(before);
  });

  it('refuses an unknown office and a business outside the office, naming the field, and stores nothing', async () => {
    const before = (await h.outbox()).length;
    const unknown = await service.submit(request({ officeCode: '3399' })).catch((e: unknown) => e);
    expect(unknown).toBeInstanceOf(RequestValidationException);
    expect(JSON.stringify((unknown as RequestValidationException).getResponse())).toContain('knownOffice');
    const elsewhere = await service.submit(request({ regionCode: '33.72.01.1001' })).catch((e: unknown) => e);
    expect(elsewhere).toBeInstanceOf(RequestValidationException);
    expect(JSON.stringify((elsewhere as RequestValidationException).getResponse())).toContain('regionWithinOffice');
    expect(await h.outbox()).toHaveLength(before);
  });

  it('answers a retry with the same Idempotency-Key with the first response, once stored and once announced', async () => {
    const body = request({ nik: '3373014508900004' });
    const first = await service.submit(body, 'retry-key-0001');
    const again = await service.submit(request({ nik: '3373014508900004' }), 'retry-key-0001');

    expect(first.replayed).toBe(false);
    expect(again).toEqual({ response: first.response, replayed: true });
    const stored = await applications('"applicant_nik" = $1', ['3373014508900004']);
    expect(stored).toHaveLength(1);
    expect(await h.events(EVENTS.ApplicationSubmitted, stored[0].id)).toHaveLength(1);
    expect(await h.auditLog({ subjectId: first.response.applicationNumber })).toHaveLength(1);
    // Kept without the tracking code in clear: sealed under the caller's key, opened only with it.
    const { rows: keys } = await h.pg.query(`SELECT "scope", "response" FROM "intake"."idempotency_keys" WHERE "key" = 'retry-key-0001'`);
    const { trackingCode, ...answer } = first.response;
    expect(keys).toEqual([{ scope: 'public', response: { ...answer, trackingCodeSealed: expect.any(String) } }]);
    expect(JSON.stringify(keys)).not.toContain(trackingCode);
    expect(JSON.stringify(keys)).not.toContain(trackingCode.replace(/-/g, ''));
    expect(h.get(TrackingCodeSecrets).unseal(keys[0].response.trackingCodeSealed, 'public:retry-key-0001')).toBe(trackingCode);
    const stored0 = await applications('"applicant_nik" = $1', ['3373014508900004']);
    expect(h.get(TrackingCodeSecrets).compare(trackingCode, String(stored0[0].tracking_code_hash))).toEqual({ matches: true, stale: false });
  });

  it("keeps an officer's Idempotency-Key apart from the public's and from another officer's", async () => {
    const officer = (id: string) => ({ ...frontDeskOfficer('3373'), id, username: id });
    const online = await service.submit(request({ nik: '3373014508900104' }), 'shared-key-0001');
    const counterA = await service.submit(request({ nik: '3373014508900105' }), 'shared-key-0001', officer('fd-a'));
    const counterB = await service.submit(request({ nik: '3373014508900106' }), 'shared-key-0001', officer('fd-b'));
    expect([online.replayed, counterA.replayed, counterB.replayed]).toEqual([false, false, false]);
    expect(new Set([online, counterA, counterB].map((r) => r.response.applicationNumber)).size).toBe(3);
    const again = await service.submit(request({ nik: '3373014508900105' }), 'shared-key-0001', officer('fd-a'));
    expect(again).toEqual({ response: counterA.response, replayed: true });
  });

  it('refuses the same Idempotency-Key for a different request, and stores nothing for it', async () => {
    await service.submit(request({ nik: '3373014508900005' }), 'retry-key-0002');
    const error = await service.submit(request({ nik: '3373014508900006' }), 'retry-key-0002').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UnprocessableEntityException);
    expect((error as UnprocessableEntityException).getResponse()).toMatchObject({ details: [{ field: 'Idempotency-Key', rule: 'sameRequestForSameKey' }] });
    expect(await applications('"applicant_nik" = $1', ['3373014508900006'])).toEqual([]);
  });

  it('numbers applications of an office gaplessly, and answers concurrent retries of one key with one application', async () => {
    const body = request({ nik: '3373014508900007' });
    const results = await Promise.all([service.submit(body, 'retry-key-0003'), service.submit(body, 'retry-key-0003'), service.submit(body, 'retry-key-0003')]);
    expect(new Set(results.map((r) => r.response.applicationNumber)).size).toBe(1);
    expect(results.filter((r) => !r.replayed)).toHaveLength(1);

    const numbers = (await applications('"office_code" = $1', ['3373'])).map((a) => Number(String(a.application_number).slice(-6)));
    expect(numbers).toEqual(numbers.map((_, i) => i + 1));
  });

  it('stores and announces a business entity with its deed, trimmed and with the NPWP as digits', async () => {
    const body = request({ nik: '3373014508900008' });
    body.applicant.kind = 'ENTITY';
    body.applicant.entity = {
      form: 'CV',
      name: ' CV Maju Jaya ',
      npwp: '01.312.166.0-091.000',
      deed: { number: ' 12 ', date: '2024-03-01', notary: ' ', ministryApproval: ' AHU-0012345.AH.01.14 ' },
    } as NonNullable<typeof body.applicant.entity>;
    const { response } = await service.submit(body);
    const [stored] = await applications('"application_number" = $1', [response.applicationNumber]);
    const entity = { form: 'CV', name: 'CV Maju Jaya', npwp: '013121660091000', deed: { number: '12', date: '2024-03-01', ministryApproval: 'AHU-0012345.AH.01.14' } };
    expect(stored).toMatchObject({ applicant_kind: 'ENTITY', entity });
    const [event] = await h.events(EVENTS.ApplicationSubmitted, stored.id);
    expect(event.payload.applicant).toEqual({ nik: '3373014508900008', name: 'Siti Rahayu', npwp: '013121660091000', kind: 'ENTITY', entity });
  });
});
