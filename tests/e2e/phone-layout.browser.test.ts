import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { aCsvRow, csvOf } from '../fixtures/import-csv.ts';
import { browserSkipReason, DEMO_ACCOUNTS, signedInPage, textOf, useAppInChromium } from '../support/browser.ts';

const skipReason = browserSkipReason();
const PHONE = { width: 390, height: 844 };
const FACILITY = 'KIC-KABOKWENI-CLINIC';
const TOOLKIT_STEP_2 = '/knowledge/toolkit/step-2-dialogue-and-charters';

describe.skipIf(skipReason !== null)(`pages on a phone${skipReason ? ` (skipped: ${skipReason})` : ''}`, () => {
  const session = useAppInChromium(() => ({ DEMO_ACCOUNTS: 'true' }));

  async function adminOnPhone(): Promise<Page> {
    const page = await signedInPage(session.browser, session.app.url, DEMO_ACCOUNTS.admin);
    await page.setViewportSize(PHONE);
    return page;
  }

  /** The address of the first record the table on `path` links to under `prefix`. */
  async function firstRecordLink(page: Page, path: string, prefix: string): Promise<string> {
    await page.goto(`${session.app.url}${path}`);
    const href = await page.locator(`tbody a[href^="${prefix}"]`).first().getAttribute('href');
    if (!href) throw new Error(`No record link under ${prefix} on ${path}`);
    return href;
  }

  it('fits every form and the toolkit table into 390 px without JavaScript', async () => {
    const page = await adminOnPhone();
    const commitment = await firstRecordLink(page, '/commitments/overdue', '/commitments/');
    const user = await firstRecordLink(page, '/admin/users', '/admin/users/');
    const paths = [
      `/facilities/${FACILITY}/commitments/new`,
      `${commitment}/edit`,
      '/taxonomy/new',
      '/admin/facilities/new',
      '/admin/users/new',
      user,
      '/issues/new',
      '/issues/import',
      TOOLKIT_STEP_2,
    ];
    const tooWide: string[] = [];
    for (const path of paths) {
      const response = await page.goto(`${session.app.url}${path}`);
      expect(response?.status(), path).toBe(200);
      const width = await page.evaluate(() => document.documentElement.scrollWidth);
      if (width > PHONE.width) tooWide.push(`${path}: ${width} px`);
    }
    expect(tooWide).toEqual([]);
    await page.context().close();
  });

  it('scrolls a knowledge page’s wide table inside a named region a keyboard reaches', async () => {
    const page = await adminOnPhone();
    await page.goto(`${session.app.url}${TOOLKIT_STEP_2}`);
    const region = page.locator('.prose .table-wrap[role="region"][tabindex="0"]').first();
    await expect(region.getAttribute('aria-label')).resolves.toBeTruthy();
    expect(await region.locator('table').count()).toBe(1);
    await page.context().close();
  });

  it('writes text and the values beside it apart', async () => {
    const page = await adminOnPhone();
    const issue = await firstRecordLink(page, '/issues?province=mpumalanga', '/issues/');
    await page.goto(`${session.app.url}${issue}`);
    const lead = await textOf(page.locator('.lead'));
    expect(lead).toMatch(/ · Mpumalanga · \S/);
    expect(lead).not.toMatch(/·\S|\S·/);

    const commitment = await firstRecordLink(page, '/commitments/overdue', '/commitments/');
    await page.goto(`${session.app.url}${commitment}`);
    const status = page.locator('dt:text-is("Status") + dd');
    expect((await status.textContent())?.trim()).toMatch(/^\S.* overdue$/);

    await page.goto(`${session.app.url}/issues/import`);
    await expect(textOf(page.locator('#mapping-hint'))).resolves.toContain('KoboToolbox or ODK Central');
    await page.setInputFiles('input[name="file"]', {
      name: 'bad.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from(csvOf([aCsvRow(1, { facility_code: 'NOPE-9' })])),
    });
    await Promise.all([page.waitForURL(/\/issues\/imports\/[^/]+$/), page.click('form.form button[type="submit"]')]);
    await expect(textOf(page.locator('table.problems caption'))).resolves.toMatch(
      /^\s*Problems to fix in the file \(1\)\s*$/,
    );
    await page.context().close();
  });

  it('puts the escalation rule’s tick box before its label, on one line', async () => {
    const page = await adminOnPhone();
    await page.goto(`${session.app.url}/clusters/rule`);
    const label = page.locator('label:has(input[name="nationalRootCauseSuffices"])');
    const layout = await label.evaluate((element) => {
      const box = element.querySelector('input')?.getBoundingClientRect();
      const range = document.createRange();
      range.selectNodeContents(element);
      range.setStartAfter(element.querySelector('input') as Element);
      const firstLine = range.getClientRects()[0];
      return { box, firstLine };
    });
    expect(layout.firstLine?.left).toBeGreaterThanOrEqual(layout.box?.right ?? Infinity);
    expect(layout.firstLine?.top).toBeLessThan(layout.box?.bottom ?? -Infinity);
    await page.context().close();
  });

  it('writes descriptions in the body font', async () => {
    const page = await adminOnPhone();
    await page.goto(`${session.app.url}/facilities/${FACILITY}/commitments/new`);
    const fonts = await page.evaluate(() => ({
      textarea: getComputedStyle(document.querySelector('textarea') as Element).fontFamily,
      body: getComputedStyle(document.body).fontFamily,
    }));
    expect(fonts.textarea).toBe(fonts.body);
    await page.context().close();
  });

  it('lists only the kinds of facility there are on the home page', async () => {
    const page = await session.browser.newPage({ javaScriptEnabled: false, viewport: PHONE });
    await page.goto(session.app.url);
    const counts = await page.locator('#by-kind + .table-wrap tbody td').allTextContents();
    expect(counts.length).toBeGreaterThan(0);
    expect(counts.map((count) => count.trim())).not.toContain('0');
    await page.close();
  });

  it('says a page past the end of the facility list is not there, and links to the last page', async () => {
    const page = await session.browser.newPage({ javaScriptEnabled: false, viewport: PHONE });
    await page.goto(`${session.app.url}/facilities?page=99`);
    const state = page.locator('.empty-state');
    await expect(state.textContent()).resolves.toContain('There is no page 99');
    expect(await state.textContent()).not.toContain('No facilities have been recorded');
    await Promise.all([page.waitForURL(/page=3$/), state.locator('a').click()]);
    expect(await page.locator('tbody tr').count()).toBeGreaterThan(0);
    await page.close();
  });

  describe('the header of a prerendered knowledge page', () => {
    const headerOf = (page: Page) => page.locator('header.site-header');
    const openKnowledge = async (page: Page) => {
      await page.goto(`${session.app.url}${TOOLKIT_STEP_2}`);
      return headerOf(page);
    };

    it('is still the prerendered page, the same for everyone', async () => {
      const built = readFileSync(new URL(`../../dist/client${TOOLKIT_STEP_2}/index.html`, import.meta.url), 'utf8');
      const page = await signedInPage(session.browser, session.app.url, DEMO_ACCOUNTS.admin);
      const served = await page.request.get(`${session.app.url}${TOOLKIT_STEP_2}`);
      expect(await served.text()).toBe(built);
      await page.context().close();
    });

    it('offers an anonymous visitor the public menu and a way to the staff pages, with or without scripts', async () => {
      for (const javaScriptEnabled of [false, true]) {
        const page = await session.browser.newPage({ javaScriptEnabled });
        const header = await openKnowledge(page);
        if (javaScriptEnabled) {
          await expect
            .poll(() => header.innerHTML(), { timeout: 5_000 })
            .toMatch(/<div class="session">\s*<a href="\/login">Sign in<\/a>\s*<\/div>/);
        } else await expect(header.locator('a[href="/login"]').textContent()).resolves.toContain('Staff pages');
        const text = (await header.textContent()) ?? '';
        expect(text, `scripts ${javaScriptEnabled}`).not.toMatch(/Your account|Sign out/);
        expect(await header.locator('a[href="/admin/users"]').count()).toBe(0);
        await page.close();
      }
    });

    it('shows signed-in staff their own menu with scripts, and the way to the staff pages without', async () => {
      const withScripts = await signedInPage(session.browser, session.app.url, DEMO_ACCOUNTS.admin, {
        javaScriptEnabled: true,
      });
      const header = await openKnowledge(withScripts);
      await expect.poll(() => header.locator('a[href="/admin/users"]').count()).toBe(1);
      await expect(header.locator('button:text("Sign out")').count()).resolves.toBe(1);
      await expect(header.locator('a[aria-current="page"]').textContent()).resolves.toContain('Knowledge base');
      await withScripts.context().close();

      const withoutScripts = await signedInPage(session.browser, session.app.url, DEMO_ACCOUNTS.admin);
      const plainHeader = await openKnowledge(withoutScripts);
      await expect(plainHeader.locator('a[href="/login"]').textContent()).resolves.toContain('Staff pages');
      expect(await plainHeader.locator('button:text("Sign out")').count()).toBe(0);
      await Promise.all([
        withoutScripts.waitForURL(`${session.app.url}/`),
        plainHeader.locator('a[href="/login"]').click(),
      ]);
      expect(await headerOf(withoutScripts).locator('a[href="/admin/users"]').count()).toBe(1);
      await withoutScripts.context().close();
    });
  });
});
