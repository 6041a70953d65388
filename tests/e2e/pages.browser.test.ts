import AxeBuilder from '@axe-core/playwright';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { OPEN_DATA_DICTIONARY } from '../../src/domain/cases/open-data.ts';
import { accessibilityViolationsOf, browserSkipReason, textOf, useAppInChromium } from '../support/browser.ts';

const skipReason = browserSkipReason();

describe.skipIf(skipReason !== null)(`pages in Chromium${skipReason ? ` (skipped: ${skipReason})` : ''}`, () => {
  const session = useAppInChromium();

  /** A page without JavaScript, as on a phone that blocks scripts or a very slow connection. */
  async function openWithoutScripts(path: string, viewport = { width: 1280, height: 900 }): Promise<Page> {
    const context = await session.browser.newContext({ javaScriptEnabled: false, viewport });
    const page = await context.newPage();
    page.setDefaultTimeout(5_000);
    await page.goto(`${session.app.url}${path}`);
    return page;
  }

  /** axe runs as a script in the page, so it gets a page of its own with scripts allowed. */
  async function expectNoAccessibilityViolations(url: string) {
    const context = await session.browser.newContext();
    const page = await context.newPage();
    await page.goto(url);
    const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
    await context.close();
    expect(results.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
  }

  it('shows the home page with every province and no accessibility violations', async () => {
    const page = await openWithoutScripts('/');
    await expect(textOf(page.locator('h1'))).resolves.toBe('CBM Tracker');
    const provinceRows = page.locator('#by-province + .table-wrap tbody tr');
    expect(await provinceRows.count()).toBe(9);
    await expectNoAccessibilityViolations(page.url());
    await page.context().close();
  });

  it('filters, sorts and pages the facility list without JavaScript', async () => {
    const page = await openWithoutScripts('/facilities');
    await page.selectOption('select[name="province"]', 'mpumalanga');
    await Promise.all([page.waitForURL(/province=mpumalanga/), page.click('button[type="submit"]')]);
    const provinces = await page.locator('tbody tr td:nth-child(3)').allTextContents();
    expect(provinces.length).toBeGreaterThan(10);
    expect(new Set(provinces)).toEqual(new Set(['Mpumalanga']));

    await Promise.all([page.waitForURL(/sort=open_issues/), page.click('th a:text("Open issues")')]);
    const openIssues = (await page.locator('tbody tr td:last-child').allTextContents()).map(Number);
    expect(openIssues).toEqual([...openIssues].sort((a, b) => a - b));

    await expectNoAccessibilityViolations(page.url());
    await page.context().close();
  });

  it('pages through all facilities without JavaScript', async () => {
    const page = await openWithoutScripts('/facilities');
    expect(await textOf(page.locator('.pagination p'))).toMatch(/^Showing 1–25 of 55 facilities · page 1 of 3$/);
    await Promise.all([page.waitForURL(/page=2/), page.click('a[rel="next"]')]);
    expect(await textOf(page.locator('.pagination p'))).toMatch(/^Showing 26–50 of 55 facilities · page 2 of 3$/);
    expect(await page.locator('tbody tr').count()).toBe(25);
    await page.context().close();
  });

  it('says so when no facility matches', async () => {
    const page = await openWithoutScripts('/facilities?q=no-such-place');
    await expect(page.locator('.empty-state').textContent()).resolves.toContain('No facility matches these filters');
    await page.context().close();
  });

  it('shows the open data with its dictionary, downloads and licence on a phone without JavaScript', async () => {
    const phone = { width: 390, height: 844 };
    const page = await openWithoutScripts('/open-data', phone);
    await expect(textOf(page.locator('h1'))).resolves.toBe('Open data');
    expect(await page.locator('a[href="/open-data/cbm-public.zip"]').count()).toBe(1);
    expect(await page.locator('a[href="/open-data/cbm-public.json"]').count()).toBe(1);
    expect(await page.locator('link[rel="alternate"][type="application/atom+xml"]').getAttribute('href')).toBe(
      '/cases.atom',
    );
    await expect(textOf(page.locator('a[rel="license"]'))).resolves.toBe('CC BY 4.0');
    expect(await page.locator('#dictionary ~ section table').count()).toBe(OPEN_DATA_DICTIONARY.length);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await page.context().close();
    // axe needs scripts in the page: the same address, at the same width.
    const withScripts = await (await session.browser.newContext({ viewport: phone })).newPage();
    await withScripts.goto(`${session.app.url}/open-data`);
    expect(await accessibilityViolationsOf(withScripts)).toEqual([]);
    await withScripts.context().close();
  });

  it('fits a phone screen without sideways scrolling of the page', async () => {
    const page = await openWithoutScripts('/facilities', { width: 360, height: 740 });
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await page.context().close();
  });
});
