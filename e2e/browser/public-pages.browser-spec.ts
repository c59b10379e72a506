import { Page } from 'playwright-core';
import { eventually } from '@mpp/testing';
import { FormFactor, saveScreenshot, sidewaysOverflow } from '@mpp/testing/browser';
import { expectAccessible, portalInBrowser, text } from '../support/browser';
import { application, call, Json, PORTAL_PORT } from '../support/platform';

/**
 * The portal's public pages in headless Chromium, against the real services, Kafka and PostgreSQL behind
 * the portal's backend-for-frontend: an entrepreneur on a phone tracks an application submitted through
 * the API, anyone verifies the NIB it yielded; axe-core finds no serious or critical violation on any
 * page in any state the test reaches.
 */
describe('portal public pages in a browser', () => {
  // Permit QR codes and verification links open the portal's page, as in `npm run start:all`.
  const ui = portalInBrowser({ platform: { PORTAL_BASE_URL: `http://127.0.0.1:${PORTAL_PORT}` } });
  let submitted: { applicationNumber: string; trackingCode: string; nib: string; verificationUrl: string };

  beforeAll(async () => {
    // A low-risk application, submitted through the API as the counter software would; issued on its own.
    const { applicationNumber, trackingCode, permits } = await submitUntilIssued(application());
    const nib = permits.find((p: Json) => p.type === 'NIB');
    submitted = { applicationNumber, trackingCode, nib: nib.number, verificationUrl: nib.verificationUrl };
  });

  async function submitUntilIssued(body: unknown): Promise<{ applicationNumber: string; trackingCode: string; permits: Json[] }> {
    const created = await call(`${ui.platform.intake}/api/v1/applications`, { body });
    expect(created.status).toBe(201);
    const { applicationNumber, trackingCode } = created.body;
    const issued = await eventually<Json>(async () => {
      const r = await call(`${ui.platform.intake}/api/v1/applications/${applicationNumber}`, { headers: { 'x-tracking-code': trackingCode } });
      return r.body.status === 'ISSUED' ? r.body : undefined;
    });
    return { applicationNumber, trackingCode, permits: issued.permits };
  }

  const open = (formFactor: FormFactor, path: string) => ui.open(formFactor, path);

  async function track(page: Page, applicationNumber: string, trackingCode: string): Promise<void> {
    await page.getByLabel('Nomor permohonan', { exact: true }).fill(applicationNumber);
    await page.getByLabel('Kode pelacakan', { exact: true }).fill(trackingCode);
    await page.getByRole('button', { name: 'Lacak', exact: true }).click();
  }

  it.each<FormFactor>(['phone', 'desktop'])('home page at %s width: in Indonesian, with the ways in, accessible', async (formFactor) => {
    const page = await open(formFactor, '/');
    await expect(page.locator('html').getAttribute('lang')).resolves.toBe('id');
    await expect(page.getByRole('link', { name: /lacak/i }).first().getAttribute('href')).resolves.toBe('/lacak');
    expect(await sidewaysOverflow(page)).toEqual([]);
    await expectAccessible(page);
    await saveScreenshot(page, `beranda-${formFactor === 'phone' ? 'ponsel' : 'desktop'}`);
  });

  it('at phone width an entrepreneur tracks the application and sees the NIB issued', async () => {
    const page = await open('phone', '/lacak');
    await expectAccessible(page);
    await track(page, submitted.applicationNumber, submitted.trackingCode);

    const result = page.getByRole('region', { name: `Permohonan ${submitted.applicationNumber}` });
    await expect(text(result.locator('[data-status]'))).resolves.toBe('Izin telah terbit');
    await expect(text(result.getByRole('list', { name: 'Riwayat' }))).resolves.toMatch(/Diterima.*Izin telah terbit/);
    await expect(text(result.getByRole('list', { name: 'Izin' }))).resolves.toContain(`Nomor Induk Berusaha (NIB) Nomor izin: ${submitted.nib}`);
    // The regulation it was decided under, linked to its text.
    const basis = result.getByRole('link', { name: 'PP 28/2025' });
    await expect(basis.getAttribute('href')).resolves.toBe('https://peraturan.bpk.go.id/Details/319773/pp-no-28-tahun-2025');
    await expect(text(result.locator('[data-rule-set="PP-28-2025"]'))).resolves.toContain('Peraturan Pemerintah Nomor 28 Tahun 2025');
    expect(await sidewaysOverflow(page)).toEqual([]);
    await expectAccessible(page);
    await saveScreenshot(page, 'lacak-ponsel', { fullPage: true });
  });

  it('a wrong tracking code reads, beside the form, the same as an unknown application number', async () => {
    ui.expectErrors(/status of 404 .*\/api\/v1\/applications\//);
    const page = await open('phone', '/lacak');
    const form = page.getByRole('form', { name: 'Lacak permohonan' });

    await track(page, submitted.applicationNumber, 'AAAA-AAAA-AAAA');
    const wrongCode = await text(form.getByRole('alert'));
    expect(wrongCode).toMatch(/tidak cocok/);
    await expect(page.getByLabel('Kode pelacakan', { exact: true }).getAttribute('aria-invalid')).resolves.toBe('true');
    await expectAccessible(page);
    await saveScreenshot(page, 'lacak-salah-ponsel');

    const again = await open('phone', '/lacak');
    const unknown = submitted.applicationNumber.replace(/\d{6}$/, '999999');
    await track(again, unknown, submitted.trackingCode);
    await expect(text(again.getByRole('form', { name: 'Lacak permohonan' }).getByRole('alert'))).resolves.toBe(wrongCode);
    // Nothing of the application shows for either.
    for (const p of [page, again]) await expect(p.getByRole('region', { name: /^Permohonan / }).count()).resolves.toBe(0);
  });

  it.each<FormFactor>(['phone', 'desktop'])('the verification page of the issued NIB says it is valid at %s width', async (formFactor) => {
    const page = await open(formFactor, `/verifikasi/${submitted.nib}`);
    await expect(text(page.getByRole('heading', { level: 1 }))).resolves.toContain(submitted.nib);
    await expect(text(page.getByText('Izin sah dan berlaku'))).resolves.toBe('Izin sah dan berlaku');
    await expect(text(page.locator('main'))).resolves.toContain('Warung Bu Siti');
    // A public page: never the NIK or the tracking code.
    const all = await page.content();
    expect(all).not.toContain('3373014508900001');
    expect(all).not.toContain(submitted.trackingCode);
    expect(await sidewaysOverflow(page)).toEqual([]);
    await expectAccessible(page);
    await saveScreenshot(page, `verifikasi-${formFactor === 'phone' ? 'ponsel' : 'desktop'}`, { fullPage: true });
  });

  it("the permit's verification link (its QR code) opens the portal's verification page", async () => {
    expect(submitted.verificationUrl).toBe(`${ui.url}/verifikasi/${submitted.nib}`);
    const page = await (await ui.newContext('phone')).newPage();
    const response = await page.goto(submitted.verificationUrl);
    expect(response?.status()).toBe(200);
    await expect(text(page.getByText('Izin sah dan berlaku'))).resolves.toBe('Izin sah dan berlaku');
  });

  it('a revoked permit reads as revoked on its verification page, with the date and without the reason', async () => {
    // KBLI 10710 (bread and cakes), micro: medium-low risk, an NIB and a Sertifikat Standar issued on their own.
    const { permits } = await submitUntilIssued(application({ nik: '3373011203850203', kbli: '10710' }));
    const certificate = permits.find((p: Json) => p.type === 'SERTIFIKAT_STANDAR').number as string;
    const reason = 'Hasil pengawasan: kegiatan usaha tidak memenuhi standar.';
    const revoked = await call(`${ui.platform.issuance}/api/v1/permits/${encodeURIComponent(certificate)}/revoke`, {
      token: await ui.platform.token('salatiga.head-of-office'),
      body: { reason },
    });
    expect(revoked.status).toBe(200);

    const page = await open('phone', `/verifikasi/${encodeURIComponent(certificate)}`);
    await expect(page.locator('[data-status]').getAttribute('data-status')).resolves.toBe('REVOKED');
    await expect(text(page.locator('[data-status]'))).resolves.toBe('Izin telah dicabut');
    const main = await text(page.locator('main'));
    expect(main).toContain('Dicabut pada');
    expect(main).not.toContain(reason);
    await expectAccessible(page);
    await saveScreenshot(page, 'verifikasi-dicabut-ponsel', { fullPage: true });
  });

  it('an unknown permit number gets a plain message, no stack trace or JSON', async () => {
    ui.expectErrors(/status of 404 .*\/api\/v1\/permits\//);
    const page = await open('phone', '/verifikasi/9999999999999');
    await expect(text(page.getByRole('alert'))).resolves.toBe('Tidak ada izin dengan nomor 9999999999999. Periksa kembali nomor pada sertifikat.');
    const main = await text(page.locator('main'));
    expect(main).not.toMatch(/statusCode|\{|at .*\.js/);
    await expectAccessible(page);
  });

  it('switches the home page to English and back', async () => {
    const page = await open('desktop', '/');
    await page.getByRole('button', { name: 'Switch to English' }).click();
    await expect(text(page.getByRole('heading', { level: 1 }))).resolves.toBe('Business licensing at the public service mall');
    await expect(page.locator('html').getAttribute('lang')).resolves.toBe('en');
    await expectAccessible(page);
    await page.getByRole('button', { name: 'Ganti ke Bahasa Indonesia' }).click();
    await expect(text(page.getByRole('heading', { level: 1 }))).resolves.toBe('Perizinan berusaha di Mal Pelayanan Publik');
    await expect(page.locator('html').getAttribute('lang')).resolves.toBe('id');
  });
});
