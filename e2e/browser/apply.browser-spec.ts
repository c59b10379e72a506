import { Locator, Page } from 'playwright-core';
import { eventually } from '@mpp/testing';
import { saveScreenshot, sidewaysOverflow } from '@mpp/testing/browser';
import { expectAccessible, portalInBrowser, text as textOf } from '../support/browser';
import { call, Json, PORTAL_PORT, SAMPLE_PDF } from '../support/platform';

/**
 * The entrepreneur's side of the portal at phone width, in headless Chromium against the real services,
 * Kafka and PostgreSQL: apply with the wizard from the home page (timed, screens counted), the NIK problem
 * and a server 400 beside their fields, track, upload with refusals before upload, resubmit after a
 * verifier's revision request (the verifier through the API), withdraw, and verify the issued NIB and its
 * certificate PDF. axe-core finds no serious or critical violation in any state reached.
 */
describe('apply, track and verify at phone width', () => {
  // With the notification service delivering to a real SMTP server: the messages sent appear on /lacak.
  const ui = portalInBrowser({ platform: { PORTAL_BASE_URL: `http://127.0.0.1:${PORTAL_PORT}` }, mail: true });
  /** The low-risk application the first test submits, for the tests after it. */
  let lowRisk: { applicationNumber: string; trackingCode: string } | undefined;

  // A NIK of this run's own (serial from the clock): the e2e database outlives one run.
  const serial = String(1000 + (Date.now() % 8999)).padStart(4, '0');
  const NIK = `337301120385${serial}`;
  /** The applicant's email of the low-risk application (this run's own, to read its messages back). */
  const EMAIL = `siti.${serial}@contoh.id`;
  const OTHER_NIK = `337301450890${String(1000 + ((Date.now() + 7) % 8999))}`;

  /** The text of the first element the locator finds. */
  const text = (locator: Locator) => textOf(locator.first());
  const open = (path: string) => ui.open('phone', path, { permissions: ['clipboard-read', 'clipboard-write'] });


  /** What a screen reader reads with a field: the texts its aria-describedby points at (help and error). */
  async function descriptionOf(field: Locator): Promise<string> {
    const ids = ((await field.getAttribute('aria-describedby')) ?? '').split(/\s+/).filter(Boolean);
    const texts = await Promise.all(ids.map((id) => field.page().locator(`[id="${id}"]`).textContent()));
    return texts.join(' ').replace(/\s+/g, ' ').trim();
  }

  /** Waits until the field is marked invalid and returns what is said beside it. */
  async function errorBeside(field: Locator): Promise<string> {
    await eventually(async () => ((await field.getAttribute('aria-invalid')) === 'true' ? true : undefined), 5_000);
    return descriptionOf(field);
  }

  const stepHeading = (page: Page) => page.getByRole('heading', { level: 2, name: /^Langkah \d dari 3/ });

  /** Step 1: the applicant. */
  async function fillApplicant(page: Page, nik: string, email?: string) {
    await page.getByLabel('NIK (Nomor Induk Kependudukan)').fill(nik);
    await expect(text(page.getByText(/NIK sesuai aturan penulisan/))).resolves.toContain('Kota Salatiga');
    await page.getByLabel('Nama lengkap sesuai KTP').fill('Siti Rahayu');
    await page.getByLabel('Nomor ponsel (tidak wajib)').fill('081234567890');
    if (email) await page.getByLabel('Email (tidak wajib)').fill(email);
  }

  /** Step 2: the business, its activity and money, the office and the address. */
  async function fillBusiness(page: Page, o: { name: string; search: string; kbli: string; risks: string; capital: string }) {
    await page.getByLabel('Nama usaha').fill(o.name);
    await page.getByLabel('Cari kegiatan usaha (KBLI)').fill(o.search);
    // Each activity found shows its risk for every business scale; once chosen, the list folds away.
    const option = page.getByRole('radio', { name: new RegExp(`^${o.kbli}`) });
    await expect(text(option.locator('xpath=..'))).resolves.toContain(o.risks);
    await option.click();
    await page.getByText(`Kegiatan dipilih: ${o.kbli}`).waitFor();
    await expect(page.getByRole('radio').count()).resolves.toBe(0);
    await page.getByLabel('Modal usaha (Rp)').fill(o.capital);
    await page.getByLabel('Kantor MPP tujuan').selectOption({ label: 'DPMPTSP Kota Salatiga' });
    await page.getByLabel('Kecamatan').selectOption('337301');
    await page.getByLabel('Kelurahan/desa').selectOption('3373011001');
    await page.getByLabel('Alamat (jalan, nomor, RT/RW)').fill('Jl. Jenderal Sudirman No. 12');
  }

  async function trackingView(app: { applicationNumber: string; trackingCode: string }): Promise<Json> {
    const r = await call(`${ui.platform.intake}/api/v1/applications/${app.applicationNumber}`, { headers: { 'x-tracking-code': app.trackingCode } });
    return r.body;
  }

  it('an entrepreneur goes from the home page to a submitted low-risk application in at most five screens', async () => {
    const screens: string[] = [];
    /** Time the test spends on its own checks (axe, layout, screenshots), not counted as the applicant's. */
    let checking = 0;
    const checked = async (check: () => Promise<unknown>) => {
      const from = Date.now();
      await check();
      checking += Date.now() - from;
    };
    const screen = async (page: Page, expected: string | RegExp) => {
      // The screen's own heading: the wizard's step (h2), else the page's h1; waited for, then read.
      const heading = page.getByRole('heading', { name: expected }).first();
      await heading.waitFor();
      const name = await text(heading);
      expect(name).toMatch(expected);
      expect(await stepHeading(page).count()).toBe(/^Langkah/.test(name) ? 1 : 0);
      screens.push(`${new URL(page.url()).pathname}${new URL(page.url()).search} — ${name}`);
      await checked(async () => {
        await expectAccessible(page, name);
        expect(await sidewaysOverflow(page)).toEqual([]);
      });
    };

    const started = Date.now();
    const page = await open('/');
    await screen(page, 'Perizinan berusaha di Mal Pelayanan Publik');
    await page.getByRole('region', { name: 'Ajukan izin usaha' }).getByRole('link', { name: 'Ajukan permohonan' }).click();

    await screen(page, /Langkah 1 dari 3 Data pemohon/);
    // A NIK typed wrong: the problem is named beside the field (a birth date that does not exist: day 32).
    const nik = page.getByLabel('NIK (Nomor Induk Kependudukan)');
    await nik.fill(`33730132${NIK.slice(8)}`);
    await expect(errorBeside(nik)).resolves.toContain('bukan tanggal lahir yang sah');
    await checked(() => expectAccessible(page, 'NIK wrong'));
    await nik.fill('33730117089');
    await nik.blur();
    await expect(errorBeside(nik)).resolves.toContain('NIK harus 16 angka; yang tertulis 11 angka.');
    await fillApplicant(page, NIK, EMAIL);
    await expect(nik.getAttribute('aria-invalid')).resolves.toBeNull();
    await page.getByRole('button', { name: 'Lanjut' }).click();

    await screen(page, /Langkah 2 dari 3 Usaha dan lokasi/);
    await fillBusiness(page, { name: 'Warung Bu Siti', search: 'makanan', kbli: '47112', risks: 'Mikro: Rendah Kecil: Rendah Menengah: Rendah Besar: Rendah', capital: '50.000.000' });
    // Capital and sales give the scale and the risk live, with the permits and the documents asked for.
    const preview = page.getByRole('region', { name: 'Perkiraan hasil permohonan' });
    await eventually(async () => ((await preview.locator('[data-risk]').count()) > 0 ? true : undefined), 5_000);
    await expect(text(preview)).resolves.toMatch(/Skala usaha Mikro.*Tingkat risiko Rendah.*Izin yang akan terbit Nomor Induk Berusaha \(NIB\).*Dokumen yang akan diminta Tidak ada/);
    await checked(async () => {
      await expectAccessible(page, 'step 2 filled');
      await saveScreenshot(page, 'ajukan-usaha-ponsel', { fullPage: true });
    });
    await page.getByRole('button', { name: 'Lanjut' }).click();

    await screen(page, /Langkah 3 dari 3 Periksa dan kirim/);
    await expect(text(page.locator('form'))).resolves.toMatch(/Warung Bu Siti.*Rp\s?50\.000\.000.*DPMPTSP Kota Salatiga.*33\.73\.01\.1001/);
    await page.getByRole('button', { name: 'Kirim permohonan' }).click();

    await page.getByRole('heading', { level: 1, name: 'Permohonan terkirim' }).waitFor();
    const seconds = (Date.now() - started - checking) / 1000;
    const withChecks = (Date.now() - started) / 1000;
    await screen(page, 'Permohonan terkirim');
    const applicationNumber = await text(page.getByTestId('application-number'));
    const trackingCode = await text(page.getByTestId('tracking-code'));
    expect(applicationNumber).toMatch(/^MPP-3373-\d{4}-\d{6}$/);
    expect(trackingCode).toMatch(/^[A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{4}$/);
    await expect(text(page.getByRole('note'))).resolves.toMatch(/Rahasiakan kode pelacakan/);
    console.log(
      `apply: ${screens.length} screens, ${seconds.toFixed(1)} s (from the home page to the submitted application, low risk, phone; ` +
        `${withChecks.toFixed(1)} s with the test's own accessibility checks and screenshots)\n  ${screens.join('\n  ')}`,
    );
    expect(new Set(screens).size).toBe(screens.length);
    expect(screens.length).toBeLessThanOrEqual(5);

    // Copy puts the code on the clipboard; printing has a stylesheet that keeps only the receipt.
    await page.getByRole('button', { name: 'Salin kode pelacakan' }).click();
    await expect(text(page.getByText('Kode pelacakan disalin.'))).resolves.toBe('Kode pelacakan disalin.');
    await expect(page.evaluate('navigator.clipboard.readText()')).resolves.toBe(trackingCode);
    await page.emulateMedia({ media: 'print' });
    await expect(page.getByRole('button', { name: 'Cetak tanda terima' }).isVisible()).resolves.toBe(false);
    await expect(page.locator('header.site-header').isVisible()).resolves.toBe(false);
    await expect(page.getByTestId('tracking-code').isVisible()).resolves.toBe(true);
    await page.emulateMedia({ media: 'screen' });
    await saveScreenshot(page, 'ajukan-hasil-ponsel', { fullPage: true });

    // The application is stored as previewed, and the tracking link opens it without typing again.
    const stored = await trackingView({ applicationNumber, trackingCode });
    expect(stored).toMatchObject({ applicationNumber, riskLevel: 'RENDAH', businessScale: 'MIKRO', business: { kbli: '47112', name: 'Warung Bu Siti' } });
    await page.getByRole('link', { name: 'Lacak permohonan ini' }).click();
    const result = page.getByRole('region', { name: `Permohonan ${applicationNumber}` });
    await expect(text(result.locator('[data-status]'))).resolves.toMatch(/./);
    expect(page.url()).not.toContain(trackingCode);
    await expectAccessible(page, 'tracking after applying');
    lowRisk = { applicationNumber, trackingCode };
  });

  it('in English, the NIK problem is said in English beside the field', async () => {
    const page = await open('/ajukan');
    await page.getByRole('button', { name: 'Switch to English' }).click();
    await expect(text(page.getByRole('heading', { level: 1 }))).resolves.toBe('Apply for a business permit');
    const nik = page.getByLabel('NIK (national identity number)');
    await nik.fill('9973011203851234');
    await expect(errorBeside(nik)).resolves.toContain('The first two digits of the NIK are no province code.');
    await page.getByRole('button', { name: 'Next' }).click();
    await expect(errorBeside(page.getByLabel('Full name as on the KTP'))).resolves.toContain('Required.');
    await expect(text(page.getByRole('heading', { level: 2 }))).resolves.toMatch(/^Step 1 of 3/);
    await expectAccessible(page, 'English, NIK wrong');
  });

  it('a server 400 appears beside the field it names, on its step; a medium-high risk application asks for documents, uploaded from the tracking page', async () => {
    ui.expectErrors(/status of 400 .*\/api\/v1\/applications/);
    const page = await open('/ajukan');
    // The email passes the form but not the API (no top-level domain): the API's 400 names applicant.email.
    await fillApplicant(page, OTHER_NIK, 'siti@contoh');
    // A business entity (a CV) with its deed; the NIK and name are those of the person acting for it.
    await page.getByRole('radio', { name: 'Badan usaha (PT, CV, koperasi, …)' }).click();
    await page.getByLabel('Bentuk badan usaha').selectOption('CV');
    await page.getByLabel('Nama badan usaha').fill('CV Klinik Sehat');
    await page.getByLabel('NPWP badan usaha').fill('02.183.241.5-000.000');
    await page.getByLabel('Nomor akta').fill('12');
    await page.getByLabel('Tanggal akta').fill('2021-03-15');
    await expectAccessible(page, 'business entity with its deed');
    await page.getByRole('button', { name: 'Lanjut' }).click();
    await fillBusiness(page, { name: 'Klinik Sehat', search: 'klinik', kbli: '86105', risks: 'Mikro: Menengah tinggi', capital: '500.000.000' });
    const preview = page.getByRole('region', { name: 'Perkiraan hasil permohonan' });
    await eventually(async () => ((await preview.locator('[data-risk="MENENGAH_TINGGI"]').count()) > 0 ? true : undefined), 5_000);
    await expect(text(preview)).resolves.toMatch(/Menengah tinggi.*Sertifikat Standar.*KTP, Akta pendirian, NPWP, Foto tempat usaha, Bukti pemenuhan standar/);
    await page.getByRole('button', { name: 'Lanjut' }).click();
    await page.getByRole('button', { name: 'Kirim permohonan' }).click();

    // Back on step 1, the message beside Email, in Indonesian; nothing raw.
    await page.getByRole('heading', { level: 2, name: /^Langkah 1 dari 3/ }).waitFor();
    const email = page.getByLabel('Email (tidak wajib)');
    await expect(errorBeside(email)).resolves.toContain('Alamat email tidak valid.');
    await expect(text(page.locator('main'))).resolves.not.toMatch(/statusCode|applicant\.email|\{/);
    await eventually(async () => ((await email.evaluate((el) => el === el.ownerDocument.activeElement)) ? true : undefined), 5_000);
    await expectAccessible(page, 'server 400 beside the email');
    await saveScreenshot(page, 'ajukan-galat-ponsel');
    await email.fill('siti@contoh.id');
    await page.getByRole('button', { name: 'Lanjut' }).click();
    await page.getByRole('button', { name: 'Lanjut' }).click();
    await page.getByRole('button', { name: 'Kirim permohonan' }).click();
    await page.getByRole('heading', { level: 1, name: 'Permohonan terkirim' }).waitFor();
    await expect(text(page.locator('.receipt'))).resolves.toContain('unggah dokumen ini di halaman lacak: KTP, Akta pendirian, NPWP, Foto tempat usaha, Bukti pemenuhan standar');
    const app = { applicationNumber: await text(page.getByTestId('application-number')), trackingCode: await text(page.getByTestId('tracking-code')) };

    // Tracking: the documents asked for, each with an upload that can use the camera.
    const uploads: string[] = [];
    page.on('request', (r) => {
      if (r.method() === 'POST' && r.url().includes('/documents')) uploads.push(r.url());
    });
    await page.getByRole('link', { name: 'Lacak permohonan ini' }).click();
    const documents = page.getByRole('region', { name: 'Unggah dokumen yang masih diperlukan' });
    await documents.waitFor();
    // The next step and from whom, and the office's due date.
    await expect(text(page.locator('[data-next-by="APPLICANT"]'))).resolves.toMatch(/^Unggah dokumen yang diminta.*Oleh Anda.*KTP, Akta pendirian, NPWP, Foto tempat usaha, Bukti pemenuhan standar/);
    // The due date comes from document verification once it has opened the case, a moment after submission:
    // ask again, as the applicant would, until it is there.
    const details = page.getByRole('region', { name: `Permohonan ${app.applicationNumber}` });
    const dueDate = /Batas waktu layanan \d{1,2} \w+ \d{4}/;
    await eventually(async () => {
      if (dueDate.test(await text(details))) return true;
      await page.getByRole('button', { name: 'Lacak', exact: true }).click();
      return undefined;
    }, 15_000, 500);
    const ktp = page.getByLabel('Pilih berkas atau foto untuk KTP');
    await expect(ktp.getAttribute('capture')).resolves.toBe('environment');
    await expect(ktp.getAttribute('accept')).resolves.toContain('application/pdf');

    // Refused before upload: too large, and not a PDF/JPEG/PNG whatever its name says.
    await ktp.setInputFiles({ name: 'ktp-besar.pdf', mimeType: 'application/pdf', buffer: Buffer.concat([SAMPLE_PDF, Buffer.alloc(6 * 1024 * 1024)]) });
    await expect(errorBeside(ktp)).resolves.toMatch(/terlalu besar.*paling besar 5 MB/);
    await expectAccessible(page, 'upload refused: too large');
    await ktp.setInputFiles({ name: 'ktp.pdf', mimeType: 'application/pdf', buffer: Buffer.from('<html>bukan pdf</html>') });
    await expect(errorBeside(ktp)).resolves.toContain('Berkas ktp.pdf bukan PDF, JPEG, atau PNG.');
    await page.getByRole('button', { name: 'Unggah KTP' }).click();
    await expect(errorBeside(ktp)).resolves.toContain('bukan PDF, JPEG, atau PNG');
    expect(uploads).toEqual([]);

    await ktp.setInputFiles({ name: 'ktp.pdf', mimeType: 'application/pdf', buffer: SAMPLE_PDF });
    await page.getByRole('button', { name: 'Unggah KTP' }).click();
    await expect(text(page.getByText('KTP berhasil diunggah.'))).resolves.toBe('KTP berhasil diunggah.');
    expect(uploads).toHaveLength(1);
    // The tracking view is asked again after the upload.
    await eventually(async () => (/Sudah diunggah/.test(await text(page.locator('[data-document="KTP"]'))) ? true : undefined), 10_000);
    const view = await trackingView(app);
    expect(view.documents.map((d: Json) => d.type)).toEqual(['KTP']);
    // Stored as a business entity: its checklist has the deed.
    expect(view.checklist).toEqual(['KTP', 'AKTA_PENDIRIAN', 'NPWP', 'FOTO_TEMPAT_USAHA', 'BUKTI_PEMENUHAN_STANDAR']);
    await expectAccessible(page, 'tracking with uploads');
    await saveScreenshot(page, 'lacak-unggah-ponsel', { fullPage: true });

    // A verifier asks for a revision (through the API here; the officers' screens drive it in their own test).
    const verifier = await ui.platform.token('salatiga.verifier');
    const opened = await eventually<Json>(async () => {
      const r = await call(`${ui.platform.verification}/api/v1/cases?status=AWAITING_OFFICER`, { token: verifier });
      return r.body.find?.((c: Json) => c.applicationNumber === app.applicationNumber);
    });
    expect((await call(`${ui.platform.verification}/api/v1/cases/${opened.id}/claim`, { method: 'POST', token: verifier })).status).toBe(200);
    const reason = 'Foto KTP buram; unggah ulang yang terbaca';
    expect((await call(`${ui.platform.verification}/api/v1/cases/${opened.id}/request-revision`, { token: verifier, body: { reasons: [reason] } })).status).toBe(200);
    await eventually(async () => ((await trackingView(app)).status === 'REVISION_REQUESTED' ? true : undefined));

    // The entrepreneur sees the reason, uploads again and resubmits.
    await page.getByRole('button', { name: 'Lacak', exact: true }).click();
    const resubmit = page.getByRole('region', { name: 'Kirim ulang ke petugas' });
    await expect(text(resubmit)).resolves.toContain(reason);
    await expect(text(page.locator('[data-status]'))).resolves.toBe('Perlu perbaikan dari Anda');
    await expectAccessible(page, 'revision requested');
    await page.getByLabel('Pilih berkas atau foto untuk KTP').setInputFiles({ name: 'ktp-baru.pdf', mimeType: 'application/pdf', buffer: SAMPLE_PDF });
    await page.getByRole('button', { name: 'Unggah KTP' }).click();
    await expect(text(page.getByText('KTP berhasil diunggah.'))).resolves.toBe('KTP berhasil diunggah.');
    await page.getByLabel('Catatan untuk petugas (tidak wajib)').fill('Foto KTP sudah diunggah ulang');
    await page.getByRole('button', { name: 'Kirim ulang' }).click();
    await expect(text(page.getByText('Permohonan dikirim ulang ke petugas.'))).resolves.toBe('Permohonan dikirim ulang ke petugas.');
    await eventually(async () => ((await text(page.locator('[data-status]'))) === 'Sedang diperiksa petugas' ? true : undefined), 10_000);
    expect((await trackingView(app)).status).toBe('UNDER_VERIFICATION');

    // Withdrawal, after a confirmation.
    await page.getByLabel('Alasan pembatalan (tidak wajib)').fill('Usaha tidak jadi dibuka');
    await page.getByRole('button', { name: 'Batalkan permohonan' }).click();
    const dialog = page.getByRole('alertdialog', { name: `Yakin membatalkan permohonan ${app.applicationNumber}?` });
    await dialog.waitFor();
    await expectAccessible(page, 'withdrawal confirmation');
    await dialog.getByRole('button', { name: 'Tidak jadi' }).click();
    await dialog.waitFor({ state: 'detached' });
    expect((await trackingView(app)).status).toBe('UNDER_VERIFICATION');
    await page.getByRole('button', { name: 'Batalkan permohonan' }).click();
    await page.getByRole('alertdialog').getByRole('button', { name: 'Ya, batalkan' }).click();
    await expect(text(page.getByText('Permohonan telah dibatalkan.'))).resolves.toBe('Permohonan telah dibatalkan.');
    await eventually(async () => ((await text(page.locator('[data-status]'))) === 'Dibatalkan oleh pemohon' ? true : undefined), 10_000);
    expect((await trackingView(app)).status).toBe('WITHDRAWN');
    await expect(page.getByRole('button', { name: 'Batalkan permohonan' }).count()).resolves.toBe(0);
    await expectAccessible(page, 'withdrawn');
  });

  it('verifies the issued NIB and checks its certificate PDF against the recorded hash', async () => {
    expect(lowRisk).toBeDefined();
    const app = lowRisk as { applicationNumber: string; trackingCode: string };
    const issued = await eventually<Json>(async () => {
      const view = await trackingView(app);
      return view.status === 'ISSUED' && view.permits.some((p: Json) => p.type === 'NIB' && p.certificateUrl) ? view : undefined;
    });
    const nib = issued.permits.find((p: Json) => p.type === 'NIB').number as string;
    // The applicant gave an email: "received" and "issued" arrive, each naming the application, and the
    // status view lists them once the notification service has recorded them as sent. (After the e2e
    // tests the service first sends the deliveries their stopped SMTP servers left pending: minutes allowed.)
    await ui.mail.waitFor(EMAIL, (m) => m.subject === `Permohonan ${app.applicationNumber} diterima`, 1, 150_000);
    const [issuedMail] = await ui.mail.waitFor(EMAIL, (m) => m.subject === `Izin untuk permohonan ${app.applicationNumber} telah terbit`, 1, 60_000);
    expect(issuedMail.text).toContain(nib);
    await eventually(async () => ((await trackingView(app)).notifications.some((n: Json) => n.kind === 'ISSUED') ? true : undefined));

    // The tracking page shows the permit with its number and the certificate download.
    const tracking = await open('/lacak');
    await tracking.getByLabel('Nomor permohonan', { exact: true }).fill(app.applicationNumber);
    await tracking.getByLabel('Kode pelacakan', { exact: true }).fill(app.trackingCode);
    await tracking.getByRole('button', { name: 'Lacak', exact: true }).click();
    await expect(text(tracking.getByRole('list', { name: 'Izin' }))).resolves.toContain(nib);
    await expect(text(tracking.getByRole('list', { name: 'Pemberitahuan yang dikirim kepada Anda' }))).resolves.toMatch(/Permohonan diterima — email, .*Izin terbit — email, /);
    await expect(tracking.getByRole('link', { name: `Unduh sertifikat ${nib}` }).getAttribute('href')).resolves.toBe(`/api/v1/permits/${nib}/certificate.pdf`);
    await expectAccessible(tracking, 'tracking an issued application');

    const certificate = Buffer.from(await (await fetch(`${ui.url}/api/v1/permits/${nib}/certificate.pdf`)).arrayBuffer());
    expect(certificate.subarray(0, 5).toString()).toBe('%PDF-');

    const page = await open(`/verifikasi/${nib}`);
    await expect(text(page.locator('[data-status]'))).resolves.toBe('Izin sah dan berlaku');
    await expect(text(page.locator('main'))).resolves.toMatch(/Warung Bu Siti.*47112.*DPMPTSP Kota Salatiga/);
    const file = page.getByLabel('Berkas PDF sertifikat');
    const result = page.locator('[data-matches]');

    await file.setInputFiles({ name: `${nib}.pdf`, mimeType: 'application/pdf', buffer: certificate });
    await page.getByRole('button', { name: 'Periksa berkas' }).click();
    await expect(text(result)).resolves.toBe(`Berkas cocok: ini sertifikat asli yang diterbitkan untuk izin ${nib}.`);
    await expect(result.getAttribute('data-matches')).resolves.toBe('true');
    await expectAccessible(page, 'certificate matches');
    await saveScreenshot(page, 'verifikasi-berkas-cocok-ponsel', { fullPage: true });

    // Another PDF (one byte changed) does not match.
    const altered = Buffer.from(certificate);
    altered[altered.length - 20] ^= 0x01;
    await file.setInputFiles({ name: 'sertifikat-ubahan.pdf', mimeType: 'application/pdf', buffer: altered });
    await page.getByRole('button', { name: 'Periksa berkas' }).click();
    await expect(text(page.locator('[data-matches="false"]'))).resolves.toMatch(/TIDAK cocok/);
    await expectAccessible(page, 'certificate does not match');

    // Not a PDF: refused before it is sent.
    await file.setInputFiles({ name: 'foto.png', mimeType: 'image/png', buffer: Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0]) });
    await page.getByRole('button', { name: 'Periksa berkas' }).click();
    await expect(errorBeside(file)).resolves.toBe('Berkas foto.png bukan PDF.');
    await expect(result.count()).resolves.toBe(0);
    await expectAccessible(page, 'certificate refused before upload');
  }, 300_000);
});
