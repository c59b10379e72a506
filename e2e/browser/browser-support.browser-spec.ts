import { Browser } from 'playwright-core';
import { describeViolations, launchChromium, newTestContext, seriousAccessibilityViolations } from '@mpp/testing/browser';
import { PORTS, RunningPlatform, startPlatform } from '../support/platform';

/**
 * The browser-test support itself: Debian's Chromium starts headless, the phone context is a touch
 * phone, axe-core reports what it should, and a page served by a real service renders in it.
 */
describe('browser test support', () => {
  let browser: Browser;

  beforeAll(async () => {
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
  });

  it('opens a phone context that a page sees as a 390 px touch screen, in Indonesian', async () => {
    const { context, problems } = await newTestContext(browser, 'phone');
    const page = await context.newPage();
    await page.setContent('<!doctype html><html lang="id"><head><meta name="viewport" content="width=device-width"><title>t</title></head><body></body></html>');
    // Evaluated in the page (the tests compile without the DOM types).
    const seen = await page.evaluate(`({
      width: window.innerWidth,
      coarse: window.matchMedia('(pointer: coarse)').matches,
      touchPoints: navigator.maxTouchPoints,
      language: navigator.language,
      zone: Intl.DateTimeFormat().resolvedOptions().timeZone,
    })`);
    expect(seen).toEqual({ width: 390, coarse: true, touchPoints: expect.any(Number), language: 'id-ID', zone: 'Asia/Jakarta' });
    expect((seen as { touchPoints: number }).touchPoints).toBeGreaterThan(0);
    expect(problems).toEqual([]);
    await context.close();
  });

  it('reports serious and critical accessibility violations, and none on an accessible page', async () => {
    const { context } = await newTestContext(browser, 'desktop');
    const page = await context.newPage();
    await page.setContent(
      '<!doctype html><html lang="id"><head><title>Formulir</title></head><body><main><h1>Formulir</h1>' +
        '<input type="text"><img src="data:image/gif;base64,R0lGODlhAQABAAAAACw="></main></body></html>',
    );
    const bad = await seriousAccessibilityViolations(page);
    expect(bad.map((v) => v.id).sort()).toEqual(['image-alt', 'label']);
    expect(describeViolations(bad)).toContainEqual(expect.stringMatching(/^critical image-alt .*: img$/));

    await page.setContent(
      '<!doctype html><html lang="id"><head><title>Formulir</title></head><body><main><h1>Formulir</h1>' +
        '<label>Nama <input type="text"></label><img alt="Logo" src="data:image/gif;base64,R0lGODlhAQABAAAAACw="></main></body></html>',
    );
    expect(describeViolations(await seriousAccessibilityViolations(page))).toEqual([]);
    await context.close();
  });

  describe('against a running service', () => {
    let platform: RunningPlatform;

    beforeAll(async () => {
      platform = await startPlatform();
    });

    afterAll(async () => {
      await platform?.stop();
    });

    it('renders the intake service Swagger UI, with its scripts served by the service itself', async () => {
      const { context, problems } = await newTestContext(browser, 'desktop');
      const page = await context.newPage();
      const outside: string[] = [];
      page.on('request', (request) => {
        if (!request.url().startsWith(`http://127.0.0.1:${PORTS.intake}/`) && !request.url().startsWith('data:')) outside.push(request.url());
      });
      await page.goto(`${platform.intake}/docs`);
      await page.locator('.swagger-ui .info .title').waitFor();
      await expect(page.locator('.swagger-ui .info .title').textContent()).resolves.toMatch(/intake/i);
      expect(outside).toEqual([]);
      expect(problems).toEqual([]);
      await context.close();
    });
  });
});
