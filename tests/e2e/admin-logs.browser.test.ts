import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { AUDIT_ACTIONS } from '../../src/domain/audit/audit-actions.ts';
import { todayInSouthAfrica } from '../../src/lib/calendar-date.ts';
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
const WIDTHS = [1280, 390] as const;
// Each test signs in and reads several pages at two widths: slower than the default 30 s on a loaded machine.

describe.skipIf(skipReason !== null)(
  `the audit log, the outbox, the overdue list and the case deadlines in Chromium${skipReason ? ` (skipped: ${skipReason})` : ''}`,
  () => {
    const session = useAppInChromium(() => ({ DEMO_ACCOUNTS: 'true' }));

    /**
     * Posts the form whose button this is and waits for the page it leads to, as without scripts. On SQLite a
     * save waits up to 30 s for the worker's write (the first clustering run after the start, in a busy CI).
     */
    async function submit(page: Page, button: string) {
      await Promise.all([page.waitForEvent('load', { timeout: 45_000 }), page.click(button)]);
    }

    const overflowOf = (page: Page) =>
      page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);

    /** Makes a mail (an invitation), a job (a clustering run) and audit events about a user and a cluster run. */
    async function makeActivity() {
      const page = await signedInPage(session.browser, session.app.url, DEMO_ACCOUNTS.admin);
      await page.goto(`${session.app.url}/admin/users/new`);
      await page.fill('input[name="name"]', 'Nomsa Invited');
      await page.fill('input[name="email"]', 'nomsa.invited@example.org');
      await page.selectOption('select[name="role"]', 'analyst');
      await submit(page, 'form.form button[type="submit"]');
      // /clusters offers a run only once the first run after the start has finished (a few seconds, more under load).
      await expect
        .poll(
          async () => {
            await page.goto(`${session.app.url}/clusters`);
            return page.locator('form[aria-label="Run clustering"] button').count();
          },
          { timeout: 45_000, interval: 1_000 },
        )
        .toBe(1);
      await submit(page, 'form[aria-label="Run clustering"] button');
      await page.context().close();
    }

    it('words the audit log, links what it is about, and fits a wide screen and a phone', async () => {
      await makeActivity();
      for (const width of WIDTHS) {
        const page = await signedInPage(session.browser, session.app.url, DEMO_ACCOUNTS.admin);
        await page.setViewportSize({ width, height: 900 });
        const response = await page.goto(`${session.app.url}/admin/audit`);
        expect(response?.status()).toBe(200);
        const text = await page.locator('main').innerText();
        expect(text).toContain('Signed in');
        expect(text).toContain('Invited a person to an account');
        expect(text).not.toMatch(/\b[a-z]+_[a-z_]+\.[a-z_]+\b|sign_in|user\.invited|cluster_run|[{}"]/);
        expect(text).toContain('Role: DPME CBM analyst');
        expect(await overflowOf(page), `overflow at ${width}px`).toBeLessThanOrEqual(0);

        const links = await page
          .locator('ol.audit-events a')
          .evaluateAll((anchors) => [...new Set(anchors.map((anchor) => (anchor as HTMLAnchorElement).href))]);
        expect(links.some((href) => /\/admin\/users\/[0-9a-f-]+$/.test(href))).toBe(true);
        expect(links.some((href) => /\/clusters\/runs\/[0-9a-f-]+$/.test(href))).toBe(true);
        for (const href of links) expect((await page.request.get(href)).status(), href).toBe(200);

        // An account's page tells its recent history in the same words.
        await page.goto(links.find((href) => /\/admin\/users\/[0-9a-f-]+$/.test(href))!);
        const history = await page.locator('main').innerText();
        for (const code of AUDIT_ACTIONS) {
          expect(history).not.toContain(code);
          expect(history).not.toContain(code.replaceAll('_', ' '));
        }

        const inviteOnly = await page.goto(`${session.app.url}/admin/audit?action=user.invited`);
        expect(inviteOnly?.status()).toBe(200);
        expect(await page.locator('ol.audit-events > li').count()).toBe(1);
        expect(await textOf(page.locator('select[name="action"] option[selected]'))).toBe(
          'Invited a person to an account',
        );
        await page.context().close();
      }
    }, 120_000);

    it('keeps mails apart from internal jobs, in words', async () => {
      for (const width of WIDTHS) {
        const page = await signedInPage(session.browser, session.app.url, DEMO_ACCOUNTS.admin);
        await page.setViewportSize({ width, height: 900 });
        await page.goto(`${session.app.url}/admin/outbox`);
        const mails = await page.locator('main').innerText();
        expect(mails).toContain('nomsa.invited@example.org');
        expect(mails).not.toMatch(/Clustering the issues|cluster\.run|import\.run|pending|delivered/);
        expect(await overflowOf(page), `overflow at ${width}px`).toBeLessThanOrEqual(0);

        await page.click('nav[aria-label="Outbox sections"] >> text=Internal jobs');
        await page.waitForURL(/section=jobs/);
        const jobs = await page.locator('main').innerText();
        expect(jobs).toContain('Clustering the issues again');
        expect(jobs).not.toContain('nomsa.invited@example.org');
        expect(jobs).not.toMatch(/cluster\.run|cluster\.place/);
        const runLink = page.locator('article.message a[href^="/clusters/runs/"]').first();
        expect((await page.request.get(new URL((await runLink.getAttribute('href'))!, page.url()).href)).status()).toBe(
          200,
        );
        expect(await overflowOf(page), `overflow at ${width}px`).toBeLessThanOrEqual(0);
        await page.context().close();
      }
    }, 120_000);

    it('says by how many days a commitment is overdue', async () => {
      const page = await signedInPage(session.browser, session.app.url, DEMO_ACCOUNTS.admin);
      await page.goto(`${session.app.url}/commitments/overdue`);
      const rows = await page.locator('tbody tr').allInnerTexts();
      expect(rows.length).toBeGreaterThan(0);
      for (const row of rows) expect(row).toMatch(/\b\d+ days? overdue\b/);
      await page.context().close();
    });

    it('sets the case deadlines without scripts, naming each line it cannot take', async () => {
      const page = await signedInPage(session.browser, session.app.url, DEMO_ACCOUNTS.admin);
      await page.setViewportSize({ width: 390, height: 900 });
      await page.goto(session.app.url);
      await Promise.all([page.waitForURL(/\/admin\/deadlines$/), page.click('nav a[href="/admin/deadlines"]')]);
      const year = Number(todayInSouthAfrica(new Date()).slice(0, 4));
      const holidays = await page.locator(`section[aria-labelledby="holidays-${year}"] tbody tr`).allInnerTexts();
      expect(holidays.map((row) => row.replace(/\s+/g, ' ').trim())).toContainEqual(
        expect.stringMatching(/^(Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day, 27 April Freedom Day$/),
      );
      expect(await overflowOf(page), 'overflow at 390px').toBeLessThanOrEqual(0);

      await page.fill('input[name="acknowledgeWithin"]', '0');
      const lines = '2016-08-03 Local government elections\nElections on 2019-05-08\n2016-02-30 No such day';
      await page.fill('textarea[name="declaredHolidays"]', lines);
      const [refused] = await Promise.all([
        page.waitForResponse((response) => response.request().method() === 'POST'),
        submit(page, 'form.form button[type="submit"]'),
      ]);
      expect(refused.status()).toBe(400);
      expect(await textsOf(page.locator('.error-summary li'))).toEqual([
        'The days to acknowledge must be 1 or more',
        "Line 2: Start the line with the date, then the holiday's name, for example 2016-08-03 Local government elections",
        'Line 3: 2016-02-30 is not a date: write it as year-month-day, for example 2016-08-03',
      ]);
      expect(await page.inputValue('textarea[name="declaredHolidays"]')).toBe(lines);
      expect(await page.getAttribute('textarea[name="declaredHolidays"]', 'aria-invalid')).toBe('true');

      await page.fill('input[name="acknowledgeWithin"]', '5');
      await page.fill('textarea[name="declaredHolidays"]', '\n2016-08-03   Local government elections\n');
      await submit(page, 'form.form button[type="submit"]');
      expect(new URL(page.url()).search).toBe('?done=saved');
      expect(await textOf(page.locator('[role="status"]'))).toBe('The settings are saved.');
      expect(await page.inputValue('input[name="acknowledgeWithin"]')).toBe('5');
      expect(await page.inputValue('textarea[name="declaredHolidays"]')).toBe('2016-08-03 Local government elections');
      const changes = await page.locator('ol.audit-events').innerText();
      expect(changes).toContain('Changed the case deadlines or declared holidays');
      expect(changes).toContain('2016-08-03 Local government elections');
      expect(changes).not.toMatch(/case_deadlines|acknowledgeWithin|declaredHolidays|[{}"]/);
      expect(await overflowOf(page), 'overflow at 390px').toBeLessThanOrEqual(0);
      await page.context().close();
    }, 120_000);

    it('has no accessibility violations on either page, at either width', async () => {
      const page = await signedInPage(session.browser, session.app.url, DEMO_ACCOUNTS.admin, {
        javaScriptEnabled: true,
      });
      for (const width of WIDTHS) {
        await page.setViewportSize({ width, height: 900 });
        for (const path of [
          '/admin/audit',
          '/admin/outbox',
          '/admin/outbox?section=jobs',
          '/commitments/overdue',
          '/admin/deadlines',
        ]) {
          await page.goto(`${session.app.url}${path}`);
          expect(await accessibilityViolationsOf(page), `${path} at ${width}px`).toEqual([]);
        }
      }
      await page.context().close();
    }, 120_000);
  },
);
