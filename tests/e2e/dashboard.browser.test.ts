import type { Page } from 'playwright-core';
import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import {
  accessibilityViolationsOf,
  browserSkipReason,
  DEMO_ACCOUNTS,
  expectToFitAPhone,
  PHONE,
  signedInPage,
  textOf,
  textsOf,
  useAppInChromium,
} from '../support/browser.ts';

const skipReason = browserSkipReason();
const SAPS_OFFICIAL = { email: 'saps@demo.cbm-tracker.invalid', password: 'demo-saps-password' };

/** Each table's body rows and its CSV download's data rows, by the download's address. */
async function tablesAndDownloads(page: Page) {
  const tables = page.locator('.dashboard-table');
  const found: { href: string; rows: number; csvRows: number; header: string[] }[] = [];
  for (let index = 0; index < (await tables.count()); index += 1) {
    const table = tables.nth(index);
    const href = (await table.locator('a[download]').getAttribute('href')) ?? '';
    const response = await page.request.get(new URL(href, page.url()).toString());
    expect(response.status(), href).toBe(200);
    expect(response.headers()['content-type']).toContain('text/csv');
    const parsed = Papa.parse<string[]>((await response.text()).replace(/^\uFEFF/, ''), { skipEmptyLines: true });
    found.push({
      href,
      rows: await table.locator('tbody tr').count(),
      csvRows: parsed.data.length - 1,
      header: parsed.data[0] ?? [],
    });
  }
  return found;
}

describe.skipIf(skipReason !== null)(
  `the KSA 3 dashboard on a phone, in Chromium${skipReason ? ` (skipped: ${skipReason})` : ''}`,
  () => {
    const session = useAppInChromium(() => ({ DEMO_ACCOUNTS: 'true' }));

    it('shows an analyst every chart beside its table at 390 px without JavaScript, and each table downloads row for row', async () => {
      const analyst = await signedInPage(session.browser, session.app.url, DEMO_ACCOUNTS.analyst);
      await analyst.setViewportSize(PHONE);
      await analyst.goto(`${session.app.url}/dashboard?period=all_time`);
      expect(await textOf(analyst.locator('h1'))).toBe('Systemic cases dashboard');
      expect(await textsOf(analyst.locator('main h2'))).toEqual([
        'Cases by state',
        'Cases by department',
        'Time to acknowledge and to decide, in working days',
        'Deadlines met',
        'Overdue cases',
        'Resolved, verified and closed as not fixed, by month',
        'Follow-up monitoring of resolved cases',
        'Proposed for escalation, without a case yet',
      ]);
      await expectToFitAPhone(analyst);
      // Each chart is one image to a screen reader, named by its title and pointing to its table.
      const charts = analyst.locator('svg[role="img"]');
      expect(await charts.count()).toBeGreaterThanOrEqual(4);
      for (let index = 0; index < (await charts.count()); index += 1) {
        const labelledBy = (await charts.nth(index).getAttribute('aria-labelledby')) ?? '';
        const [titleId] = labelledBy.split(' ');
        expect(await textOf(analyst.locator(`[id="${titleId}"]`))).not.toBe('');
      }
      const downloads = await tablesAndDownloads(analyst);
      expect(downloads.length).toBeGreaterThanOrEqual(4);
      for (const download of downloads) expect(download.csvRows, download.href).toBe(download.rows);
      expect(downloads.find((download) => download.href.startsWith('/dashboard/answer-times.csv'))?.header).toEqual([
        'answer',
        'answers',
        'median_working_days',
        'percentile_90_working_days',
      ]);
      // The downloads keep the filters.
      expect(downloads.every((download) => download.href.endsWith('?period=all_time'))).toBe(true);
    });

    it('filters with a plain form and says when nothing is counted', async () => {
      const analyst = await signedInPage(session.browser, session.app.url, DEMO_ACCOUNTS.analyst);
      await analyst.setViewportSize(PHONE);
      await analyst.goto(`${session.app.url}/dashboard`);
      await analyst.click('summary:text("Filter")');
      await analyst.selectOption('select[name="period"]', 'last_financial_year');
      await analyst.selectOption('select[name="province"]', 'northern_cape');
      await Promise.all([analyst.waitForEvent('load'), analyst.click('button:text("Apply filters")')]);
      const url = new URL(analyst.url());
      expect(url.searchParams.get('period')).toBe('last_financial_year');
      expect(url.searchParams.get('province')).toBe('northern_cape');
      expect(await analyst.locator('select[name="period"] option[selected]').getAttribute('value')).toBe(
        'last_financial_year',
      );
      await expectToFitAPhone(analyst);
      for (const download of await tablesAndDownloads(analyst))
        expect(download.csvRows, download.href).toBe(download.rows);
      // An unknown value is ignored, and the page says so.
      await analyst.goto(`${session.app.url}/dashboard?period=forever`);
      expect(await textOf(analyst.locator('.notice[role="alert"]'))).toContain('not recognised');
      expect((await analyst.request.get(`${session.app.url}/dashboard/states.csv?period=forever`)).status()).toBe(400);
    });

    it('shows an official their department’s figures only, and no clusters', async () => {
      const official = await signedInPage(session.browser, session.app.url, SAPS_OFFICIAL);
      await official.setViewportSize(PHONE);
      await official.goto(`${session.app.url}/dashboard?period=all_time`);
      expect(await textOf(official.locator('.lead'))).toMatch(/^South African Police Service’s cases/);
      expect(await official.locator('select[name="department"]').count()).toBe(0);
      expect(await textsOf(official.locator('main h2'))).not.toContain('Proposed for escalation, without a case yet');
      await expectToFitAPhone(official);
      for (const download of await tablesAndDownloads(official))
        expect(download.csvRows, download.href).toBe(download.rows);
      expect((await official.request.get(`${session.app.url}/dashboard/candidates.csv`)).status()).toBe(403);
    });

    it('has no serious or critical accessibility violation, for an analyst and an official', async () => {
      for (const account of [DEMO_ACCOUNTS.analyst, SAPS_OFFICIAL]) {
        const page = await signedInPage(session.browser, session.app.url, account, { javaScriptEnabled: true });
        await page.setViewportSize(PHONE);
        for (const address of [
          '/dashboard?period=all_time',
          '/dashboard?period=last_3_months&province=northern_cape',
        ]) {
          await page.goto(`${session.app.url}${address}`);
          expect(await accessibilityViolationsOf(page), `${account.email} ${address}`).toEqual([]);
        }
      }
    });
  },
);
