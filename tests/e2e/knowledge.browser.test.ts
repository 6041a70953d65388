import AxeBuilder from '@axe-core/playwright';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import facts from '../../content/facts.json' with { type: 'json' };
import { browserSkipReason, textOf, textsOf, useAppInChromium } from '../support/browser.ts';

const skipReason = browserSkipReason();

describe.skipIf(skipReason !== null)(
  `the knowledge base in Chromium${skipReason ? ` (skipped: ${skipReason})` : ''}`,
  () => {
    const session = useAppInChromium(() => ({ DEMO_ACCOUNTS: 'true' }));

    async function open(path: string, { javaScript = true } = {}): Promise<{ page: Page; violations: string[] }> {
      const context = await session.browser.newContext({ javaScriptEnabled: javaScript });
      const page = await context.newPage();
      page.setDefaultTimeout(10_000);
      const violations: string[] = [];
      page.on('console', (message) => {
        if (/Content Security Policy/i.test(message.text())) violations.push(message.text());
      });
      await page.goto(`${session.app.url}${path}`);
      return { page, violations };
    }

    /** axe runs as a script, so it checks the page again in a context with scripts allowed. */
    async function expectAccessible(path: string) {
      const { page } = await open(path);
      const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
      await page.context().close();
      expect(results.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual(
        [],
      );
    }

    it('serves a prerendered toolkit page with breadcrumbs, headings, facts, previous and next', async () => {
      const { page, violations } = await open('/knowledge/toolkit/step-2-dialogue-and-charters');
      await expect(textOf(page.locator('h1'))).resolves.toBe(
        'Step 2: community dialogue, root causes and commitment charters',
      );
      expect(await textsOf(page.locator('nav[aria-label="Breadcrumbs"] li'))).toEqual([
        'Knowledge base',
        'Toolkit',
        'Step 2: community dialogue, root causes and commitment charters',
      ]);
      expect(await page.locator('.on-this-page li').count()).toBeGreaterThan(3);
      await expect(page.locator('a[rel="prev"]').getAttribute('href')).resolves.toBe(
        '/knowledge/toolkit/step-1-gathering-feedback',
      );
      await expect(page.locator('a[rel="next"]').getAttribute('href')).resolves.toBe(
        '/knowledge/toolkit/step-3-monitoring-and-escalation',
      );
      expect(violations).toEqual([]);
      await page.context().close();
      await expectAccessible('/knowledge/toolkit/step-2-dialogue-and-charters');
    });

    it('prints a guide without the navigation around it', async () => {
      const { page } = await open('/knowledge/guides/cbm-for-health', { javaScript: false });
      await page.emulateMedia({ media: 'print' });
      for (const selector of ['nav[aria-label="Main"]', '.on-this-page', '.breadcrumbs']) {
        await expect(page.locator(selector).isVisible(), selector).resolves.toBe(false);
      }
      await expect(page.locator('.prose').isVisible()).resolves.toBe(true);
      await page.context().close();
    });

    it('renders the report’s figures from the facts file', async () => {
      const { page } = await open('/knowledge/case-studies/national-pilot', { javaScript: false });
      const text = (await page.locator('.prose').textContent())!.replace(/\s/g, ' ');
      expect(text).toContain(String(facts.pilotCitizensInterviewed).replace(/\B(?=(\d{3})+(?!\d))/g, ' '));
      await page.context().close();
    });

    it('shows the public cases that share the page’s topics, through the server island or a plain link', async () => {
      const withScripts = await open('/knowledge/guides/cbm-for-policing');
      await expect(textOf(withScripts.page.locator('.related-cases li').first())).resolves.toMatch(/SC-\d{4}-\d{4}/);
      const cases = await withScripts.page.locator('.related-cases li').allTextContents();
      expect(cases.join()).not.toMatch(/arrest targets/i); // the internal cases (pilot and demo) stay internal
      expect(withScripts.violations).toEqual([]);
      await withScripts.page.context().close();

      const withoutScripts = await open('/knowledge/guides/cbm-for-policing', { javaScript: false });
      await withoutScripts.page.click('a:text("See the public systemic cases on these topics")');
      await withoutScripts.page.waitForLoadState('load');
      await expect(textOf(withoutScripts.page.locator('.related-cases li').first())).resolves.toMatch(/SC-\d{4}-\d{4}/);
      await withoutScripts.page.context().close();
    });

    it('searches without JavaScript: titles as links, best first, the match highlighted', async () => {
      const { page } = await open('/search?q=kabokwene', { javaScript: false });
      const links = page.locator('#search-results li > a');
      expect(await links.count()).toBeGreaterThan(0);
      await expect(textOf(links.first())).resolves.toBe('Kabokweni clinics on the road to Ideal Clinic status');
      await expect(textOf(page.locator('#search-results mark').first())).resolves.toMatch(/^Kabokweni$/i);
      await page.context().close();
      await expectAccessible('/search?q=kabokwene');
    });

    it('answers as you type when JavaScript is on', async () => {
      const { page, violations } = await open('/search');
      await page.locator('input[name="q"]').pressSequentially('househo', { delay: 30 });
      // The address follows the last answer. An earlier prefix ("hous") finds the same page first, so the poll
      // waits for the address of the whole word, not just for the result. This is a guard against a search that
      // never answers, not a speed target: a loaded CI machine took over 5 s.
      await expect.poll(() => page.url(), { timeout: 15_000 }).toBe(`${session.app.url}/search?q=househo`);
      await expect
        .poll(() => page.locator('#search-results li > a').first().textContent(), { timeout: 15_000 })
        .toBe("Running a household survey for a municipality's IDP");
      expect(violations).toEqual([]);
      await page.context().close();
    });

    it('keeps partner guidance from the public and shows it to a signed-in partner', async () => {
      const anonymous = await open('/knowledge/partners/guides/working-with-departments-on-escalation', {
        javaScript: false,
      });
      expect(anonymous.page.url()).toMatch(/\/login\?next=/);
      const search = await open('/search?q=escalated+cases+deadlines', { javaScript: false });
      expect(await search.page.locator('#search-results').textContent()).not.toContain(
        'Working with departments on escalated',
      );
      await anonymous.page.fill('input[name="email"]', 'partner@demo.cbm-tracker.invalid');
      await anonymous.page.fill('input[name="password"]', 'demo-partner-password');
      await anonymous.page.click('form.form button[type="submit"]');
      await anonymous.page.waitForLoadState('load');
      await expect(textOf(anonymous.page.locator('h1'))).resolves.toBe(
        'Working with departments on escalated systemic cases',
      );
      await anonymous.page.goto(`${session.app.url}/search?q=escalated+cases+deadlines`);
      await expect(anonymous.page.locator('#search-results').textContent()).resolves.toContain(
        'Working with departments on escalated',
      );
      await anonymous.page.context().close();
      await search.page.context().close();
    });

    it('browses by step, service and topic', async () => {
      const { page } = await open('/knowledge', { javaScript: false });
      for (const [link, heading] of [
        ['Step 1: gather feedback from citizens and staff', 'Step 1: gather feedback from citizens and staff'],
        ['Policing', 'Policing'],
      ]) {
        await page.goto(`${session.app.url}/knowledge`);
        await page.click(`a:text-is("${link}")`);
        await page.waitForLoadState('load');
        await expect(textOf(page.locator('h1'))).resolves.toBe(heading);
        expect(await page.locator('.page-list li').count()).toBeGreaterThan(0);
      }
      await page.goto(`${session.app.url}/knowledge/tag/stock-out`);
      expect(await page.locator('.page-list li').count()).toBeGreaterThan(0);
      await page.context().close();
    });
  },
);
