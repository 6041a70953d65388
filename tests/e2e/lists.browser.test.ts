import AxeBuilder from '@axe-core/playwright';
import Papa from 'papaparse';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { FACILITY_SELECT_LIMIT } from '../../src/lib/lists/select-filters.ts';
import { withSqliteClient } from '../support/app-server.ts';
import { browserSkipReason, DEMO_ACCOUNTS, signedInPage, textOf, useAppInChromium } from '../support/browser.ts';

const skipReason = browserSkipReason();
const PHONE = { width: 390, height: 844 };
const FACILITY = 'KIC-KABOKWENI-CLINIC';

/** Every list the pages page through (src/components/lists/Pagination.astro). */
const PAGED_LISTS = [
  '/issues',
  '/commitments/overdue',
  '/admin/users',
  '/admin/audit',
  '/admin/outbox?section=mail',
  '/admin/outbox?section=jobs',
  '/clusters',
  '/clusters?view=problems',
  '/clusters/runs',
  '/issues/imports',
  '/facilities',
  `/facilities/${FACILITY}`,
];
/** Those the demo start surely fills. */
const FILLED_LISTS = [
  '/issues',
  '/commitments/overdue',
  '/admin/users',
  '/admin/audit',
  '/admin/outbox?section=jobs',
  '/clusters',
  '/clusters?view=problems',
  '/clusters/runs',
  '/facilities',
  `/facilities/${FACILITY}`,
];

