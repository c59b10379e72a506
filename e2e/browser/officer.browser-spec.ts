import { Locator, Page } from 'playwright-core';
import { eventually, superuserClient, TEST_DATABASES } from '@mpp/testing';
import { FormFactor, saveScreenshot, sidewaysOverflow } from '@mpp/testing/browser';
import { expectAccessible, portalInBrowser, signInAs, text } from '../support/browser';
import { application, call, documentsAccepted, Json, uploadDocument } from '../support/platform';

/** A 1×1 PNG: the photo of the business premises, shown inline as an image. */
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==', 'base64');

/** The demo officers of Salatiga (tools/dev-issuer) and the platform admin, as the issuer's login page names them. */
const OFFICERS = {
  frontDesk: { name: 'Rina Kusuma', username: 'salatiga.frontdesk' },
  verifier: { name: 'Dewi Lestari', username: 'salatiga.verifier' },
  head: { name: 'Bambang Susilo', username: 'salatiga.head-of-office' },
  admin: { name: 'Agus Prasetyo', username: 'salatiga.admin' },
  platform: { name: 'Admin Platform', username: 'platform.admin' },
} as const;
type Who = keyof typeof OFFICERS;

/**
 * Officers at a desktop take applications to their permits in the portal, against the real services,
 * Kafka, PostgreSQL and Redis: each signs in through the identity provider's login page (the development
 * issuer) and sees only the sections of their role; a verifier asks for a revision and, after the
 * entrepreneur resubmits, accepts the documents and approves; the head of office approves a high-risk
 * application and finds its permit; the front desk submits at the counter and prints the receipt; the
 * office admin changes a setting and reads the audit log. axe-core on every screen reached.
 */
