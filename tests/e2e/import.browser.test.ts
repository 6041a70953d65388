import { describe, expect, it } from 'vitest';
import { browserSkipReason, useAppInChromium } from '../support/browser.ts';
import { aCsvRow, csvOf } from '../fixtures/import-csv.ts';

const skipReason = browserSkipReason();

describe.skipIf(skipReason !== null)(`importing in Chromium${skipReason ? ` (skipped: ${skipReason})` : ''}`, () => {
  const session = useAppInChromium(() => ({ DEMO_ACCOUNTS: 'true' }));

  it('lists every problem of a bad file, imports the corrected one, and works without JavaScript', async () => {
    const { app, browser } = session;
    const context = await browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    page.setDefaultTimeout(10_000);
    await page.goto(`${app.url}/login?next=/issues/import`);
    await page.fill('input[name="email"]', 'analyst@demo.cbm-tracker.invalid');
    await page.fill('input[name="password"]', 'demo-analyst-password');
    await page.click('form.form button[type="submit"]');
    await page.waitForLoadState('load');
    expect(page.url()).toBe(`${app.url}/issues/import`);

    const upload = async (name: string, bytes: Uint8Array) => {
      await page.setInputFiles('input[name="file"]', { name, mimeType: 'text/csv', buffer: Buffer.from(bytes) });
      await page.click('form.form button[type="submit"]');
      await page.waitForLoadState('load');
    };
    await upload('bad.csv', csvOf([aCsvRow(1), aCsvRow(2, { facility_code: 'NOPE-9', raised_on: 'yesterday' })]));
    await expect(page.locator('.errors').textContent()).resolves.toContain(
      'Nothing was imported: 2 problem(s) in 1 row(s).',
    );
    expect(await page.locator('tbody tr').allTextContents()).toEqual([
      expect.stringMatching(/^3facility_codeNOPE-9no facility has this code$/),
      expect.stringMatching(/^3raised_onyesterdayexpected a date written YYYY-MM-DD/),
    ]);

    await upload('good.csv', csvOf([aCsvRow(1), aCsvRow(2)]));
    await expect(page.locator('.success').textContent()).resolves.toBe('good.csv: 2 created, 0 updated, 0 unchanged.');
    await upload('good.csv', csvOf([aCsvRow(1), aCsvRow(2)]));
    await expect(page.locator('.success').textContent()).resolves.toBe('good.csv: 0 created, 0 updated, 2 unchanged.');
    await context.close();
  });
});
