import AxeBuilder from '@axe-core/playwright';
import type { BrowserContext, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { browserSkipReason, fillDate, textOf, useAppInChromium } from '../support/browser.ts';

const skipReason = browserSkipReason();

const DEMO_PASSWORDS = {
  admin: 'demo-admin-password',
  analyst: 'demo-analyst-password',
  facilitator: 'demo-facilitator-password',
} as const;
type DemoRole = keyof typeof DEMO_PASSWORDS | 'public';
const PHONE = { width: 390, height: 844 };

describe.skipIf(skipReason !== null)(
  `facilities, rounds and charters in Chromium${skipReason ? ` (skipped: ${skipReason})` : ''}`,
  () => {
    const session = useAppInChromium(() => ({ DEMO_ACCOUNTS: 'true' }));

    /** A browser context signed in as a demo account, with or without JavaScript. */
    async function contextFor(role: DemoRole, { javaScriptEnabled = false } = {}): Promise<BrowserContext> {
      const context = await session.browser.newContext({ javaScriptEnabled });
      context.setDefaultTimeout(10_000);
      if (role === 'public') return context;
      const page = await context.newPage();
      await page.goto(`${session.app.url}/login`);
      await page.fill('input[name="email"]', `${role}@demo.cbm-tracker.invalid`);
      await page.fill('input[name="password"]', DEMO_PASSWORDS[role]);
      await Promise.all([page.waitForURL((url) => !url.pathname.startsWith('/login')), page.click('form.form button')]);
      await page.close();
      return context;
    }

    async function open(context: BrowserContext, path: string): Promise<Page> {
      const page = await context.newPage();
      await page.goto(`${session.app.url}${path}`);
      return page;
    }

    /** Posts the form that holds `button` and waits for the answer, as a browser without scripts does. */
    async function submit(page: Page, button = 'form.form button[type="submit"]') {
      await Promise.all([page.waitForEvent('load'), page.click(button)]);
    }

    /** axe runs as a script, so it checks the page in a context with JavaScript allowed. */
    async function expectNoAccessibilityViolations(role: DemoRole, paths: readonly string[], { phone = false } = {}) {
      const context = await contextFor(role, { javaScriptEnabled: true });
      for (const path of paths) {
        const page = await open(context, path);
        if (phone) await page.setViewportSize(PHONE);
        expect(await violationsOf(page), path).toEqual([]);
        await page.close();
      }
      await context.close();
    }

    async function violationsOf(page: Page) {
      const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
      return results.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
    }

    it('shows the public a facility’s facts, counts, rounds and charter, but no issue text', async () => {
      const context = await contextFor('public');
      const list = await open(context, '/facilities?province=mpumalanga&district=ehlanzeni');
      const names = await list.locator('tbody tr td:first-child a').allTextContents();
      expect(names).toContain('Kabokweni Clinic');
      expect(
        await list
          .locator('datalist#district-suggestions option')
          .evaluateAll((options) => options.map((o) => o.getAttribute('value'))),
      ).toContain('Ehlanzeni District');
      await Promise.all([
        list.waitForURL(/\/facilities\/KIC-KABOKWENI-CLINIC$/),
        list.click('a:text("Kabokweni Clinic")'),
      ]);

      const text = await list.locator('main').innerText();
      expect(text).toContain('Mpumalanga Department of Health');
      expect(text).toContain('Step 3 of 3: Commitments monitored, problems escalated');
      expect(await textOf(list.locator('.steps li[aria-current="step"]'))).toMatch(/under way/);
      expect(await list.locator('#issues-by-status + .table-wrap tbody tr').count()).toBe(5);
      // The seed holds these issues at the clinic; only staff may read them, even where a commitment answers one.
      expect(text).not.toContain('Clinic often out of chronic medicines');
      expect(text).not.toContain('Chronic medication runs out before the next depot delivery');

      // The charter as a person reads it on a phone, without scripts: what, who, by when, status and progress.
      await list.setViewportSize(PHONE);
      const charter = list.locator('section[aria-labelledby="charter"]');
      expect(await charter.innerText()).toMatch(/4 commitments, 2 of them overdue/);
      expect(await charter.locator('h3').allTextContents()).toEqual([
        'Commitment 1',
        'Commitment 2',
        'Commitment 3',
        'Commitment 4',
      ]);
      const third = await charter.locator('article', { hasText: 'Commitment 3' }).innerText();
      expect(third).toContain('Sub-district pharmacist to arrange redistribution between Nsikazi clinics');
      expect(third).toMatch(/Responsible\s+Sub-district pharmacist/);
      expect(third).toMatch(/Due\s+25 July 2016/);
      expect(third).toMatch(/Status\s+In progress overdue by \d+ days/);
      expect(third).toMatch(/Answers\s+a local issue raised at this facility/);
      expect(third).toMatch(/Progress\s+20 July 2016: Redistribution done twice; no formal system yet\./);
      // No way into the staff pages of the commitments or their issues.
      expect(await charter.locator('a').count()).toBe(0);
      const overflow = await list.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      expect(overflow, 'sideways scrolling at 390 px').toBeLessThanOrEqual(0);

      await list.setViewportSize({ width: 360, height: 740 });
      const narrowOverflow = await list.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      expect(narrowOverflow, 'sideways scrolling on a small phone').toBeLessThanOrEqual(0);

      const missing = await context.request.get(`${session.app.url}/facilities/NO-SUCH-FACILITY`);
      expect(missing.status()).toBe(404);
      await context.close();
      await expectNoAccessibilityViolations('public', ['/facilities/KIC-KABOKWENI-CLINIC'], { phone: true });
      await expectNoAccessibilityViolations('public', [
        '/facilities/KIC-KABOKWENI-CLINIC',
        '/facilities?district=vhembe',
      ]);
    });

    it('lets a facilitator record and move on a round, keep the charter and follow overdue commitments', async () => {
      const context = await contextFor('facilitator');
      const own = await open(context, '/facilities/KIC-KABOKWENI-CLINIC');
      // The public does not see this issue's text (test above); the clinic's facilitator does, linked to it.
      expect(await own.locator('section[aria-labelledby="issues"] tbody a').allTextContents()).toContain(
        'Clinic often out of chronic medicines',
      );
      await own.close();
      const page = await open(context, '/facilities/KIC-MSOGWABA-CLINIC');
      await Promise.all([page.waitForURL(/rounds\/new$/), page.click('a:text("Record a round")')]);

      // Wave 1 exists; a negative count is refused beside its field, and nothing is saved.
      await page.fill('input[name="wave"]', '1');
      await page.fill('input[name="citizensInterviewed"]', '-3');
      await fillDate(page, 'startedOn', '2 2 2026');
      await submit(page);
      expect(await textOf(page.locator('#citizensInterviewed-error'))).toBe(
        'Error: Enter the number of citizens interviewed as 0 or more',
      );
      expect(await page.locator('input[name="citizensInterviewed"]').getAttribute('aria-invalid')).toBe('true');
      await page.fill('input[name="citizensInterviewed"]', '1 250');
      await submit(page);
      expect(await textOf(page.locator('#wave-error'))).toBe(
        'Error: Enter another wave: this facility already has wave 1 of the Kabokweni Ideal Clinic',
      );
      await page.fill('input[name="wave"]', '2');
      await submit(page);
      expect(page.url()).toMatch(/\/facilities\/KIC-MSOGWABA-CLINIC\?done=round-created/);
      const wave2 = page.locator('article.round', { hasText: 'wave 2' });
      expect(await textOf(wave2.locator('.steps-summary'))).toBe(
        'Step 1 of 3: Feedback gathered from citizens and staff',
      );
      expect(await wave2.innerText()).toMatch(/Citizens interviewed\s+1\s250/);

      await Promise.all([page.waitForURL(/\/rounds\//), wave2.locator('a:text("Edit wave 2")').click()]);
      await page.selectOption('select[name="currentStep"]', 'monitor_and_escalate');
      await submit(page);
      expect(await textOf(page.locator('#currentStep-error'))).toMatch(/one at a time/);
      await page.selectOption('select[name="currentStep"]', 'dialogue_and_charter');
      await submit(page);
      expect(await textOf(page.locator('article.round', { hasText: 'wave 2' }).locator('.steps-summary'))).toBe(
        'Step 2 of 3: Dialogue, root-cause analysis and charter',
      );

      await Promise.all([page.waitForURL(/commitments\/new$/), page.click('a:text("Add a commitment")')]);
      await submit(page);
      expect(await page.locator('.error-summary').innerText()).toContain('Enter what was promised');
      await page.fill('textarea[name="commitment"]', 'Clinic committee meets monthly and posts its minutes');
      await page.fill('input[name="responsibleParty"]', 'Clinic committee chairperson');
      await fillDate(page, 'dueOn', '31 1 2020');
      await submit(page);
      await page.check('input[name="isPastDueConfirmed"]');
      await submit(page);
      const row = page.locator('section[aria-labelledby="charter"] tbody tr', {
        hasText: 'Clinic committee meets monthly',
      });
      expect(await row.first().innerText()).toMatch(/Not started\s*overdue/);

      await Promise.all([page.waitForURL(/\/commitments\/[^/]+$/), row.first().locator('a').first().click()]);
      await page.fill('textarea[name="note"]', 'The committee met; minutes are with Mr Jabu Khumalo on 082 555 1234.');
      await page.selectOption('select[name="status"]', 'in_progress');
      await submit(page);
      expect(await textOf(page.locator('.success'))).toBe('The progress update is recorded.');
      expect(await page.locator('dl.facts').innerText()).toMatch(/In progress\s*overdue/);
      expect(await page.locator('main').innerText()).toMatch(
        /Reported progress on the commitment and moved it from Not started to In progress[\s\S]*On: \d+ \w+ \d{4}/,
      );

      const overdue = await open(context, '/commitments/overdue?province=mpumalanga');
      const overdueText = await overdue.locator('tbody').innerText();
      expect(overdueText).toContain('Clinic committee meets monthly');
      expect(overdueText).not.toContain('Diepsloot');
      expect(await textOf(overdue.locator('nav[aria-label="Main"] a[aria-current="page"]'))).toBe(
        'Overdue commitments',
      );
      const dues = await overdue.locator('tbody tr td:nth-child(4)').allTextContents();
      const asDates = dues.map((due) => Date.parse(due));
      expect(asDates).toEqual([...asDates].sort((a, b) => a - b));
      await context.close();

      // The public reads the new commitment at once; the note naming a person waits for an analyst's review.
      const anonymous = await contextFor('public');
      const publicPage = await open(anonymous, '/facilities/KIC-MSOGWABA-CLINIC');
      const promise = publicPage.locator('section[aria-labelledby="charter"] article', {
        hasText: 'Clinic committee meets monthly',
      });
      expect(await promise.innerText()).toMatch(/Progress\s+.*: Not published yet: an analyst is checking this text/);
      expect(await publicPage.locator('main').innerText()).not.toMatch(/Khumalo|082 555 1234/);
      const analyst = await contextFor('analyst');
      const queue = await open(analyst, '/public-texts');
      const waiting = queue.locator('ol.page-list > li', { hasText: 'Khumalo' });
      expect(await waiting.innerText()).toMatch(
        /In Msogwaba Clinic charter, commitment \d+: progress of \d+ \w+ \d{4}/,
      );
      await Promise.all([queue.waitForEvent('load'), waiting.locator('button[value="redact"]').click()]);
      expect(await textOf(queue.locator('.success'))).toBe('The text is published with its personal data removed.');
      await analyst.close();
      await publicPage.reload();
      expect(await promise.innerText()).toContain(
        'The committee met; minutes are with Mr [name removed] on [phone number removed].',
      );
      expect(await publicPage.locator('main').innerText()).not.toMatch(/Khumalo|082 555 1234/);
      await anonymous.close();
    });

    // Apart from the flows above, which each take tens of seconds on 2 busy cores.
    it('has no accessibility violations on a facilitator’s round, charter and commitment pages', async () => {
      const context = await contextFor('facilitator');
      const facility = await open(context, '/facilities/KIC-KABOKWENI-CLINIC');
      const commitment = await facility
        .locator('section[aria-labelledby="charter"] a[href^="/commitments/"]')
        .first()
        .getAttribute('href');
      await context.close();
      expect(commitment).toMatch(/^\/commitments\/[^/]+$/);
      await expectNoAccessibilityViolations('facilitator', [
        '/facilities/KIC-KABOKWENI-CLINIC',
        '/facilities/KIC-KABOKWENI-CLINIC/rounds/new',
        '/facilities/KIC-KABOKWENI-CLINIC/commitments/new',
        commitment!,
        '/commitments/overdue',
      ]);
    });

    it('lets an administrator add a department and a facility, refuses a stale edit, and archives', async () => {
      const context = await contextFor('admin');
      const departments = await open(context, '/admin/departments/new');
      await departments.fill('input[name="code"]', 'lp-dpw');
      await departments.fill('input[name="name"]', 'Limpopo Department of Public Works');
      await departments.selectOption('select[name="sphere"]', 'provincial');
      await departments.selectOption('select[name="sector"]', 'public_works');
      await submit(departments);
      expect(await textOf(departments.locator('#province-error'))).toBe(
        'Error: Choose the province of this provincial department',
      );
      await departments.selectOption('select[name="province"]', 'limpopo');
      await submit(departments);
      expect(departments.url()).toMatch(/\/admin\/departments\?done=created$/);
      expect(await departments.locator('tbody').innerText()).toContain('LP-DPW');

      const form = await open(context, '/admin/facilities/new');
      const fill = async (values: Record<string, string>) => {
        for (const [name, value] of Object.entries(values)) await form.fill(`[name="${name}"]`, value);
      };
      await fill({
        code: 'kic-kabokweni-clinic',
        name: 'Nsikazi Satellite Clinic',
        district: 'Ehlanzeni District',
        localMunicipality: 'City of Mbombela',
        community: 'Nsikazi',
        latitude: '25,35',
        longitude: '31,1',
      });
      await form.selectOption('select[name="province"]', 'mpumalanga');
      await form.selectOption('select[name="departmentId"]', { label: 'South African Police Service (national)' });
      await submit(form);
      const summary = await form.locator('.errors').innerText();
      expect(summary).toContain('KIC-KABOKWENI-CLINIC is already the code of Kabokweni Clinic');
      expect(await textOf(form.locator('#departmentId-error'))).toBe(
        'Error: Choose a department that works in Health: South African Police Service works in Policing',
      );
      expect(await violationsOfCopy(form)).toEqual([]);
      await fill({ code: 'MP-NSIKAZI-SATELLITE', latitude: '-25,35' });
      await form.selectOption('select[name="departmentId"]', { label: 'Mpumalanga Department of Health (Mpumalanga)' });
      await submit(form);
      expect(form.url()).toMatch(/\/facilities\/MP-NSIKAZI-SATELLITE\?done=created$/);
      expect(await form.locator('dl.facts').innerText()).toContain('-25.35, 31.1');

      // Two tabs on one copy: the second save is refused and says who changed what.
      const first = await open(context, '/facilities/MP-NSIKAZI-SATELLITE/edit');
      const second = await open(context, '/facilities/MP-NSIKAZI-SATELLITE/edit');
      await first.fill('input[name="name"]', 'Nsikazi Satellite Clinic (mobile)');
      await submit(first);
      await second.fill('input[name="community"]', 'Nsikazi North');
      const [answer] = await Promise.all([
        second.waitForResponse((response) => response.request().method() === 'POST'),
        second.click('form.form button[type="submit"]'),
      ]);
      expect(answer.status()).toBe(409);
      expect(await second.locator('.errors').innerText()).toMatch(
        /Someone saved this facility after you opened it.*Demo Administrator \(Administrator\) changed the name/s,
      );

      const archive = await open(context, '/facilities/MP-NSIKAZI-SATELLITE/edit');
      await archive.fill('input[name="reason"]', 'Added by mistake');
      await submit(archive, 'button[value="archive"]');
      expect(await archive.locator('.notice').innerText()).toContain('This facility is archived');
      const publicView = await session.browser.newContext();
      const gone = await publicView.request.get(`${session.app.url}/facilities/MP-NSIKAZI-SATELLITE`);
      expect(gone.status()).toBe(404);
      await publicView.close();
      await context.close();
    });

    it('has no accessibility violations on the administrator’s department and facility pages', async () => {
      await expectNoAccessibilityViolations('admin', [
        '/admin/departments',
        '/admin/departments/MP-DOH',
        '/admin/facilities/new',
        '/facilities/KIC-KABOKWENI-CLINIC/edit',
        '/facilities/KIC-KABOKWENI-CLINIC',
      ]);
    });

    /** axe on a copy of the page as it is now (a refused form, say), reopened with scripts allowed. */
    async function violationsOfCopy(page: Page) {
      const html = await page.content();
      const context = await session.browser.newContext({ javaScriptEnabled: true });
      const copy = await context.newPage();
      await copy.route(page.url(), (route) => route.fulfill({ contentType: 'text/html', body: html }));
      await copy.goto(page.url());
      const violations = await violationsOf(copy);
      await context.close();
      return violations;
    }
  },
);
