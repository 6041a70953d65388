import { describe, expect, it } from 'vitest';
import {
  accessibilityViolationsOf,
  browserSkipReason,
  DEMO_ACCOUNTS,
  signedInPage,
  textOf,
  textsOf,
  useAppInChromium,
} from '../support/browser.ts';

const skipReason = browserSkipReason();

describe.skipIf(skipReason !== null)(
  `notifications in Chromium${skipReason ? ` (skipped: ${skipReason})` : ''}`,
  () => {
    // The demo cases are opened and moved through the services, which notify the demo analyst of the
    // departments' answers.
    const session = useAppInChromium(() => ({ DEMO_ACCOUNTS: 'true' }));

    it("lists an analyst's notifications, each linking to its case, and marks them all read, without scripts", async () => {
      const page = await signedInPage(session.browser, session.app.url, DEMO_ACCOUNTS.analyst);
      await page.goto(`${session.app.url}/account`);
      await page.click('a[href="/notifications"]');
      expect(await textOf(page.locator('h1'))).toBe('Your notifications');
      // The worker's daily digest may join them at any moment (it links to a list, not a case), so the
      // checks look at the notifications about cases.
      const aboutCases = page.locator('.notification:has(h2 a[href^="/cases/SC-"])');
      const titles = await textsOf(aboutCases.locator('h2 a'));
      expect(titles.length).toBeGreaterThan(0);
      expect(titles.every((title) => /SC-\d{4}-\d{4}/.test(title))).toBe(true);
      expect(await aboutCases.locator('.badge').count()).toBe(titles.length);

      await Promise.all([page.waitForURL(/done=read/), page.click('text=Mark all as read')]);
      expect(await textOf(page.locator('.notice, [role="status"]').first())).toContain('marked as read');
      expect(await aboutCases.locator('.badge').count()).toBe(0);

      // The title links to the case.
      const firstCase = aboutCases.locator('h2 a').first();
      expect(await firstCase.getAttribute('href')).toMatch(/^\/cases\/SC-\d{4}-\d{4}$/);
      await Promise.all([page.waitForURL(/\/cases\/SC-/), firstCase.click()]);
      await page.context().close();
    });

    it('turns the daily digest off and on again from the account page, without scripts', async () => {
      const page = await signedInPage(session.browser, session.app.url, DEMO_ACCOUNTS.analyst);
      await page.goto(`${session.app.url}/account`);
      const box = page.locator('input[name="wantsDigest"]');
      expect(await box.isChecked()).toBe(true);
      await box.uncheck();
      await Promise.all([page.waitForURL(/done=digest/), page.click('form:has(input[name="wantsDigest"]) button')]);
      expect(await page.locator('body').textContent()).toContain('You will no longer receive the daily digest.');
      expect(await page.locator('input[name="wantsDigest"]').isChecked()).toBe(false);
      await page.locator('input[name="wantsDigest"]').check();
      await Promise.all([page.waitForURL(/done=digest/), page.click('form:has(input[name="wantsDigest"]) button')]);
      expect(await page.locator('body').textContent()).toContain('You will receive the daily digest.');
      expect(await page.locator('input[name="wantsDigest"]').isChecked()).toBe(true);
      await page.context().close();
    });

    it('has no accessibility violations on the notifications page', async () => {
      const page = await signedInPage(session.browser, session.app.url, DEMO_ACCOUNTS.analyst, {
        javaScriptEnabled: true,
      });
      await page.setViewportSize({ width: 390, height: 844 });
      await page.goto(`${session.app.url}/notifications`);
      expect(await accessibilityViolationsOf(page)).toEqual([]);
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
      await page.context().close();
    });
  },
);
