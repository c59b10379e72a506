import Redis from 'ioredis';
import { BrowserContext, Page } from 'playwright-core';
import { TEST_REDIS_URL } from '@mpp/testing';
import { saveScreenshot } from '@mpp/testing/browser';
import { expectAccessible, portalInBrowser, signInAs, text } from '../support/browser';
import { PORTAL_SESSION_PREFIX } from '../support/platform';

/**
 * An officer at a desktop signs in to the portal through the identity provider (here the development
 * issuer's login page), lands on the page they asked for, sees who they are signed in as, signs out; an
 * expired session sends them to the login and back. axe-core on the issuer's login page and the portal's.
 */
describe('officer login in a browser', () => {
  const ui = portalInBrowser({ platform: { TRUSTED_PROXIES: 'loopback' }, portal: { TRUSTED_PROXIES: 'loopback' } });
  let redis: Redis;

  beforeAll(() => {
    redis = new Redis(TEST_REDIS_URL);
  });

  afterAll(() => {
    redis?.disconnect();
  });

  async function desktop(): Promise<{ context: BrowserContext; page: Page }> {
    const context = await ui.newContext('desktop');
    return { context, page: await context.newPage() };
  }

  const pickOfficer = (page: Page, name: string, username: string) => signInAs(page, ui.platform.issuerUrl, { name, username });

  it('an officer opens a /petugas page, signs in at the login page, comes back to it, sees their name, and signs out', async () => {
    const { page } = await desktop();
    await page.goto(`${ui.url}/petugas/antrian?status=baru`);

    // Sent to the identity provider's login page: in Indonesian, accessible, listing the demo officers.
    await page.waitForURL((url) => url.href.startsWith(`${ui.platform.issuerUrl}/authorize?`));
    await expect(page.locator('html').getAttribute('lang')).resolves.toBe('id');
    await expect(text(page.getByRole('heading', { level: 1 }))).resolves.toBe('Masuk sebagai petugas');
    await expect(text(page.getByRole('group', { name: 'Pilih petugas demo' }))).resolves.toContain('Dewi Lestari');
    await expectAccessible(page);
    await saveScreenshot(page, 'masuk-petugas-penerbit-desktop', { fullPage: true });
    await pickOfficer(page, 'Dewi Lestari', 'salatiga.verifier');

    // Back on the page asked for, signed in.
    await page.waitForURL(`${ui.url}/petugas/antrian?status=baru`);
    const bar = page.getByRole('region', { name: 'Petugas yang masuk' });
    await expect(text(bar)).resolves.toMatch(/Dewi Lestari.*Kantor 3373.*Verifikator.*Keluar/);
    // The session cookie is httpOnly: page scripts cannot read it.
    await expect(page.evaluate('document.cookie')).resolves.toBe('');
    await expectAccessible(page);
    await saveScreenshot(page, 'petugas-masuk-desktop');

    await bar.getByRole('button', { name: 'Keluar' }).click();
    // The provider's end-session page sends the browser back to the portal's home page.
    await page.waitForURL(`${ui.url}/`);
    await page.getByRole('heading', { level: 1 }).waitFor();
    await expect(page.getByRole('region', { name: 'Petugas yang masuk' }).count()).resolves.toBe(0);
    await expectAccessible(page);

    // Signed out: an officer page asks for the login again.
    await page.goto(`${ui.url}/petugas`);
    await page.waitForURL((url) => url.href.startsWith(`${ui.platform.issuerUrl}/authorize?`));
  });

  it('an expired session sends the officer to the login and back to where they were', async () => {
    const { context, page } = await desktop();
    await page.goto(`${ui.url}/petugas`);
    await pickOfficer(page, 'Hadi Purnomo', 'sragen.head-of-office');
    await page.waitForURL(`${ui.url}/petugas`);
    await expect(text(page.getByRole('region', { name: 'Petugas yang masuk' }))).resolves.toContain('Hadi Purnomo');

    // The session ends on the server (as an idle timeout would): its key leaves Redis.
    const cookie = (await context.cookies(ui.url)).find((c) => c.name === 'mpp_session');
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Lax', path: '/' });
    expect(await redis.del(`${PORTAL_SESSION_PREFIX}:session:${cookie?.value}`)).toBe(1);

    await page.goto(`${ui.url}/petugas/persetujuan?hal=2`);
    await pickOfficer(page, 'Hadi Purnomo', 'sragen.head-of-office');
    await page.waitForURL(`${ui.url}/petugas/persetujuan?hal=2`);
    await expect(text(page.getByRole('region', { name: 'Petugas yang masuk' }))).resolves.toMatch(/Hadi Purnomo.*Kantor 3314.*Kepala kantor/);
    const renewed = (await context.cookies(ui.url)).find((c) => c.name === 'mpp_session');
    expect(renewed?.value).not.toBe(cookie?.value);
  });

  it('a login that cannot finish shows a plain page in Indonesian with a way to try again', async () => {
    const { page } = await desktop();
    // A callback without a login started in this browser (a stale or forged link).
    await page.goto(`${ui.url}/auth/callback?code=x&state=y`);
    await page.waitForURL(`${ui.url}/masuk-gagal?sebab=kedaluwarsa`);
    await expect(text(page.getByRole('heading', { level: 1 }))).resolves.toBe('Gagal masuk');
    await expect(text(page.locator('main'))).resolves.toContain('Proses masuk sudah kedaluwarsa atau sudah digunakan.');
    await expectAccessible(page);
    await page.getByRole('link', { name: 'Masuk lagi' }).click();
    await pickOfficer(page, 'Dewi Lestari', 'salatiga.verifier');
    await page.waitForURL(`${ui.url}/petugas`);
  });
});
