import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { AxeBuilder } from '@axe-core/playwright';
import type { Result as AxeViolation } from 'axe-core';
import { Browser, BrowserContext, BrowserContextOptions, chromium, Page } from 'playwright-core';
import { REPO_ROOT } from './env';

/**
 * Browser tests: playwright-core driving the Chromium of Debian's `chromium` package (no browser download;
 * scripts/ensure-chromium.sh finds or installs it and exports MPP_CHROMIUM). Imported as
 * `@mpp/testing/browser`, apart from the rest of @mpp/testing, so that only browser tests load Playwright.
 */

/** The Chromium binary: MPP_CHROMIUM (set by scripts/test.sh), else Debian's /usr/bin/chromium. */
export function chromiumExecutable(): string {
  const binary = process.env.MPP_CHROMIUM || '/usr/bin/chromium';
  if (!existsSync(binary)) {
    throw new Error(`Chromium not found at ${binary}: run scripts/ensure-chromium.sh --install as root (Debian's chromium package), or set MPP_CHROMIUM`);
  }
  return binary;
}

/**
 * Headless Chromium. No sandbox: CI and development containers run as root, where Chromium refuses to
 * start sandboxed. The remaining switches keep a test run off the network (no updates, no sync).
 */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: chromiumExecutable(),
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
}

/** The two widths the portal is tested at: a phone (entrepreneurs, phone first) and an office desktop. */
export type FormFactor = 'phone' | 'desktop';

export const FORM_FACTORS: Record<FormFactor, BrowserContextOptions> = {
  phone: {
    viewport: { width: 390, height: 844 },
    deviceScaleFactor: 2,
    isMobile: true,
    hasTouch: true,
    userAgent: 'Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0.0.0 Mobile Safari/537.36',
  },
  desktop: { viewport: { width: 1366, height: 768 }, deviceScaleFactor: 1 },
};

export interface TestContext {
  context: BrowserContext;
  /** Uncaught page errors and console errors seen in any page of the context (a test expects none). */
  problems: string[];
}

/**
 * A fresh browser context (no cookies, no storage) at a form factor, in Indonesian and Jakarta time like
 * the portal's users, collecting page errors and console errors.
 */
export async function newTestContext(browser: Browser, formFactor: FormFactor, options: BrowserContextOptions = {}): Promise<TestContext> {
  const context = await browser.newContext({ ...FORM_FACTORS[formFactor], locale: 'id-ID', timezoneId: 'Asia/Jakarta', ...options });
  const problems: string[] = [];
  context.on('page', (page) => watch(page, problems));
  return { context, problems };
}

function watch(page: Page, problems: string[]): void {
  page.on('pageerror', (error) => problems.push(`page error on ${page.url()}: ${error.message}`));
  page.on('console', (message) => {
    // A failed load names the resource in its location, not in its text.
    if (message.type() === 'error') problems.push(`console error on ${page.url()}: ${message.text()} ${message.location().url}`.trim());
  });
}

/** The impacts a test fails on: axe-core's two highest (https://github.com/dequelabs/axe-core/blob/develop/doc/API.md). */
const FAILING_IMPACTS = new Set(['serious', 'critical']);

/** axe-core's serious and critical violations on the page as it is now (WCAG 2.x A and AA rules and best practices). */
export async function seriousAccessibilityViolations(page: Page): Promise<AxeViolation[]> {
  const results = await new AxeBuilder({ page }).analyze();
  return results.violations.filter((v) => FAILING_IMPACTS.has(v.impact ?? ''));
}

/** One line per violation and element, readable in a failed test's output. */
export function describeViolations(violations: AxeViolation[]): string[] {
  return violations.flatMap((v) => v.nodes.map((n) => `${v.impact} ${v.id} (${v.help}): ${n.target.join(' ')}`));
}

/**
 * Where screenshots go: docs/screenshots/ (committed, shown in the README) when MPP_SCREENSHOTS=1, so a
 * normal test run does not rewrite them; tmp/screenshots/ otherwise, to look at after a run.
 */
export function screenshotDirectory(): string {
  const dir = process.env.MPP_SCREENSHOTS === '1' ? path.join(REPO_ROOT, 'docs', 'screenshots') : path.join(REPO_ROOT, 'tmp', 'screenshots');
  mkdirSync(dir, { recursive: true });
  return dir;
}

/** Saves the page's visible area (or all of it: `fullPage`) as `<name>.png` in the screenshot directory; returns the path. */
export async function saveScreenshot(page: Page, name: string, options: { fullPage?: boolean } = {}): Promise<string> {
  const file = path.join(screenshotDirectory(), `${name}.png`);
  await page.screenshot({ path: file, animations: 'disabled', caret: 'hide', fullPage: options.fullPage ?? false });
  return file;
}

/**
 * What makes the page scroll sideways (a phone's page must not): up to five elements sticking out of the
 * viewport, named by tag, class and text, or the document's widths when no single element is to blame;
 * empty when nothing does. Elements inside a scroll container of their own (a wide table) do not count.
 */
export async function sidewaysOverflow(page: Page): Promise<string[]> {
  return (await page.evaluate(`(() => {
    const root = document.documentElement;
    if (root.scrollWidth <= root.clientWidth) return [];
    const wide = [...document.querySelectorAll('body *')]
      .filter((e) => e.getBoundingClientRect().right > root.clientWidth)
      .slice(0, 5)
      .map((e) => e.tagName + '.' + e.className + ' ' + (e.textContent || '').slice(0, 40));
    return wide.length > 0 ? wide : ['document ' + root.scrollWidth + ' > ' + root.clientWidth];
  })()`)) as string[];
}