describe.skipIf(skipReason !== null)(`lists and tables${skipReason ? ` (skipped: ${skipReason})` : ''}`, () => {
  const session = useAppInChromium(() => ({ DEMO_ACCOUNTS: 'true' }));
  const adminOnPhone = async () => {
    const page = await signedInPage(session.browser, session.app.url, DEMO_ACCOUNTS.admin);
    await page.setViewportSize(PHONE);
    return page;
  };
  const go = async (page: Page, path: string) => {
    const response = await page.goto(`${session.app.url}${path}`);
    return response?.status();
  };
  const withPage = (path: string, page: number) => `${path}${path.includes('?') ? '&' : '?'}page=${page}`;

  it('says a page past the end of any list is not there and links to the last page, never that the list is empty', async () => {
    const page = await adminOnPhone();
    // npm start queued a clustering run over the seed, which the worker finishes within seconds.
    await expect
      .poll(
        async () => {
          await go(page, '/clusters');
          return page.locator('table.themes tbody tr').count();
        },
        { timeout: 60_000 },
      )
      .toBeGreaterThan(0);
    const filled: string[] = [];
    for (const path of PAGED_LISTS) {
      await go(page, path);
      const shown =
        (await page
          .locator('.pagination p')
          .first()
          .textContent({ timeout: 1_000 })
          .catch(() => '')) ?? '';
      // A list on one page says only which rows it shows ("Showing 1–12 of 12 users").
      if (!/Showing/.test(shown)) continue;
      const counted = /page 1 of (\d+)/.exec(shown) ?? [shown, '1'];
      filled.push(path);
      expect(await go(page, withPage(path, 999)), path).toBe(200);
      const state = page.locator('.empty-state');
      await expect(state.textContent(), path).resolves.toContain('There is no page 999 of this list');
      const link = await state.locator('a').getAttribute('href');
      const last = new URL(link ?? '', session.app.url);
      expect(last.searchParams.get('page'), path).toBe(counted[1]);
      expect(`${last.pathname}${last.search}`, path).toBe(withPage(path, Number(counted[1])));
    }
    expect(filled).toEqual(expect.arrayContaining(FILLED_LISTS));
    await page.context().close();
  }, 180_000);

  it('folds the filters behind "Filter" on a phone without JavaScript, applies them, and clears them', async () => {
    const page = await adminOnPhone();
    await go(page, '/facilities?sort=name&direction=desc');
    const disclosure = page.locator('details.list-filters');
    expect(await disclosure.getAttribute('open')).toBeNull();
    await expect(textOf(disclosure.locator('summary'))).resolves.toBe('Filter');
    expect(await page.locator('select[name="province"]').isVisible()).toBe(false);
    await disclosure.locator('summary').click();
    expect(await page.locator('select[name="province"]').isVisible()).toBe(true);
    await page.selectOption('select[name="province"]', 'mpumalanga');
    await Promise.all([page.waitForURL(/province=mpumalanga/), page.click('text=Apply filters')]);
    const url = new URL(page.url());
    expect(url.searchParams.get('sort')).toBe('name');
    expect(url.searchParams.get('direction')).toBe('desc');
    expect(await disclosure.getAttribute('open')).not.toBeNull();
    await expect(textOf(disclosure.locator('summary'))).resolves.toBe('Filter (1 set)');
    expect(new Set(await page.locator('tbody tr td:nth-child(3)').allTextContents())).toEqual(new Set(['Mpumalanga']));
    await Promise.all([page.waitForURL((next) => !next.search.includes('province')), page.click('text=Clear filters')]);
    expect(new URL(page.url()).search).toBe('?sort=name&direction=desc');
    expect(await disclosure.getAttribute('open')).toBeNull();
    await page.setViewportSize({ width: 1280, height: 900 });
    expect(await page.locator('select[name="province"]').isVisible()).toBe(true);
    // A wide screen shows the form without a "Filter" disclosure, which would be announced as collapsed.
    expect(await disclosure.locator('summary').isVisible()).toBe(false);
    const tree = await page.locator('main').ariaSnapshot();
    expect(tree).toContain('search "Filter facilities"');
    expect(tree).not.toMatch(/expanded|"Filter"|- text: Filter$/m);
    await page.context().close();
  });

  it('says which rows a later page shows, and sorts by a column head that says so in aria-sort', async () => {
    const page = await adminOnPhone();
    await go(page, '/facilities?page=2');
    expect(await textOf(page.locator('.pagination p'))).toMatch(/^Showing 26–50 of (\d+) facilities · page 2 of \d+$/);
    await expect(textOf(page.locator('.pagination [aria-current="page"]'))).resolves.toBe('2');
    const head = page.locator('th', { has: page.locator('a:text("Open issues")') });
    expect(await head.getAttribute('aria-sort')).toBeNull();
    await Promise.all([page.waitForURL(/sort=open_issues/), head.locator('a').click()]);
    expect(new URL(page.url()).searchParams.get('page')).toBeNull();
    expect(await head.getAttribute('aria-sort')).toBe('ascending');
    expect(await page.locator('th[aria-sort]').count()).toBe(1);
    await Promise.all([page.waitForURL(/direction=desc/), head.locator('a').click()]);
    expect(await head.getAttribute('aria-sort')).toBe('descending');
    await page.context().close();
  });

  it('downloads the filtered list as CSV, every row the page counts and only those', async () => {
    const page = await adminOnPhone();
    const downloads = [
      { path: '/facilities?province=mpumalanga&sort=open_issues&direction=desc', column: 'province' },
      { path: '/clusters?view=problems&province=mpumalanga', column: null },
      { path: '/commitments/overdue?province=mpumalanga', column: 'province' },
      { path: '/issues?province=mpumalanga', column: 'province' },
    ];
    for (const { path, column } of downloads) {
      await go(page, path);
      const link = page.locator('.csv-export a');
      const text = (await textOf(link)).replace(/\s/g, ' ');
      const counted = /^Download (?:these ([\d ]+) \w[\w ]* as CSV|this .* as CSV)$/.exec(text);
      expect(counted, `${path}: ${text}`).not.toBeNull();
      const total = counted?.[1] ? Number(counted[1].replace(/ /g, '')) : 1;
      const href = new URL((await link.getAttribute('href')) ?? '', session.app.url);
      expect(href.searchParams.get('province'), path).toBe('mpumalanga');
      // The link's own address, with the session's cookie, as a click on it downloads it.
      const response = await page.context().request.get(href.toString());
      const answered = `${path}: ${response.status()} ${JSON.stringify(response.headers())}`;
      expect(response.headers()['content-type'], answered).toBe('text/csv; charset=utf-8');
      const body = await response.text();
      const rows = Papa.parse<Record<string, string>>(body.replace(/^\uFEFF/, ''), {
        header: true,
        skipEmptyLines: true,
      }).data;
      expect(rows, path).toHaveLength(total);
      if (column) expect(new Set(rows.map((row) => row[column])), path).toEqual(new Set(['mpumalanga']));
    }
    await page.context().close();
  }, 60_000);

  it('tells "nothing matches these filters" from "nothing exists yet"', async () => {
    const page = await adminOnPhone();
    await go(page, '/facilities?q=no-such-place&sort=name');
    const unmatched = page.locator('.empty-state');
    await expect(textOf(unmatched.locator('.empty-title'))).resolves.toBe('No facility matches these filters');
    expect(await unmatched.locator('a').getAttribute('href')).toBe('/facilities?sort=name');
    await expect(textOf(unmatched.locator('a'))).resolves.toBe('Clear filters');
    expect(await page.locator('.csv-export').count()).toBe(0);

    await go(page, '/issues/imports');
    const none = page.locator('.empty-state');
    await expect(textOf(none.locator('.empty-title'))).resolves.toBe('Nothing has been imported yet');
    expect(await none.locator('a').getAttribute('href')).toBe('/issues/import');
    await go(page, '/issues/imports?outcome=failed');
    await expect(textOf(page.locator('.empty-state .empty-title'))).resolves.toBe('No import has this outcome');
    await page.context().close();
  });

  it('finds a department, a tag and a knowledge topic whatever the case of the address', async () => {
    const page = await adminOnPhone();
    expect(await go(page, '/admin/departments/saps')).toBe(200);
    expect(new URL(page.url()).pathname).toBe('/admin/departments/SAPS');
    await expect(page.locator('h1').textContent()).resolves.toContain('South African Police Service');
    expect(await go(page, '/admin/departments/new')).toBe(200);
    expect(new URL(page.url()).pathname).toBe('/admin/departments/new');

    await go(page, '/taxonomy');
    const tag = (await page.locator('tbody a[href^="/taxonomy/"]').first().getAttribute('href')) ?? '';
    expect(await go(page, `/taxonomy/${tag.slice('/taxonomy/'.length).toUpperCase()}`)).toBe(200);
    expect(new URL(page.url()).pathname).toBe(tag);

    await go(page, '/knowledge');
    const topic = (await page.locator('main a[href^="/knowledge/tag/"]').first().getAttribute('href')) ?? '';
    expect(await go(page, `/knowledge/tag/${topic.slice('/knowledge/tag/'.length).toUpperCase()}`)).toBe(200);
    expect(new URL(page.url()).pathname).toBe(topic);
    await page.context().close();
  });

  it('scrolls each wide table on a phone in a named region a keyboard reaches', async () => {
    const page = await signedInPage(session.browser, session.app.url, DEMO_ACCOUNTS.admin, {
      javaScriptEnabled: true,
    });
    await page.setViewportSize(PHONE);
    const paths = [
      '/',
      '/issues',
      '/taxonomy',
      '/admin/users',
      '/admin/departments',
      '/commitments/overdue',
      '/facilities',
      `/facilities/${FACILITY}`,
      '/clusters',
      '/clusters/runs',
    ];
    const unnamed: string[] = [];
    for (const path of paths) {
      await go(page, path);
      const regions = await page.locator('.table-wrap').evaluateAll((wraps) =>
        wraps.map((wrap) => {
          const labelledBy = wrap.getAttribute('aria-labelledby');
          const name = labelledBy
            ? labelledBy
                .split(' ')
                .map((id) => document.getElementById(id)?.textContent ?? '')
                .join(' ')
            : (wrap.getAttribute('aria-label') ?? '');
          return { role: wrap.getAttribute('role'), tabindex: wrap.getAttribute('tabindex'), name: name.trim() };
        }),
      );
      for (const [index, region] of regions.entries()) {
        if (region.role !== 'region' || region.tabindex !== '0' || region.name === '') {
          unnamed.push(`${path} table ${index + 1}: ${JSON.stringify(region)}`);
        }
      }
      const axe = await new AxeBuilder({ page }).withRules(['scrollable-region-focusable']).analyze();
      expect(
        axe.violations.map((violation) => violation.id),
        path,
      ).toEqual([]);
    }
    expect(unnamed).toEqual([]);
    await page.context().close();
  });

  // Last: the facilities it adds would change the lists above.
  it('asks for a facility’s code instead of offering a select of every facility once they are too many', async () => {
    await withSqliteClient(session.databaseUrl, async (db) => {
      const department = await db.department.findUniqueOrThrow({ where: { code: 'MP-DOH' } });
      await db.facility.createMany({
        data: Array.from({ length: FACILITY_SELECT_LIMIT }, (_, index) => ({
          code: `MP-EXTRA-CLINIC-${index}`,
          name: `Extra Clinic ${index}`,
          kind: 'clinic' as const,
          sector: 'health' as const,
          province: 'mpumalanga' as const,
          district: 'Ehlanzeni District',
          localMunicipality: 'City of Mbombela',
          community: 'Nsikazi',
          departmentId: department.id,
        })),
      });
    });
    const page = await signedInPage(session.browser, session.app.url, DEMO_ACCOUNTS.admin);
    for (const list of ['/issues', '/commitments/overdue']) {
      await go(page, list);
      expect(await page.locator('select[name="facility"]').count(), list).toBe(0);
      expect(await page.getByLabel('Facility code').getAttribute('aria-describedby')).toBe('facility-hint');
      expect(await page.locator('#facility-hint').innerText()).toBe('As the facility list shows it');
      await page.getByLabel('Facility code').fill(FACILITY.toLowerCase());
      await Promise.all([page.waitForEvent('load'), page.click('form.filters button[type="submit"]')]);
      expect(new URL(page.url()).searchParams.get('facility')).toBe(FACILITY.toLowerCase());
      expect(await page.getByLabel('Facility code').inputValue()).toBe(FACILITY.toLowerCase());
      const facilities = await page.locator('tbody tr td:nth-child(2)').allInnerTexts();
      expect(facilities.length, list).toBeGreaterThan(0);
      for (const cell of facilities) expect(cell, list).toContain('Kabokweni Clinic');
    }
    // Recording an issue asks for the facility the same way.
    await go(page, '/issues/new');
    expect(await page.locator('select[name="facility"]').count()).toBe(0);
    await page.getByLabel('Facility code').fill('no-such-code');
    await Promise.all([page.waitForEvent('load'), page.getByRole('button', { name: 'Continue' }).click()]);
    expect(await page.locator('.error-summary').innerText()).toContain(
      'No open facility has the code no-such-code: check it on the facility list.',
    );
    expect(await page.getByLabel('Facility code').getAttribute('aria-invalid')).toBe('true');
    await page.getByLabel('Facility code').fill(FACILITY.toLowerCase());
    await Promise.all([page.waitForEvent('load'), page.getByRole('button', { name: 'Continue' }).click()]);
    expect(await page.locator('main').innerText()).toContain('Facility: Kabokweni Clinic');
    expect(await page.getByLabel('Title').count()).toBe(1);
    await page.context().close();
  });
});
