import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import {
  accessibilityViolationsOf,
  browserSkipReason,
  DEMO_ACCOUNTS,
  signedInPage,
  useAppInChromium,
} from '../support/browser.ts';

const skipReason = browserSkipReason();
/** Kabokweni Clinic has seeded issues about chronic medicines running out (prisma/seed/data/local-issues.json). */
const FACILITY = 'Kabokweni Clinic (KIC-KABOKWENI-CLINIC)';
const LIKE_A_SEEDED_TITLE = 'Clinic runs out of chronic medicines';

describe.skipIf(skipReason !== null)(`the duplicate hint${skipReason ? ` (skipped: ${skipReason})` : ''}`, () => {
  const session = useAppInChromium(() => ({ DEMO_ACCOUNTS: 'true' }));

  /** Where a field sits on the page, in page coordinates (scrolling does not change it). */
  const topOf = (page: Page, selector: string) =>
    page.locator(selector).evaluate((element) => element.getBoundingClientRect().top + window.scrollY);

  async function newIssueForm(viewport: { width: number; height: number }): Promise<Page> {
    const page = await signedInPage(session.browser, session.app.url, DEMO_ACCOUNTS.analyst, {
      javaScriptEnabled: true,
    });
    await page.setViewportSize(viewport);
    await page.goto(`${session.app.url}/issues/new`);
    await page.selectOption('select[name="facility"]', { label: FACILITY });
    await Promise.all([page.waitForEvent('load'), page.click('form.form button[type="submit"]')]);
    return page;
  }

  for (const viewport of [
    { width: 390, height: 844 },
    { width: 1280, height: 800 },
  ]) {
    it(`moves neither the field typed into nor the fields below it as similar issues appear, ${viewport.width} px wide`, async () => {
      const page = await newIssueForm(viewport);
      const fields = ['input[name="title"]', 'textarea[name="description"]', 'select[name="source"]'];
      const before = await Promise.all(fields.map((field) => topOf(page, field)));
      await page.locator('input[name="title"]').pressSequentially(LIKE_A_SEEDED_TITLE, { delay: 20 });
      await page.locator('#similar-issues h3 + ul > li').first().waitFor();
      const after = await Promise.all(fields.map((field) => topOf(page, field)));
      expect(after).toEqual(before);
      // Heard, not shown: the count is announced politely, and the caret stays in the title.
      await expect(page.locator('[data-similar-status]').getAttribute('role')).resolves.toBe('status');
      await expect(page.locator('[data-similar-status]').textContent()).resolves.toMatch(/^Similar issues: \d+/);
      await expect(page.evaluate(() => document.activeElement?.getAttribute('name'))).resolves.toBe('title');
      const width = await page.evaluate(() => document.documentElement.scrollWidth);
      expect(width).toBeLessThanOrEqual(viewport.width);
      expect(await accessibilityViolationsOf(page)).toEqual([]);
      await page.context().close();
    });
  }

  it('says where similar issues will show before any is looked for, and shows them after the check without JavaScript', async () => {
    const page = await signedInPage(session.browser, session.app.url, DEMO_ACCOUNTS.analyst);
    await page.goto(`${session.app.url}/issues/new`);
    await page.selectOption('select[name="facility"]', { label: FACILITY });
    await Promise.all([page.waitForEvent('load'), page.click('form.form button[type="submit"]')]);
    await expect(page.locator('#similar-issues').textContent()).resolves.toContain('Similar issues will show here');
    await page.fill('input[name="title"]', LIKE_A_SEEDED_TITLE);
    await Promise.all([page.waitForEvent('load'), page.click('button:text("Check for similar issues")')]);
    await expect(page.locator('#similar-issues h3 + ul > li').count()).resolves.toBeGreaterThan(0);
    await expect(page.locator('input[name="title"]').inputValue()).resolves.toBe(LIKE_A_SEEDED_TITLE);
    await page.context().close();
  });
});
