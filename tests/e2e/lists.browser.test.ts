import AxeBuilder from '@axe-core/playwright';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { browserSkipReason, DEMO_ACCOUNTS, signedInPage, useAppInChromium } from '../support/browser.ts';

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
          return page.locator('table.clusters tbody tr').count();
        },
        { timeout: 60_000 },
      )
      .toBeGreaterThan(0);
    const filled: string[] = [];
    for (const path of PAGED_LISTS) {
      await go(page, path);
      const counted = /page 1 of (\d+)/.exec(
        (await page
          .locator('.pagination')
          .first()
          .textContent()
          .catch(() => '')) ?? '',
      );
      if (!counted) continue;
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
});
