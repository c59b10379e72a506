import type { Browser, BrowserContext, BrowserContextOptions, Locator, Page } from 'playwright-core';
import { startTestSmtpServer, TestSmtpServer } from '@mpp/testing';
import { describeViolations, FormFactor, launchChromium, newTestContext, seriousAccessibilityViolations, TestContext } from '@mpp/testing/browser';
import { RunningPlatform, startPlatform, startPortal } from './platform';

export interface PortalInBrowser {
  readonly browser: Browser;
  readonly platform: RunningPlatform;
  /** The portal's base URL. */
  readonly url: string;
  /** The SMTP server the notification service delivers to (with `mail: true`). */
  readonly mail: TestSmtpServer;
  /** A fresh browser context; its page errors and console errors are checked after the test. */
  newContext(formFactor: FormFactor, options?: BrowserContextOptions): Promise<BrowserContext>;
  /** `path` in a new page of a fresh context: it must answer 200 and show its heading. */
  open(formFactor: FormFactor, path: string, options?: BrowserContextOptions): Promise<Page>;
  /** Console errors the running test expects (the browser logs every 4xx answer to a fetch). */
  expectErrors(...patterns: RegExp[]): void;
}

/**
 * The Jest hooks of a browser spec: Chromium, the services (on the real Kafka, PostgreSQL and Redis) and
 * the portal in front of them, started once for the file and stopped after it; after each test its
 * contexts are closed and any page error or unexpected console error fails it.
 */
export function portalInBrowser(env: { platform?: Record<string, string>; portal?: Record<string, string>; mail?: boolean } = {}): PortalInBrowser {
  let browser: Browser | undefined;
  let mail: TestSmtpServer | undefined;
  let platform: RunningPlatform | undefined;
  let portal: { url: string; stop(): Promise<void> } | undefined;
  const contexts: TestContext[] = [];
  let expectedErrors: RegExp[] = [];

  beforeAll(async () => {
    // With mail: the notification service too, delivering to a real SMTP server the test reads back.
    mail = env.mail ? await startTestSmtpServer() : undefined;
    const notification = mail && { SMTP_URL: mail.url, NOTIFY_FROM: 'DPMPTSP Kota Salatiga <no-reply@salatiga.example.go.id>', DELIVERY_POLL_INTERVAL_MS: '200' };
    [browser, platform] = await Promise.all([launchChromium(), startPlatform(env.platform, { notification })]);
    portal = await startPortal(platform, env.portal);
  });

  afterAll(async () => {
    await browser?.close();
    await portal?.stop();
    await platform?.stop();
    await mail?.stop();
  });

  afterEach(async () => {
    const seen = contexts.flatMap((c) => c.problems).filter((p) => !expectedErrors.some((e) => e.test(p)));
    expectedErrors = [];
    await Promise.all(contexts.splice(0).map((c) => c.context.close()));
    expect(seen).toEqual([]);
  });

  const started = <T>(value: T | undefined): T => {
    if (value === undefined) throw new Error('the browser, platform and portal start in beforeAll');
    return value;
  };
  const ui: PortalInBrowser = {
    get browser() {
      return started(browser);
    },
    get platform() {
      return started(platform);
    },
    get url() {
      return started(portal).url;
    },
    get mail() {
      return started(mail);
    },
    async newContext(formFactor, options) {
      const created = await newTestContext(ui.browser, formFactor, options);
      contexts.push(created);
      return created.context;
    },
    async open(formFactor, path, options) {
      const page = await (await ui.newContext(formFactor, options)).newPage();
      const response = await page.goto(`${ui.url}${path}`);
      expect(response?.status()).toBe(200);
      await page.getByRole('heading', { level: 1 }).waitFor();
      return page;
    },
    expectErrors(...patterns) {
      expectedErrors.push(...patterns);
    },
  };
  return ui;
}

/** axe-core finds no serious or critical violation on the page (`state` names it in a failure). */
export async function expectAccessible(page: Page, state = page.url()): Promise<void> {
  expect({ state, violations: describeViolations(await seriousAccessibilityViolations(page)) }).toEqual({ state, violations: [] });
}

/** The text of the element (exactly one), whitespace collapsed, once it is there. */
export async function text(locator: Locator): Promise<string> {
  await locator.waitFor();
  return (await locator.innerText()).replace(/\s+/g, ' ').trim();
}

/** On the identity provider's login page (the development issuer's), signs in as a demo officer. */
export async function signInAs(page: Page, issuerUrl: string, officer: { name: string; username: string }): Promise<void> {
  await page.waitForURL((url) => url.href.startsWith(`${issuerUrl}/authorize?`));
  await page.getByRole('button', { name: `Masuk sebagai ${officer.name} (${officer.username})` }).click();
}
