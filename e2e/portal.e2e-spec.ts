import { application, call, Json, PORTAL_PORT, RunningPlatform, startPlatform, startPortal } from './support/platform';
import type { RunningService } from '@mpp/testing';

/**
 * The portal (services/portal) as its own process in front of the real services: it serves the web app's
 * pages (index.html with lang="id", a strict CSP) and forwards the public API, passing the end user's
 * address on to the services, which trust it as their proxy.
 */
describe('the portal in front of the platform', () => {
  let platform: RunningPlatform;
  let portal: RunningService;
  const url = `http://127.0.0.1:${PORTAL_PORT}`;

  beforeAll(async () => {
    platform = await startPlatform({ TRUSTED_PROXIES: 'loopback' });
    // The portal believes X-Forwarded-For from loopback too here, as it would from a TLS proxy in front of it:
    // the test then plays an end user at 203.0.113.45.
    portal = await startPortal(platform, { TRUSTED_PROXIES: 'loopback' });
  });

  afterAll(async () => {
    await portal?.stop();
    await platform?.stop();
  });

  it.each(['/', '/lacak', '/verifikasi/SS-3373-2026-000001'])('serves the web app at %s: index.html in Bahasa Indonesia, scripts only from itself', async (path) => {
    const res = await fetch(`${url}${path}`, { headers: { accept: 'text/html' } });
    const html = await res.text();

    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    expect(html).toMatch(/<html lang="id">/);
    expect(html).toMatch(/<script type="module" crossorigin src="\/assets\/index-[\w-]+\.js"/);
    expect(html).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/); // no inline script
    expect(html).not.toMatch(/https?:\/\//); // nothing from a CDN
    const csp = res.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("script-src 'self'");
    const nonce = /'nonce-([^']+)'/.exec(csp)?.[1];
    expect(nonce).toBeTruthy();
    expect(html).toContain(`nonce="${nonce}"`);
    expect(html).not.toContain('__CSP_NONCE__');
  });

  it('serves the built assets, cached for good, and answers a missing one or an unknown API path with a JSON 404', async () => {
    const html = await (await fetch(`${url}/`)).text();
    const script = /src="(\/assets\/[^"]+\.js)"/.exec(html)?.[1];
    const asset = await fetch(`${url}${script}`);
    expect(asset.status).toBe(200);
    expect(asset.headers.get('cache-control')).toContain('immutable');
    expect(await asset.text()).toContain('Nomor permohonan');

    const missing = await call(`${url}/assets/missing.js`);
    expect(missing.status).toBe(404);
    expect(missing.body).toMatchObject({ statusCode: 404, error: 'Not Found' });
    const unknown = await call(`${url}/api/v1/nothing-here`);
    expect(unknown.status).toBe(404);
    expect(unknown.body).toMatchObject({ statusCode: 404, error: 'Not Found' });
  });

  it('forwards the KBLI reference data to intake', async () => {
    const direct = await call(`${platform.intake}/api/v1/reference/kbli?q=47112`);
    const viaPortal = await call(`${url}/api/v1/reference/kbli?q=47112`, { headers: { 'x-correlation-id': 'portal-e2e-kbli' } });

    expect(viaPortal.status).toBe(200);
    expect(viaPortal.body).toEqual(direct.body);
    expect(viaPortal.body.map((k: Json) => k.code)).toContain('47112');
    expect(viaPortal.headers.get('x-correlation-id')).toBe('portal-e2e-kbli');
  });

  it('lists each KBLI row with the rule set it belongs to and its source; an older rule set on request', async () => {
    const today = await call(`${platform.intake}/api/v1/reference/kbli?q=47112`);
    expect(today.status).toBe(200);
    expect(today.body).toEqual([
      expect.objectContaining({
        code: '47112',
        classification: 'KBLI2020',
        ruleSet: 'PP-28-2025',
        regulation: 'PP 28/2025',
        risk: { MIKRO: 'RENDAH', KECIL: 'RENDAH', MENENGAH: 'RENDAH', BESAR: 'RENDAH' },
        source: expect.stringMatching(/^PP 28\/2025 Lampiran I not checked/),
        sourcedScales: [],
        confirmed: false,
      }),
    ]);
    const before = await call(`${platform.intake}/api/v1/reference/kbli?q=01411&ruleSet=PP-5-2021`);
    expect(before.body).toEqual([expect.objectContaining({ code: '01411', ruleSet: 'PP-5-2021', regulation: 'PP 5/2021', confirmed: true })]);

    const unknown = await call(`${platform.intake}/api/v1/reference/kbli?ruleSet=PP-99-2030`);
    expect(unknown.status).toBe(400);
    expect(unknown.body.details).toEqual([{ field: 'ruleSet', rule: 'knownRuleSet', message: 'ruleSet must be one of PP-5-2021, PP-28-2025' }]);
  });

  it("submits and tracks an application through the portal; the services record the end user's address", async () => {
    const submitted = await call(`${url}/api/v1/applications`, { body: application({ nik: '3373014508900077' }), headers: { 'x-forwarded-for': '203.0.113.45' } });
    expect(submitted.status).toBe(201);
    const { applicationNumber, trackingCode } = submitted.body;

    const tracked = await call(`${url}/api/v1/applications/${applicationNumber}`, { headers: { 'x-tracking-code': trackingCode } });
    expect(tracked.status).toBe(200);
    expect(tracked.body).toMatchObject({ applicationNumber, status: expect.any(String), timeline: expect.any(Array), permits: expect.any(Array) });

    // A wrong tracking code reads the same as an unknown number: the service's 404, passed through as it is.
    const wrongCode = await call(`${url}/api/v1/applications/${applicationNumber}`, { headers: { 'x-tracking-code': 'WRONG-CODE' } });
    const unknown = await call(`${url}/api/v1/applications/MPP-0000-2000-000000`, { headers: { 'x-tracking-code': trackingCode } });
    expect(wrongCode.status).toBe(404);
    expect(unknown.status).toBe(404);
    expect(wrongCode.body).toEqual(unknown.body);

    const audit = await call(`${platform.intake}/api/v1/audit?subjectId=${applicationNumber}`, { token: await platform.token('salatiga.admin') });
    expect(audit.status).toBe(200);
    const entry = audit.body.find((r: Json) => r.action === 'application.submitted');
    expect(entry.sourceIp).toBe('203.0.113.45');
  });

  it("answers 502 in the platform's error shape when a service is down", async () => {
    const orphan = await startPortal({ intake: 'http://127.0.0.1:9', verification: 'http://127.0.0.1:9', issuance: 'http://127.0.0.1:9' }, { PORT: String(PORTAL_PORT + 1) });
    try {
      const res = await call(`http://127.0.0.1:${PORTAL_PORT + 1}/api/v1/permits/SS-1/verification`);
      expect(res.status).toBe(502);
      expect(res.body).toEqual({ statusCode: 502, error: 'Bad Gateway', message: expect.stringContaining('permit issuance') });
    } finally {
      await orphan.stop();
    }
  });
});
