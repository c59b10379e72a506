import Redis from 'ioredis';
import { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { TEST_REDIS_URL } from '@mpp/testing';
import { describeViolations, launchChromium, newTestContext, saveScreenshot, seriousAccessibilityViolations } from '@mpp/testing/browser';
import { PORTAL_SESSION_PREFIX, RunningPlatform, startPlatform, startPortal } from '../support/platform';

/**
 * An officer at a desktop signs in to the portal through the identity provider (here the development
 * issuer's login page), lands on the page they asked for, sees who they are signed in as, signs out; an
 * expired session sends them to the login and back. axe-core on the issuer's login page and the portal's.
 */
describe('officer login in a browser', () => {
  let browser: Browser;
  let platform: RunningPlatform;
  let portal: string;
  let stopPortal: (() => Promise<void>) | undefined;
  let redis: Redis;
  const contexts: { context: BrowserContext; problems: string[] }[] = [];

  beforeAll(async () => {
    redis = new Redis(TEST_REDIS_URL);
    [browser, platform] = await Promise.all([launchChromium(), startPlatform({ TRUSTED_PROXIES: 'loopback' })]);
    const started = await startPortal(platform, { TRUSTED_PROXIES: 'loopback' });
    portal = started.url;
    stopPortal = () => started.stop();
  });

  afterAll(async () => {
    await browser?.close();
    await stopPortal?.();
    await platform?.stop();
    redis?.disconnect();
  });

  afterEach(async () => {
    const seen = contexts.flatMap((c) => c.problems);
    await Promise.all(contexts.splice(0).map((c) => c.context.close()));
    expect(seen).toEqual([]);
  });

  async function desktop(): Promise<{ context: BrowserContext; page: Page }> {
    const created = await newTestContext(browser, 'desktop');
    contexts.push(created);
    return { context: created.context, page: await created.context.newPage() };
  }

  async function expectAccessible(page: Page): Promise<void> {
    expect(describeViolations(await seriousAccessibilityViolations(page))).toEqual([]);
  }

  async function text(locator: Locator): Promise<string> {
    await locator.waitFor();
    return (await locator.innerText()).replace(/\s+/g, ' ').trim();
  }

  /** On the issuer's login page: picks the demo officer by their button. */
  async function pickOfficer(page: Page, name: string, username: string): Promise<void> {
    await page.waitForURL((url) => url.href.startsWith(`${platform.issuerUrl}/authorize?`));
    await page.getByRole('button', { name: `Masuk sebagai ${name} (${username})` }).click();
  }

  it('an officer opens a /petugas page, signs in at the login page, comes back to it, sees their name, and signs out', async () => {
    const { page } = await desktop();
    await page.goto(`${portal}/petugas/antrian?status=baru`);

    // Sent to the identity provider's login page: in Indonesian, accessible, listing the demo officers.
    await page.waitForURL((url) => url.href.startsWith(`${platform.issuerUrl}/authorize?`));
    await expect(page.locator('html').getAttribute('lang')).resolves.toBe('id');
    await expect(text(page.getByRole('heading', { level: 1 }))).resolves.toBe('Masuk sebagai petugas');
    await expect(text(page.getByRole('group', { name: 'Pilih petugas demo' }))).resolves.toContain('Dewi Lestari');
    await expectAccessible(page);
    await saveScreenshot(page, 'masuk-petugas-penerbit-desktop', { fullPage: true });
    await pickOfficer(page, 'Dewi Lestari', 'salatiga.verifier');

    // Back on the page asked for, signed in.
    await page.waitForURL(`${portal}/petugas/antrian?status=baru`);
    const bar = page.getByRole('region', { name: 'Petugas yang masuk' });
    await expect(text(bar)).resolves.toMatch(/Dewi Lestari.*Kantor 3373.*Verifikator.*Keluar/);
    // The session cookie is httpOnly: page scripts cannot read it.
    await expect(page.evaluate('document.cookie')).resolves.toBe('');
    await expectAccessible(page);
    await saveScreenshot(page, 'petugas-masuk-desktop');

    await bar.getByRole('button', { name: 'Keluar' }).click();
    // The provider's end-session page sends the browser back to the portal's home page.
    await page.waitForURL(`${portal}/`);
    await page.getByRole('heading', { level: 1 }).waitFor();
    await expect(page.getByRole('region', { name: 'Petugas yang masuk' }).count()).resolves.toBe(0);
    await expectAccessible(page);

    // Signed out: an officer page asks for the login again.
    await page.goto(`${portal}/petugas`);
    await page.waitForURL((url) => url.href.startsWith(`${platform.issuerUrl}/authorize?`));
  });

  it('an expired session sends the officer to the login and back to where they were', async () => {
    const { context, page } = await desktop();
    await page.goto(`${portal}/petugas`);
    await pickOfficer(page, 'Hadi Purnomo', 'sragen.head-of-office');
    await page.waitForURL(`${portal}/petugas`);
    await expect(text(page.getByRole('region', { name: 'Petugas yang masuk' }))).resolves.toContain('Hadi Purnomo');

    // The session ends on the server (as an idle timeout would): its key leaves Redis.
    const cookie = (await context.cookies(portal)).find((c) => c.name === 'mpp_session');
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Lax', path: '/' });
    expect(await redis.del(`${PORTAL_SESSION_PREFIX}:session:${cookie?.value}`)).toBe(1);

    await page.goto(`${portal}/petugas/persetujuan?hal=2`);
    await pickOfficer(page, 'Hadi Purnomo', 'sragen.head-of-office');
    await page.waitForURL(`${portal}/petugas/persetujuan?hal=2`);
    await expect(text(page.getByRole('region', { name: 'Petugas yang masuk' }))).resolves.toMatch(/Hadi Purnomo.*Kantor 3314.*Kepala kantor/);
    const renewed = (await context.cookies(portal)).find((c) => c.name === 'mpp_session');
    expect(renewed?.value).not.toBe(cookie?.value);
  });

  it('a login that cannot finish shows a plain page in Indonesian with a way to try again', async () => {
    const { page } = await desktop();
    // A callback without a login started in this browser (a stale or forged link).
    await page.goto(`${portal}/auth/callback?code=x&state=y`);
    await page.waitForURL(`${portal}/masuk-gagal?sebab=kedaluwarsa`);
    await expect(text(page.getByRole('heading', { level: 1 }))).resolves.toBe('Gagal masuk');
    await expect(text(page.locator('main'))).resolves.toContain('Proses masuk sudah kedaluwarsa atau sudah digunakan.');
    await expectAccessible(page);
    await page.getByRole('link', { name: 'Masuk lagi' }).click();
    await pickOfficer(page, 'Dewi Lestari', 'salatiga.verifier');
    await page.waitForURL(`${portal}/petugas`);
  });
});
