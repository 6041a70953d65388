import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import {
  accessibilityViolationsOf,
  browserSkipReason,
  DEMO_ACCOUNTS,
  signedInPage,
  textOf,
  useAppInChromium,
} from '../support/browser.ts';

const skipReason = browserSkipReason();

describe.skipIf(skipReason !== null)(`error pages in Chromium${skipReason ? ` (skipped: ${skipReason})` : ''}`, () => {
  const session = useAppInChromium(() => ({ DEMO_ACCOUNTS: 'true' }));

  /** Opens `path` and checks what every error page has: its status, the layout, a title, a language, a way on. */
  async function expectErrorPage(page: Page, path: string, status: number, title: string, message: string) {
    const response = await page.goto(`${session.app.url}${path}`);
    expect(response?.status(), path).toBe(status);
    await expect(page.title()).resolves.toBe(`${title} · CBM Tracker`);
    await expect(page.locator('html').getAttribute('lang')).resolves.toBe('en-ZA');
    await expect(textOf(page.locator('h1'))).resolves.toBe(title);
    await expect(page.locator('main').textContent()).resolves.toContain(message);
    expect(await page.locator('nav[aria-label="Main"]').count()).toBe(1);
    expect(await page.locator('main a[href="/"]').count()).toBe(1);
    expect(await accessibilityViolationsOf(page), path).toEqual([]);
  }

  it('shows a missing record in the layout, with its 404 and a way on', async () => {
    const page = await (await session.browser.newContext()).newPage();
    await expectErrorPage(
      page,
      '/facilities/NO-SUCH-PLACE',
      404,
      'Page not found',
      'There is no facility with this code.',
    );
    await expectErrorPage(page, '/no/such/page', 404, 'Page not found', 'There is no page at /no/such/page');
    await expect(page.locator('main a[href="/login"]').count()).resolves.toBe(1);
    await page.context().close();

    const admin = await signedInPage(session.browser, session.app.url, DEMO_ACCOUNTS.admin, {
      javaScriptEnabled: true,
    });
    await expectErrorPage(admin, '/admin/users/no-such-account', 404, 'Page not found', 'There is no such account.');
    await admin.context().close();
  });

  it('shows a page a role may not open in the layout, with its 403 and a way to sign in as someone else', async () => {
    const page = await signedInPage(session.browser, session.app.url, DEMO_ACCOUNTS.facilitator, {
      javaScriptEnabled: true,
    });
    await expectErrorPage(page, '/admin/users', 403, 'You cannot open this page', 'Your role cannot open this page.');
    await Promise.all([page.waitForURL(/\/login/), page.click('main button:text("Sign out")')]);
    await page.context().close();
  });

  it('opens a facility whose code is typed in small letters at its own address', async () => {
    const page = await session.browser.newPage({ javaScriptEnabled: false });
    const response = await page.goto(`${session.app.url}/facilities/kic-kaboKWENI-clinic?page=1`);
    expect(response?.status()).toBe(200);
    expect(page.url()).toBe(`${session.app.url}/facilities/KIC-KABOKWENI-CLINIC?page=1`);
    await expect(page.locator('h1').textContent()).resolves.toContain('Kabokweni');
    await page.close();
  });
});