describe('officer screens in a browser', () => {
  const ui = portalInBrowser({ platform: { TRUSTED_PROXIES: 'loopback' }, portal: { TRUSTED_PROXIES: 'loopback' } });

  /** Waits until the locator's text is `expected` (or matches it): screens update after the service answers. */
  async function shows(locator: Locator, expected: string | RegExp, timeoutMs = 15_000): Promise<void> {
    const matches = (actual: string) => (typeof expected === 'string' ? actual === expected : expected.test(actual));
    const deadline = Date.now() + timeoutMs;
    let actual = await text(locator);
    while (!matches(actual) && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 100));
      actual = await text(locator);
    }
    if (typeof expected === 'string') expect(actual).toBe(expected);
    else expect(actual).toMatch(expected);
  }

  /** Opens `path` in a fresh context as `who`, signing in on the issuer's login page; waits for the page's heading. */
  async function signedIn(who: Who, path: string, formFactor: FormFactor = 'desktop'): Promise<Page> {
    const page = await (await ui.newContext(formFactor)).newPage();
    await page.goto(`${ui.url}${path}`);
    await signInAs(page, ui.platform.issuerUrl, OFFICERS[who]);
    await page.waitForURL(`${ui.url}${path}`);
    await page.getByRole('heading', { level: 1 }).waitFor();
    return page;
  }

  const nav = (page: Page) => page.getByRole('navigation', { name: 'Menu petugas' });

  async function submitted(body: Json): Promise<{ applicationNumber: string; trackingCode: string }> {
    const res = await call(`${ui.platform.intake}/api/v1/applications`, { body });
    expect(res.status).toBe(201);
    return res.body;
  }

  async function caseOf(applicationNumber: string, status = 'AWAITING_OFFICER'): Promise<Json> {
    const verifier = await ui.platform.token(OFFICERS.verifier.username);
    return eventually<Json>(async () => {
      const r = await call(`${ui.platform.verification}/api/v1/cases?status=${status}`, { token: verifier });
      return r.body.find((c: Json) => c.applicationNumber === applicationNumber);
    });
  }

  it('shows each role only its sections, and a section of another role as not allowed', async () => {
    const expected: Record<Who, string[]> = {
      frontDesk: ['Loket', 'Izin'],
      verifier: ['Antrean verifikasi', 'Izin'],
      head: ['Antrean verifikasi', 'Persetujuan', 'Izin'],
      admin: ['Antrean verifikasi', 'Izin', 'Pengaturan kantor', 'Log audit'],
      platform: ['Log audit', 'Kantor'],
    };
    for (const who of Object.keys(expected) as Who[]) {
      const page = await signedIn(who, '/petugas');
      await expect(nav(page).getByRole('link').allInnerTexts()).resolves.toEqual(expected[who]);
      // The overview lists the same sections.
      await expect(page.getByRole('main').getByRole('heading', { level: 2 }).allInnerTexts()).resolves.toEqual(expected[who]);
      await expectAccessible(page);
    }
    const page = await signedIn('frontDesk', '/petugas/persetujuan');
    await shows(page.getByRole('heading', { level: 1 }), 'Bagian ini bukan untuk peran Anda');
    await expectAccessible(page);
  });

  it('a verifier opens the queue and a case, views its documents, asks for a revision, then accepts the documents and approves', async () => {
    ui.expectErrors(/status of 409 .*\/api\/v1\/cases\//);
    // Medium-high risk: the case waits for an officer; the entrepreneur uploads the checklist (the photo as an image).
    const app = await submitted(application({ nik: '3373011203850201', kbli: '86105' }));
    const view = await call(`${ui.platform.intake}/api/v1/applications/${app.applicationNumber}`, { headers: { 'x-tracking-code': app.trackingCode } });
    for (const type of view.body.checklist as string[]) {
      const uploaded = type === 'FOTO_TEMPAT_USAHA' ? await uploadDocument(ui.platform, app, type, PNG, 'foto.png') : await uploadDocument(ui.platform, app, type);
      expect(uploaded.status).toBe(201);
    }
    const opened = await caseOf(app.applicationNumber);
    await eventually(async () => {
      const r = await call(`${ui.platform.verification}/api/v1/cases/${opened.id}/documents`, { token: await ui.platform.token(OFFICERS.verifier.username) });
      return r.body.length === view.body.checklist.length ? true : undefined;
    });

    const page = await signedIn('verifier', '/petugas/antrean');
    await shows(page.getByRole('heading', { level: 1 }), 'Antrean verifikasi');
    const row = page.locator(`tr[data-case="${app.applicationNumber}"]`);
    await shows(row, /Menengah tinggi/);
    await shows(page.locator('[data-count="awaiting"]'), /^[1-9]\d*$/);
    await expectAccessible(page);
    await saveScreenshot(page, 'petugas-antrean-desktop');

    await row.getByRole('link', { name: app.applicationNumber }).click();
    await page.waitForURL(`${ui.url}/petugas/antrean/${opened.id}`);
    await shows(page.getByRole('heading', { level: 1 }), `Berkas ${app.applicationNumber}`);
    const data = page.getByRole('region', { name: 'Data pemohon dan usaha' });
    await shows(data, /Siti Rahayu.*NIK 3373011203850201.*Warung Bu Siti/);
    // The documents inline: the PDF in a frame, the photo as an image, each from the forwarded content endpoint.
    const ktp = page.getByRole('article', { name: 'KTP' });
    const frame = ktp.getByTitle('Isi dokumen KTP (PDF)');
    await frame.waitFor();
    await expect(frame.getAttribute('src')).resolves.toMatch(/^blob:/);
    const photo = page.getByRole('img', { name: 'Isi dokumen Foto tempat usaha' });
    await photo.waitFor();
    await expect(photo.evaluate((img) => (img as unknown as { naturalWidth: number }).naturalWidth)).resolves.toBe(1);
    await expectAccessible(page);
    await saveScreenshot(page, 'petugas-berkas-desktop', { fullPage: true });

    // Approving before the documents are accepted: the service's refusal beside the button.
    await page.getByRole('button', { name: 'Ambil berkas' }).click();
    await page.getByRole('button', { name: 'Lepaskan berkas' }).waitFor();
    await page.getByRole('button', { name: 'Setujui verifikasi' }).click();
    await shows(page.getByRole('region', { name: 'Keputusan' }).getByRole('alert'), 'Belum semua dokumen wajib diterima. Terima setiap dokumen terlebih dahulu.');

    // A revision with a reason.
    const reason = 'Foto tempat usaha kurang jelas; unggah foto tampak depan';
    await page.getByRole('textbox', { name: 'Alasan (satu per baris, 5–500 karakter)' }).fill(reason);
    await page.getByRole('button', { name: 'Minta perbaikan' }).click();
    await shows(page.locator('[data-case-status]'), 'Menunggu perbaikan pemohon');
    await shows(data, /Foto tempat usaha kurang jelas; unggah foto tampak depan/);
    await expectAccessible(page);

    // The entrepreneur uploads a new photo and resubmits (through the API, as the tracking page does).
    expect((await uploadDocument(ui.platform, app, 'FOTO_TEMPAT_USAHA', PNG, 'foto-baru.png')).status).toBe(201);
    const resubmitted = await call(`${ui.platform.intake}/api/v1/applications/${app.applicationNumber}/resubmit`, {
      body: { note: 'Foto sudah diunggah ulang' },
      headers: { 'x-tracking-code': app.trackingCode },
    });
    expect(resubmitted.status).toBe(200);
    await caseOf(app.applicationNumber);

    // Back with the verifier: every document accepted one by one, then the case approved.
    await page.reload();
    await shows(page.locator('[data-case-status]'), 'Menunggu petugas');
    for (const type of view.body.checklist as string[]) {
      const article = page.locator(`article[data-document="${type}"]`);
      await article.locator('iframe, img').waitFor();
      await article.getByRole('button', { name: /^Terima / }).click();
      await shows(article, /· Diterima/);
    }
    await page.getByRole('button', { name: 'Setujui verifikasi' }).click();
    await shows(page.locator('[data-case-status]'), 'Terverifikasi');
    await expectAccessible(page);
    const issued = await eventually<Json>(async () => {
      const r = await call(`${ui.platform.intake}/api/v1/applications/${app.applicationNumber}`, { headers: { 'x-tracking-code': app.trackingCode } });
      return r.body.status === 'ISSUED' ? r.body : undefined;
    });
    expect(issued.timeline.map((s: Json) => s.status)).toEqual(['SUBMITTED', 'UNDER_VERIFICATION', 'REVISION_REQUESTED', 'UNDER_VERIFICATION', 'VERIFIED', 'ISSUED']);
  });

  it('a head of office approves a high-risk application verified by a verifier, finds its permit and revokes it', async () => {
    ui.expectErrors(/status of 400 .*\/api\/v1\/approvals\//);
    // KBLI 47721 (apotek), micro business: high risk. The verifier (another officer: four eyes) verifies it.
    const app = await submitted(application({ nik: '3373011203850202', kbli: '47721' }));
    const opened = await caseOf(app.applicationNumber);
    expect(opened.riskLevel).toBe('TINGGI');
    const verifier = await ui.platform.token(OFFICERS.verifier.username);
    await documentsAccepted(ui.platform, app, opened.id, verifier);
    expect((await call(`${ui.platform.verification}/api/v1/cases/${opened.id}/approve`, { method: 'POST', token: verifier })).status).toBe(200);
    const head = await ui.platform.token(OFFICERS.head.username);
    await eventually(async () => {
      const r = await call(`${ui.platform.issuance}/api/v1/approvals?status=PENDING`, { token: head });
      return r.body.find((a: Json) => a.applicationNumber === app.applicationNumber);
    });

    const page = await signedIn('head', '/petugas/persetujuan');
    const card = page.locator(`article[data-approval="${app.applicationNumber}"]`);
    await shows(card, /Menunggu keputusan.*Siti Rahayu.*Warung Bu Siti.*Tinggi/);
    await expectAccessible(page);
    await saveScreenshot(page, 'petugas-persetujuan-desktop', { fullPage: true });

    // A denial reason too short: the service's rule beside the field; nothing decided.
    await card.getByRole('textbox', { name: /^Alasan penolakan/ }).fill('Kurang');
    await card.getByRole('button', { name: 'Tolak' }).click();
    await shows(card.locator('.react-aria-FieldError'), 'Panjangnya tidak sesuai (alasan 10–1000 karakter).');
    await expectAccessible(page);

    await card.getByRole('textbox', { name: /^Alasan penolakan/ }).fill('');
    await card.getByRole('button', { name: 'Setujui dan terbitkan izin' }).click();
    // Approved: it leaves the pending list; among the approved it lists the permits issued.
    await card.waitFor({ state: 'detached' });
    await page.getByRole('combobox', { name: 'Status' }).selectOption('APPROVED');
    const approved = page.locator(`article[data-approval="${app.applicationNumber}"]`);
    await shows(approved, /Disetujui.*Bambang Susilo.*Izin: \S+/);
    await expectAccessible(page);

    // The permit in the office's permits, by the applicant's NIK; revoked with a reason.
    await nav(page).getByRole('link', { name: 'Izin' }).click();
    await page.getByRole('textbox', { name: 'Nomor izin, NIB, NIK, atau nama' }).fill('3373011203850202');
    await page.getByRole('button', { name: 'Cari' }).click();
    const results = page.getByRole('list', { name: /^Hasil pencarian/ });
    const izin = results.locator('li').filter({ has: page.getByRole('heading', { name: /^Izin / }) });
    await shows(izin, /Berlaku.*Siti Rahayu.*Warung Bu Siti/);
    await expect(results.locator('li').filter({ hasText: 'Nomor Induk Berusaha (NIB)' }).count()).resolves.toBe(1);
    await expectAccessible(page);
    const number = (await izin.getAttribute('data-permit')) ?? '';
    await izin.getByRole('textbox', { name: `Alasan pencabutan ${number} (10–1000 karakter)` }).fill('Hasil pengawasan: lokasi apotek tidak sesuai izin.');
    await izin.getByRole('button', { name: `Cabut izin ${number}` }).click();
    await shows(izin.locator('[data-permit-status]'), 'Dicabut');
    const verification = await call(`${ui.platform.issuance}/api/v1/permits/${encodeURIComponent(number)}/verification`);
    expect(verification.body).toMatchObject({ status: 'REVOKED', valid: false });
  });

  it('a head of office who let the due date pass finds the Izin issued by operation of law (fiktif positif), with its legal basis', async () => {
    const app = await submitted(application({ nik: '3373011203850203', kbli: '47721' }));
    const opened = await caseOf(app.applicationNumber);
    const verifier = await ui.platform.token(OFFICERS.verifier.username);
    await documentsAccepted(ui.platform, app, opened.id, verifier);
    expect((await call(`${ui.platform.verification}/api/v1/cases/${opened.id}/approve`, { method: 'POST', token: verifier })).status).toBe(200);
    const head = await ui.platform.token(OFFICERS.head.username);
    const pending = await eventually(async () => {
      const r = await call(`${ui.platform.issuance}/api/v1/approvals?status=PENDING`, { token: head });
      return r.body.find((a: Json) => a.applicationNumber === app.applicationNumber);
    });
    // The office's approval days run out (the test moves the due date instead of waiting).
    const pg = await superuserClient(TEST_DATABASES.e2e);
    try {
      await pg.query(`UPDATE issuance.approvals SET due_at = now() - interval '1 minute' WHERE id = $1`, [pending.id]);
    } finally {
      await pg.end();
    }

    const page = await signedIn('head', '/petugas/persetujuan');
    await page.getByRole('combobox', { name: 'Status' }).selectOption('APPROVED');
    const card = page.locator(`article[data-approval="${app.applicationNumber}"]`);
    await shows(card, /Disetujui.*Terbit karena hukum \(fiktif positif\): batas waktu terlewati tanpa keputusan, berdasarkan PP 28\/2025 Pasal 230.*Izin: \S+/);
    await expect(card.getByRole('button').count()).resolves.toBe(0);
    await expectAccessible(page);

    // The entrepreneur's tracking page says it beside the Izin, on a phone.
    const phone = await ui.open('phone', '/lacak');
    await phone.getByLabel('Nomor permohonan', { exact: true }).fill(app.applicationNumber);
    await phone.getByLabel('Kode pelacakan', { exact: true }).fill(app.trackingCode);
    await phone.getByRole('button', { name: 'Lacak', exact: true }).click();
    const izin = phone.locator('ul.permits > li').filter({ has: phone.locator('strong', { hasText: /^Izin$/ }) });
    await shows(izin, /Terbit karena hukum \(fiktif positif\): kantor tidak memutus sampai batas waktu, berdasarkan PP 28\/2025 Pasal 230/);
    await expectAccessible(phone);
  });

  it('the front desk submits for a walk-in applicant, prints the receipt and re-issues the tracking code', async () => {
    ui.expectErrors(/status of 400 .*\/api\/v1\/applications/);
    const page = await signedIn('frontDesk', '/petugas/loket');
    await expectAccessible(page);
    const form = page.getByRole('form', { name: 'Permohonan untuk pemohon yang datang langsung' });
    const fill = (label: string, value: string) => form.getByRole('textbox', { name: label }).fill(value);
    await fill('Nama lengkap', 'Budi Santoso');
    await fill('Nama usaha', 'Bengkel Budi');
    await fill('Kode KBLI', '47112');
    // The activity the code names, from the catalogue, as typed.
    await shows(form.locator('[data-hint="kbli"]'), /^Perdagangan Eceran/i);
    await fill('Modal usaha (Rp, tanpa tanah dan bangunan)', '25.000.000');
    await fill('Kode desa/kelurahan', '33.73.01.1001');
    await fill('Alamat usaha (jalan dan nomor)', 'Jl. Kartini No. 5');
    // A wrong NIK: the service names the field, and the message stands beside it.
    await fill('NIK', '1234567890123456');
    await form.getByRole('button', { name: 'Ajukan permohonan' }).click();
    const nikField = form.locator('.react-aria-TextField', { has: page.getByRole('textbox', { name: 'NIK', exact: true }) });
    await shows(nikField.locator('.react-aria-FieldError'), 'NIK tidak valid: 16 angka sesuai kode wilayah dan tanggal lahir.');
    await expect(nikField.getByRole('textbox').getAttribute('aria-invalid')).resolves.toBe('true');
    await expectAccessible(page);

    await fill('NIK', '3373011203850203');
    await form.getByRole('button', { name: 'Ajukan permohonan' }).click();
    const receipt = page.getByRole('region', { name: 'Tanda terima permohonan' });
    const number = await text(receipt.locator('[data-receipt-number]'));
    const code = await text(receipt.locator('[data-receipt-code]'));
    expect(number).toMatch(/^MPP-3373-\d{4}-\d{6}$/);
    await shows(receipt, /Budi Santoso.*Bengkel Budi.*Rina Kusuma/);
    const tracked = await call(`${ui.platform.intake}/api/v1/applications/${number}`, { headers: { 'x-tracking-code': code } });
    expect(tracked.status).toBe(200);
    const filed = await call(`${ui.platform.intake}/api/v1/applications?limit=200`, { token: await ui.platform.token(OFFICERS.frontDesk.username) });
    expect(filed.body.find((a: Json) => a.applicationNumber === number)).toMatchObject({ channel: 'COUNTER' });
    await expectAccessible(page);

    // Printing: the button opens the browser's print dialog; on paper only the receipt shows.
    await page.evaluate('window.__printed = 0; window.print = () => { window.__printed += 1; }');
    await receipt.getByRole('button', { name: 'Cetak tanda terima' }).click();
    await expect(page.evaluate('window.__printed')).resolves.toBe(1);
    await page.emulateMedia({ media: 'print' });
    await expect(receipt.isVisible()).resolves.toBe(true);
    await expect(form.isVisible()).resolves.toBe(false);
    await expect(nav(page).isVisible()).resolves.toBe(false);
    await expect(receipt.getByRole('button', { name: 'Cetak tanda terima' }).isVisible()).resolves.toBe(false);
    await saveScreenshot(page, 'petugas-tanda-terima-cetak');
    await page.emulateMedia({ media: 'screen' });

    // The entrepreneur lost the code: a new one, and the old one stops working.
    await receipt.getByRole('button', { name: 'Pemohon berikutnya' }).click();
    const reissue = page.getByRole('form', { name: 'Terbitkan ulang kode pelacakan' });
    await reissue.getByRole('textbox', { name: 'Nomor permohonan' }).fill(number);
    await reissue.getByRole('button', { name: 'Terbitkan kode baru' }).click();
    const again = page.getByRole('region', { name: 'Kode pelacakan baru' });
    const newCode = await text(again.locator('[data-receipt-code]'));
    expect(newCode).not.toBe(code);
    expect((await call(`${ui.platform.intake}/api/v1/applications/${number}`, { headers: { 'x-tracking-code': code } })).status).toBe(404);
    expect((await call(`${ui.platform.intake}/api/v1/applications/${number}`, { headers: { 'x-tracking-code': newCode } })).status).toBe(200);
    await expectAccessible(page);
  });

  it('an office admin adds a holiday to the calendar and finds the change in the audit log', async () => {
    const page = await signedIn('admin', '/petugas/pengaturan');
    const form = page.getByRole('form', { name: 'Pengaturan kantor 3373' });
    await expectAccessible(page);
    // A date in a wrong form is refused beside the field, before anything is sent.
    await form.getByRole('textbox', { name: 'Tanggal libur (TTTT-BB-HH)' }).fill('24/12/2026');
    await form.getByRole('button', { name: 'Tambah hari libur' }).click();
    await form.getByText('Tuliskan tanggal sebagai TTTT-BB-HH, mis. 2026-12-24.').waitFor();
    await form.getByRole('textbox', { name: 'Tanggal libur (TTTT-BB-HH)' }).fill('2026-12-24');
    await form.getByRole('button', { name: 'Tambah hari libur' }).click();
    await form.getByRole('button', { name: 'Hapus 2026-12-24' }).waitFor();
    await form.getByRole('button', { name: 'Simpan pengaturan' }).click();
    await shows(form.getByRole('status'), 'Pengaturan tersimpan.');
    await expectAccessible(page);
    const office = await call(`${ui.platform.intake}/api/v1/offices/3373`, { token: await ui.platform.token(OFFICERS.admin.username) });
    expect(office.body.calendar.holidays).toContain('2026-12-24');

    await nav(page).getByRole('link', { name: 'Log audit' }).click();
    await page.waitForURL(`${ui.url}/petugas/audit`);
    const entry = page.locator('tr[data-audit-action="office.updated"]').first();
    await shows(entry, /office\.updated.*Admin kantor.*3373/);
    await expectAccessible(page);
  });

  it('the platform admin sees every office and opens one’s settings', async () => {
    const page = await signedIn('platform', '/petugas/kantor');
    const list = page.getByRole('table', { name: 'Kantor yang menerima permohonan' });
    await shows(list, /3373.*DPMPTSP Kota Salatiga/);
    await list.getByRole('button', { name: 'Ubah DPMPTSP Kota Salatiga' }).click();
    await page.getByRole('form', { name: 'Pengaturan kantor 3373' }).waitFor();
    await expectAccessible(page);
    // In English at the switch.
    await page.getByRole('button', { name: 'Switch to English' }).click();
    await shows(page.getByRole('heading', { level: 1 }), 'MPP offices');
    await shows(nav(page).or(page.getByRole('navigation', { name: 'Officer menu' })), 'Audit log Offices');
    await page.getByRole('form', { name: 'Settings of office 3373' }).waitFor();
    await expectAccessible(page);
  });

  it('at phone width the verifier’s queue is usable: nothing scrolls sideways but the table, and a case opens', async () => {
    const app = await submitted(application({ nik: '3373011203850204', kbli: '86105' }));
    const opened = await caseOf(app.applicationNumber);
    const page = await signedIn('verifier', '/petugas/antrean', 'phone');
    expect(await sidewaysOverflow(page)).toEqual([]);
    await expectAccessible(page);
    await saveScreenshot(page, 'petugas-antrean-ponsel', { fullPage: true });
    await page.locator(`tr[data-case="${app.applicationNumber}"]`).getByRole('link', { name: app.applicationNumber }).click();
    await page.waitForURL(`${ui.url}/petugas/antrean/${opened.id}`);
    await page.getByRole('button', { name: 'Ambil berkas' }).waitFor();
    await expectAccessible(page);
  });
});
