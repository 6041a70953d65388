import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { accessibilityViolationsOf, browserSkipReason, textOf, textsOf, useAppInChromium } from '../support/browser.ts';
import { aCsvRow, csvOf } from '../fixtures/import-csv.ts';

const skipReason = browserSkipReason();
const surveyFixture = (name: string) => readFileSync(new URL(`../fixtures/survey-exports/${name}`, import.meta.url));
/** Over the 64 KB imported while the page waits (INLINE_IMPORT_MAX_BYTES): this one goes to the worker. */
const aLargeFile = () =>
  csvOf(
    Array.from({ length: 2_400 }, (_, index) =>
      aCsvRow(10_000 + index, {
        description: `Patients were sent home without their pills, visit ${index}. `.repeat(3),
      }),
    ),
  );

describe.skipIf(skipReason !== null)(`importing in Chromium${skipReason ? ` (skipped: ${skipReason})` : ''}`, () => {
  const session = useAppInChromium(() => ({ DEMO_ACCOUNTS: 'true' }));

  async function signIn({ javaScriptEnabled }: { javaScriptEnabled: boolean }): Promise<Page> {
    const context = await session.browser.newContext({ javaScriptEnabled });
    const page = await context.newPage();
    page.setDefaultTimeout(15_000);
    await page.goto(`${session.app.url}/login?next=/issues/import`);
    await page.fill('input[name="email"]', 'analyst@demo.cbm-tracker.invalid');
    await page.fill('input[name="password"]', 'demo-analyst-password');
    await page.click('form.form button[type="submit"]');
    await page.waitForURL(`${session.app.url}/issues/import`);
    return page;
  }

  async function upload(
    page: Page,
    files: { name: string; bytes: Uint8Array },
    mapping?: { name: string; bytes: Uint8Array },
  ) {
    await page.goto(`${session.app.url}/issues/import`);
    await page.setInputFiles('input[name="file"]', {
      name: files.name,
      mimeType: 'text/csv',
      buffer: Buffer.from(files.bytes),
    });
    if (mapping) {
      await page.setInputFiles('input[name="mapping"]', {
        name: mapping.name,
        mimeType: 'application/json',
        buffer: Buffer.from(mapping.bytes),
      });
    }
    await Promise.all([page.waitForURL(/\/issues\/imports\/[^/]+$/), page.click('form.form button[type="submit"]')]);
  }

  it('lists every problem of a bad file, imports the corrected one, and works without JavaScript', async () => {
    const page = await signIn({ javaScriptEnabled: false });
    await upload(page, {
      name: 'bad.csv',
      bytes: csvOf([aCsvRow(1), aCsvRow(2, { facility_code: 'NOPE-9', raised_on: 'yesterday' })]),
    });
    await expect(page.locator('.errors').textContent()).resolves.toContain(
      'Nothing was imported: 2 problem(s) in 1 row(s).',
    );
    expect(await textsOf(page.locator('table.problems tbody tr'))).toEqual([
      expect.stringMatching(/^3 facility_code NOPE-9 no facility has this code$/),
      expect.stringMatching(/^3 raised_on yesterday expected a date such as 2016-03-16, 2016\/03\/16/),
    ]);

    await upload(page, { name: 'good.csv', bytes: csvOf([aCsvRow(1), aCsvRow(2)]) });
    await expect(textOf(page.locator('.success'))).resolves.toBe('good.csv: 2 created, 0 updated, 0 unchanged.');
    await upload(page, { name: 'good.csv', bytes: csvOf([aCsvRow(1), aCsvRow(2)]) });
    await expect(textOf(page.locator('.success'))).resolves.toBe('good.csv: 0 created, 0 updated, 2 unchanged.');

    await page.goto(`${session.app.url}/issues/imports`);
    expect(await page.locator('tbody tr').count()).toBe(3);
    await page.context().close();
  });

  it('imports a KoboToolbox export with its mapping file, and says which mapping key is wrong', async () => {
    const page = await signIn({ javaScriptEnabled: false });
    const mapping = surveyFixture('kobo-mapping.json');
    await upload(
      page,
      { name: 'kobo-citizen-survey.csv', bytes: surveyFixture('kobo-citizen-survey.csv') },
      { name: 'kobo-mapping.json', bytes: mapping },
    );
    await expect(textOf(page.locator('.success'))).resolves.toMatch(/^kobo-citizen-survey\.csv: \d+ created/);
    await expect(page.locator('dl.facts').textContent()).resolves.toContain('KoboToolbox form citizen-survey-2025');

    await page.goto(`${session.app.url}/issues/import`);
    await page.setInputFiles('input[name="file"]', {
      name: 'kobo-citizen-survey.csv',
      mimeType: 'text/csv',
      buffer: surveyFixture('kobo-citizen-survey.csv'),
    });
    await page.setInputFiles('input[name="mapping"]', {
      name: 'bad-mapping.json',
      mimeType: 'application/json',
      buffer: Buffer.from(JSON.stringify({ tool: 'kobotoolbox', form: 'f', columns: { titel: 'x' } })),
    });
    await page.click('form.form button[type="submit"]');
    await page.waitForLoadState('load');
    expect(page.url()).toBe(`${session.app.url}/issues/import`);
    await expect(page.locator('table.problems').textContent()).resolves.toContain(
      'columns.titel: unknown import column',
    );
    await page.context().close();
  });

  it('runs a large file in the background and the page follows it without JavaScript', async () => {
    const page = await signIn({ javaScriptEnabled: false });
    await upload(page, { name: 'large.csv', bytes: aLargeFile() });
    // The first view is the waiting run; its meta refresh brings the result without any script.
    await expect(page.locator('.job-progress progress').count()).resolves.toBe(1);
    await page.locator('.success').waitFor({ timeout: 60_000 });
    await expect(textOf(page.locator('.success'))).resolves.toBe('large.csv: 2400 created, 0 updated, 0 unchanged.');
    await page.context().close();
  });

  it('shows live progress with JavaScript, rolls the import back in the background, and has no accessibility violations', async () => {
    const page = await signIn({ javaScriptEnabled: true });
    const bytes = new TextDecoder().decode(aLargeFile()).replaceAll('KOBO-1', 'LIVE-1');
    await upload(page, { name: 'live.csv', bytes: new TextEncoder().encode(bytes) });
    expect(await accessibilityViolationsOf(page)).toEqual([]);
    await page.locator('.success').waitFor({ timeout: 60_000 });
    await expect(textOf(page.locator('.success'))).resolves.toMatch(/^live\.csv: 2400 created/);

    // 2,400 issues are more than a rollback done while the page waits: the worker does it, and the page follows.
    await page.check('input[name="confirm"]');
    await page.click('section button[type="submit"]');
    await page.locator('.success', { hasText: /^\s*live\.csv: rolled back/ }).waitFor({ timeout: 60_000 });
    await expect(page.locator('dl.facts').textContent()).resolves.toContain('Rolled back');
    await page.context().close();
    // Two jobs of 2,400 rows on a loaded machine: each wait above may take up to a minute.
  }, 150_000);
});
