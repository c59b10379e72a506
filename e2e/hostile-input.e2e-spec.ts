import { Client } from 'pg';
import { superuserClient, TEST_DATABASES } from '@mpp/testing';
import { application, call, Json, RunningPlatform, startPlatform } from './support/platform';

/**
 * Hostile input that used to reach a 500: control characters in path parameters and JSON bodies nested
 * thousands of levels deep, on every service; and a blank name, which used to be accepted and leave the
 * application stuck in SUBMITTED. Each is now a 400 naming what is wrong, and nothing is stored.
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

  async function applicationCount(): Promise<number> {
    const { rows } = await pg.query('SELECT count(*)::int AS n FROM intake.applications');
    return rows[0].n;
  }

  /** Every route with a path parameter: method, service, path with `{}` for the parameter, its name, and who calls. */
  function routes(): Array<{ method: string; url: (p: string) => string; param: string; as?: string; body?: unknown }> {
    const { intake, verification, issuance } = platform;
    return [
      { method: 'GET', url: (p) => `${intake}/api/v1/applications/${p}`, param: 'applicationNumber' },
      { method: 'POST', url: (p) => `${intake}/api/v1/applications/${p}/withdraw`, param: 'applicationNumber', body: {} },
      { method: 'POST', url: (p) => `${intake}/api/v1/applications/${p}/resubmit`, param: 'applicationNumber', body: {} },
      { method: 'POST', url: (p) => `${intake}/api/v1/applications/${p}/documents`, param: 'applicationNumber', body: {} },
      { method: 'POST', url: (p) => `${intake}/api/v1/applications/${p}/tracking-code`, param: 'applicationNumber', as: 'salatiga.frontdesk', body: {} },
      { method: 'GET', url: (p) => `${intake}/api/v1/offices/${p}`, param: 'code', as: 'salatiga.admin' },
      { method: 'PATCH', url: (p) => `${intake}/api/v1/offices/${p}`, param: 'code', as: 'platform.admin', body: {} },
      { method: 'GET', url: (p) => `${verification}/api/v1/cases/${p}`, param: 'id', as: 'salatiga.verifier' },
      { method: 'POST', url: (p) => `${verification}/api/v1/cases/${p}/claim`, param: 'id', as: 'salatiga.verifier' },
      { method: 'POST', url: (p) => `${verification}/api/v1/cases/${p}/reject`, param: 'id', as: 'salatiga.verifier', body: {} },
      { method: 'GET', url: (p) => `${verification}/api/v1/cases/${p}/documents`, param: 'id', as: 'salatiga.verifier' },
      { method: 'GET', url: (p) => `${issuance}/api/v1/permits/${p}/verification`, param: 'permitNumber' },
      { method: 'POST', url: (p) => `${issuance}/api/v1/permits/${p}/verification`, param: 'permitNumber', body: {} },
      { method: 'GET', url: (p) => `${issuance}/api/v1/permits/${p}/certificate.pdf`, param: 'permitNumber' },
      { method: 'POST', url: (p) => `${issuance}/api/v1/permits/${p}/revoke`, param: 'permitNumber', as: 'salatiga.head-of-office', body: {} },
      { method: 'GET', url: (p) => `${issuance}/api/v1/approvals/${p}`, param: 'id', as: 'salatiga.head-of-office' },
      { method: 'POST', url: (p) => `${issuance}/api/v1/approvals/${p}/approve`, param: 'id', as: 'salatiga.head-of-office' },
      { method: 'GET', url: (p) => `${issuance}/api/v1/signing-keys/${p}`, param: 'keyId' },
    ];
  }

  it('answers a control character in any path parameter with 400 naming the parameter, for the right caller and anonymously', async () => {
    const before = await applicationCount();
    const answers: Json[] = [];
    const expected: Json[] = [];
    for (const route of routes()) {
      for (const hostile of ['%00', 'MPP-3373%00', '%01', '%1F', '%7F', 'a%0Ab']) {
        const url = route.url(hostile);
        const token = route.as ? await platform.token(route.as) : undefined;
        const res = await call(url, { method: route.method, token, body: route.body, headers: { 'x-tracking-code': 'AAAA-BBBB-CCCC' } });
        answers.push({ url, method: route.method, status: res.status, details: res.body?.details?.map((d: Json) => ({ field: d.field, rule: d.rule })) });
        expected.push({ url, method: route.method, status: 400, details: [{ field: route.param, rule: 'noControlCharacters' }] });
        const anonymous = await call(url, { method: route.method, body: route.body });
        answers.push({ url, method: route.method, anonymous: anonymous.status >= 400 && anonymous.status < 500 ? '4xx' : anonymous.status });
        expected.push({ url, method: route.method, anonymous: '4xx' });
      }
    }
    expect(answers).toEqual(expected);
    expect(await applicationCount()).toBe(before);
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

  it('answers a JSON body nested 20,000 levels deep with 400 on every POST, before any validation', async () => {
    const deepArray = '['.repeat(20_000) + ']'.repeat(20_000);
    const deepObject = '{"a":'.repeat(16_000) + '1' + '}'.repeat(16_000);
    const { intake, verification, issuance } = platform;
    const posts: Array<[string, string?]> = [
      [`${intake}/api/v1/applications`],
      [`${intake}/api/v1/applications/MPP-3373-2026-000001/resubmit`],
      [`${intake}/api/v1/applications/MPP-3373-2026-000001/withdraw`],
      [`${intake}/api/v1/applications/MPP-3373-2026-000001/documents`],
      [`${intake}/api/v1/applications/MPP-3373-2026-000001/tracking-code`, 'salatiga.frontdesk'],
      [`${intake}/api/v1/offices`, 'platform.admin'],
      [`${verification}/api/v1/cases/00000000-0000-4000-8000-000000000000/approve`, 'salatiga.verifier'],
      [`${verification}/api/v1/cases/00000000-0000-4000-8000-000000000000/reject`, 'salatiga.verifier'],
      [`${verification}/api/v1/cases/00000000-0000-4000-8000-000000000000/request-revision`, 'salatiga.verifier'],
      [`${verification}/api/v1/cases/00000000-0000-4000-8000-000000000000/documents/00000000-0000-4000-8000-000000000000/decision`, 'salatiga.verifier'],
      [`${issuance}/api/v1/approvals/00000000-0000-4000-8000-000000000000/approve`, 'salatiga.head-of-office'],
      [`${issuance}/api/v1/approvals/00000000-0000-4000-8000-000000000000/deny`, 'salatiga.head-of-office'],
      [`${issuance}/api/v1/permits/NIB-0000/revoke`, 'salatiga.head-of-office'],
      [`${issuance}/api/v1/permits/NIB-0000/verification`],
    ];
    const before = await applicationCount();
    const answers: Json[] = [];
    const expected: Json[] = [];
    for (const [url, as] of posts) {
      for (const body of [deepArray, deepObject]) {
        const res = await call(url, { method: 'POST', token: as ? await platform.token(as) : undefined, body });
        answers.push({ url, status: res.status, details: res.body?.details });
        expected.push({ url, status: 400, details: [{ field: 'body', rule: 'maxDepth', message: 'body must not be nested more than 32 levels deep' }] });
      }
    }
    expect(answers).toEqual(expected);
    expect(await applicationCount()).toBe(before);
  });

  it('refuses a blank applicant name, business name or street with 400 naming the field, and stores nothing', async () => {
    const before = await applicationCount();
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
      details: [{ field: 'applicant.name', rule: 'matches', message: 'applicant.name must not contain control characters' }],
    });
    expect(await applicationCount()).toBe(before);

    // Padding is trimmed once, and the application is stored as its event carries it.
    const padded = await call(`${platform.intake}/api/v1/applications`, { body: { ...valid, applicant: { ...valid.applicant, name: '  Siti Rahayu  ' } } });
    expect(padded.status).toBe(201);
    const { rows } = await pg.query('SELECT applicant_name FROM intake.applications WHERE application_number = $1', [padded.body.applicationNumber]);
    expect(rows[0].applicant_name).toBe('Siti Rahayu');
  });
});
