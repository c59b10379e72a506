import { Client } from 'pg';
import { superuserClient, TEST_DATABASES } from '@mpp/testing';
import { application, applicationCount, call, Json, RunningPlatform, startPlatform } from './support/platform';

/**
 * The exact answers to hostile input that used to reach a 500 or a stuck application: a control character in
 * a path or query parameter, and a blank or padded name, which used to be accepted and leave the application
 * in SUBMITTED. Every operation of every service gets the generated hostile requests in
 * hostile-openapi.e2e-spec.ts (control characters in every path parameter and deep nesting on every body
 * included); this file pins the wording of the answers.
 */
describe('hostile input: 4xx naming the field, never a 5xx', () => {
  let platform: RunningPlatform;
  let pg: Client;

  beforeAll(async () => {
    pg = await superuserClient(TEST_DATABASES.e2e);
    platform = await startPlatform();
  });

  afterAll(async () => {
    await platform?.stop();
    await pg?.end();
  });

  it('names the parameter in the answer', async () => {
    const res = await call(`${platform.issuance}/api/v1/permits/%00/verification`);
    expect(res.status).toBe(400);
    expect(res.body).toEqual({
      statusCode: 400,
      error: 'Bad Request',
      message: 'permitNumber (path parameter) must not contain control characters (U+0000 to U+001F, U+007F)',
      details: [{ field: 'permitNumber', rule: 'noControlCharacters', message: 'permitNumber (path parameter) must not contain control characters (U+0000 to U+001F, U+007F)' }],
    });
    const query = await call(`${platform.intake}/api/v1/reference/kbli?q=kel%00ontong`);
    expect({ status: query.status, field: query.body.details?.[0]?.field }).toEqual({ status: 400, field: 'q' });
  });

  it('refuses a blank applicant name, business name or street with 400 naming the field, and stores nothing', async () => {
    const before = await applicationCount(pg);
    const valid = application({ nik: '3373014508900091' });
    const cases: Array<[string, Json]> = [
      ['applicant.name', { ...valid, applicant: { ...valid.applicant, name: '   ' } }],
      ['business.name', { ...valid, business: { ...valid.business, name: '\t \u00a0' } }],
      ['business.address.street', { ...valid, business: { ...valid.business, address: { ...valid.business.address, street: ' ' } } }],
    ];
    for (const [field, body] of cases) {
      const res = await call(`${platform.intake}/api/v1/applications`, { body });
      expect({ field, status: res.status, details: res.body.details }).toEqual({
        field,
        status: 400,
        details: [{ field, rule: 'isNotEmpty', message: `${field} should not be empty` }],
      });
    }
    const nul = await call(`${platform.intake}/api/v1/applications`, { body: { ...valid, applicant: { ...valid.applicant, name: 'Siti\u0000' } } });
    expect({ status: nul.status, details: nul.body.details }).toEqual({
      status: 400,
      details: [{ field: 'applicant.name', rule: 'noNulCharacter', message: 'applicant.name must not contain a NUL character (U+0000)' }],
    });
    const control = await call(`${platform.intake}/api/v1/applications`, { body: { ...valid, applicant: { ...valid.applicant, name: 'Siti\u0007' } } });
    expect({ status: control.status, details: control.body.details }).toEqual({
      status: 400,
      details: [{ field: 'applicant.name', rule: 'matches', message: 'applicant.name must not contain control or text-direction characters, nor begin or end with an invisible character' }],
    });
    expect(await applicationCount(pg)).toBe(before);

    // Padding is trimmed once, and the application is stored as its event carries it.
    const padded = await call(`${platform.intake}/api/v1/applications`, { body: { ...valid, applicant: { ...valid.applicant, name: '  Siti Rahayu  ' } } });
    expect(padded.status).toBe(201);
    const { rows } = await pg.query('SELECT applicant_name FROM intake.applications WHERE application_number = $1', [padded.body.applicationNumber]);
    expect(rows[0].applicant_name).toBe('Siti Rahayu');
  });
});
