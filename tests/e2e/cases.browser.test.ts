import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import {
  accessibilityViolationsOf,
  browserSkipReason,
  DEMO_ACCOUNTS,
  fillDate,
  signedInPage,
  textOf,
  useAppInChromium,
} from '../support/browser.ts';

const skipReason = browserSkipReason();
const SAPS_OFFICIAL = { email: 'saps@demo.cbm-tracker.invalid', password: 'demo-saps-password' };
const PHONE = { width: 390, height: 844 };

/** Posts the form that holds `button`, as a browser without scripts does, and waits for the answer. */
async function submit(page: Page, button: string) {
  await Promise.all([page.waitForEvent('load'), page.click(button)]);
}

async function expectToFitAPhone(page: Page) {
  await page.setViewportSize(PHONE);
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow, `${page.url()} is wider than a phone`).toBeLessThanOrEqual(0);
}

describe.skipIf(skipReason !== null)(
  `a systemic case from a cluster to its resolution, in Chromium${skipReason ? ` (skipped: ${skipReason})` : ''}`,
  () => {
    const session = useAppInChromium(() => ({ DEMO_ACCOUNTS: 'true' }));

    it('lets an analyst escalate a cluster and the department acknowledge, accept, plan, act and resolve, without JavaScript', async () => {
      const analyst = await signedInPage(session.browser, session.app.url, DEMO_ACCOUNTS.analyst);
      // Links to clusters, not to the clustering runs listed on the same page.
      const clusterLinks = () => analyst.locator('tbody a[href^="/clusters/"]:not([href^="/clusters/runs"])');
      // The first clustering run after the start takes a few seconds.
      await expect
        .poll(
          async () => {
            await analyst.goto(`${session.app.url}/clusters?view=problems`);
            return clusterLinks().count();
          },
          { timeout: 45_000, interval: 1_000 },
        )
        .toBeGreaterThan(0);
      await Promise.all([analyst.waitForURL(/\/clusters\/[^/]+$/), clusterLinks().first().click()]);
      await Promise.all([
        analyst.waitForURL(/\/cases\/new\?cluster=/),
        analyst.click('a:text("Escalate as a systemic case")'),
      ]);
      expect(await textOf(analyst.locator('h1'))).toBe('Open a systemic case');
      await expectToFitAPhone(analyst);
      // A department nobody in the tracker works for says so in the choice itself, before anything is sent.
      const owners = (await analyst.locator('#owningDepartmentId option').allTextContents()).map((text) => text.trim());
      expect(owners).toContain('South African Police Service');
      expect(owners.filter((owner) => owner.endsWith(' (no active official)')).length).toBeGreaterThan(0);
      const title = `Browser test case ${Date.now()}`;
      await analyst.fill('#title', title);
      await analyst.selectOption('#owningDepartmentId', { label: 'South African Police Service' });
      await submit(analyst, 'button[name="escalate"][value="yes"]');
      expect(analyst.url()).toMatch(/\/cases\/SC-\d{4}-\d{4}\?done=escalate$/);
      const casePath = new URL(analyst.url()).pathname;
      expect(await textOf(analyst.locator('.lead .badge'))).toBe('Escalated');
      // Each escalated issue's page leads back to its case.
      const reference = casePath.slice('/cases/'.length);
      await Promise.all([analyst.waitForURL(/\/issues\/[^/]+$/), analyst.click('main a[href^="/issues/"]')]);
      expect(await textOf(analyst.locator('main'))).toMatch(
        new RegExp(
          `This issue is part of the systemic cases? (SC-\\d{4}-\\d{4}, )*${reference}(, SC-\\d{4}-\\d{4})*; its status`,
        ),
      );
      await analyst.goto(`${session.app.url}${casePath}`);
      expect(await textOf(analyst.locator('main'))).toMatch(
        /Acknowledge by \d{1,2} \w+ \d{4}: Due in (10|9|8) working days/,
      );
      // The analyst is offered the analyst's moves only.
      expect(await analyst.locator('.move h3').allTextContents()).toEqual(['Extend the deadline', 'Withdraw the case']);

      const official = await signedInPage(session.browser, session.app.url, SAPS_OFFICIAL);
      await official.goto(`${session.app.url}/inbox`);
      await Promise.all([official.waitForURL(`**${casePath}`), official.click(`a:text("${title}")`)]);
      expect(await official.locator('.move h3').allTextContents()).toEqual([
        'Acknowledge',
        'Transfer to another department',
        'Ask DPME for information',
      ]);
      await submit(official, 'form:has(input[value="move:acknowledge"]) button[type="submit"]');
      expect(await textOf(official.locator('.lead .badge'))).toBe('Acknowledged');
      await submit(official, 'form:has(input[value="move:accept"]) button[type="submit"]');
      expect(await textOf(official.locator('.lead .badge'))).toBe('Accepted');

      // A plan without an action is refused, in the summary, saying what to do.
      await submit(official, 'form:has(input[value="move:plan_response"]) button[type="submit"]');
      expect(await textOf(official.locator('.error-summary'))).toContain(
        'Add at least one response action before confirming the plan.',
      );
      await official.fill('#add-action', 'Report each vehicle’s days off the road in the monthly fleet report');
      await official.fill('#add-responsible', 'Fleet management, national office');
      await fillDate(official, 'dueOn', '30 6 2027');
      await submit(official, 'form:has(input[value="add-action"]) button[type="submit"]');
      expect(await textOf(official.locator('.plan'))).toContain('Fleet management, national office');
      await submit(official, 'form:has(input[value="move:plan_response"]) button[type="submit"]');
      await submit(official, 'form:has(input[value="move:start_work"]) button[type="submit"]');
      expect(await textOf(official.locator('.lead .badge'))).toBe('In progress');

      await official.click('.plan summary');
      await official.selectOption('.plan select[name="status"]', 'done');
      await official.fill('.plan textarea[name="evidence"]', 'The March report lists every station.');
      await submit(official, '.plan form button[type="submit"]');
      await official.fill('#resolve-evidence', 'Turnaround is reported monthly and fell to three weeks.');
      await submit(official, 'form:has(input[value="move:resolve"]) button[type="submit"]');
      expect(await textOf(official.locator('.lead .badge'))).toBe('Resolved');
      await expectToFitAPhone(official);
      const history = await official.locator('.timeline li strong').allTextContents();
      expect(history).toEqual([
        'Opened the case as a draft',
        'Escalated the case',
        'Acknowledged the case',
        'Accepted the case',
        'Added a response action',
        'Confirmed the response plan',
        'Started the work',
        'Updated a response action',
        'Marked the case resolved',
      ]);

      // Back with the analyst: the next step is DPME's.
      await analyst.goto(`${session.app.url}${casePath}`);
      expect(await analyst.locator('.move h3').allTextContents()).toEqual([
        'Reopen',
        'Verify',
        'Close as not fixed',
        'Withdraw the case',
      ]);

      // Monitors went back: verifying needs findings at half of the facilities, most of them better.
      await submit(analyst, 'form:has(input[value="move:verify"]) button[type="submit"]');
      expect(await textOf(analyst.locator('.error-summary'))).toMatch(
        /Record follow-up findings at \d+ of the \d+ facilit(y|ies) or more before verifying \(0 recorded so far\)/,
      );
      const rule = /findings are needed at (\d+) of the (\d+)/.exec(await textOf(analyst.locator('main')));
      const [needed, facilities] = [Number(rule?.[1]), Number(rule?.[2])];
      const facilityIds = (
        await analyst
          .locator('#facilityId option')
          .evaluateAll((options) => options.map((option) => (option as HTMLOptionElement).value))
      ).filter(Boolean);
      for (const facilityId of facilityIds.slice(0, needed)) {
        await analyst.click('summary:text("Record a follow-up finding")');
        await analyst.selectOption('#facilityId', facilityId);
        await analyst.selectOption('#result', 'improved');
        await analyst.fill('#citizensAsked', '20');
        await analyst.fill('#citizensCiting', '3');
        await fillDate(analyst, 'foundOn', '1 12 2026');
        await submit(analyst, 'form:has(input[value="finding"]) button[type="submit"]');
        expect(await textOf(analyst.locator('[role="status"]'))).toContain('The follow-up finding is recorded.');
      }
      expect(await textOf(analyst.locator('main'))).toContain(
        `Improved at ${needed} of ${facilities} ${facilities === 1 ? 'facility' : 'facilities'}`,
      );
      await expectToFitAPhone(analyst);
      await submit(analyst, 'form:has(input[value="move:verify"]) button[type="submit"]');
      expect(await textOf(analyst.locator('.lead .badge'))).toBe('Verified');
      // The dashboard counts the verification and shows what the follow-up found.
      await analyst.goto(`${session.app.url}/dashboard`);
      const followUpRow = analyst.locator('section:has(#follow-up-heading) tr', { hasText: reference });
      expect(await textOf(followUpRow)).toContain(
        `Verified ${facilities} ${needed} ${needed} Improved at ${needed} of ${facilities}`,
      );
      await analyst.context().close();
      await official.context().close();
    });

    it('refuses a stale decision and says what happened, and shows another department nothing', async () => {
      const first = await signedInPage(session.browser, session.app.url, SAPS_OFFICIAL);
      await first.goto(`${session.app.url}/inbox?view=overdue`);
      await Promise.all([
        first.waitForURL(/\/cases\/SC-/),
        first.click('a:text("Demo: stations wait weeks for forensic results")'),
      ]);
      const casePath = new URL(first.url()).pathname;
      const second = await signedInPage(session.browser, session.app.url, SAPS_OFFICIAL);
      await second.goto(`${session.app.url}${casePath}`);
      await submit(first, 'form:has(input[value="move:acknowledge"]) button[type="submit"]');
      await submit(second, 'form:has(input[value="move:acknowledge"]) button[type="submit"]');
      expect(await textOf(second.locator('.error-summary'))).toMatch(
        /Someone changed this case after you opened it, so your change was not saved: Demo Official \(SAPS\) \(Sector official\) acknowledged the case/,
      );

      const health = await signedInPage(session.browser, session.app.url, {
        email: 'health@demo.cbm-tracker.invalid',
        password: 'demo-health-password',
      });
      const response = await health.goto(`${session.app.url}${casePath}`);
      expect(response?.status()).toBe(404);
      expect(await health.content()).not.toContain('forensic');
      await Promise.all([first.context().close(), second.context().close(), health.context().close()]);
    });

    it("shows staff how many working days a deadline stood while the department waited for DPME's answer", async () => {
      const official = await signedInPage(session.browser, session.app.url, SAPS_OFFICIAL);
      await official.goto(`${session.app.url}/inbox`);
      await Promise.all([
        official.waitForURL(/\/cases\/SC-/),
        official.click('a:text("Demo: arrest targets crowd out other police work")'),
      ]);
      const deadlines = await textOf(official.locator('[role="region"][aria-labelledby="deadlines"]'));
      expect(deadlines).toMatch(/moved by \d+ working days? paused for DPME's answer/);
      await official.context().close();
    });

    it('names the facilities on the public page only once an analyst ticks the box on the edit form, without scripts', async () => {
      const analyst = await signedInPage(session.browser, session.app.url, DEMO_ACCOUNTS.analyst);
      await analyst.goto(`${session.app.url}/cases`);
      await Promise.all([
        analyst.waitForURL(/\/cases\/SC-/),
        analyst.click('a:text("Demo: stations without working telephones")'),
      ]);
      const casePath = new URL(analyst.url()).pathname;
      const visitor = await session.browser.newContext({ javaScriptEnabled: false });
      const publicPage = await visitor.newPage();
      await publicPage.goto(`${session.app.url}${casePath}`);
      expect(await publicPage.locator('main').innerText()).toContain(
        'The facilities are not named on the public page.',
      );

      await analyst.click('summary:text("Edit the title, texts, priority or visibility")');
      await analyst.check('input[name="publicFacilityNames"]');
      await submit(analyst, 'form:has(input[name="publicFacilityNames"]) button[type="submit"]');
      expect(await analyst.locator('input[name="publicFacilityNames"]').isChecked()).toBe(true);

      // The page's stored copy is replaced as soon as the case changes.
      await publicPage.reload();
      expect(await publicPage.locator('main').innerText()).toMatch(/Facilities: [^.]*Police Station/);
      await Promise.all([analyst.context().close(), visitor.close()]);
    });

    it('fills in the invitation of an official for the department a case warns about', async () => {
      const admin = await signedInPage(session.browser, session.app.url, DEMO_ACCOUNTS.admin);
      await admin.goto(`${session.app.url}/admin/users/new`);
      const health = await admin
        .locator('select[name="departmentId"] option:text("National Department of Health")')
        .getAttribute('value');
      await admin.goto(`${session.app.url}/admin/users/new?department=${health}`);
      expect(await admin.locator('select[name="role"]').inputValue()).toBe('official');
      expect(await admin.locator('select[name="departmentId"]').inputValue()).toBe(health);
      await admin.context().close();
    });

    it('has no serious accessibility violation on the case pages', async () => {
      const analyst = await signedInPage(session.browser, session.app.url, DEMO_ACCOUNTS.analyst, {
        javaScriptEnabled: true,
      });
      const official = await signedInPage(session.browser, session.app.url, SAPS_OFFICIAL, { javaScriptEnabled: true });
      await official.goto(`${session.app.url}/inbox`);
      expect(await accessibilityViolationsOf(official), '/inbox').toEqual([]);
      await official.click('a:text("Demo: stations without working telephones")');
      await official.waitForLoadState('load');
      expect(await accessibilityViolationsOf(official), official.url()).toEqual([]);
      await analyst.goto(`${session.app.url}/cases`);
      expect(await accessibilityViolationsOf(analyst), '/cases').toEqual([]);
      await analyst.click('a:text("Demo: no delegation to fix small things at clinics")');
      await analyst.waitForLoadState('load');
      expect(await accessibilityViolationsOf(analyst), analyst.url()).toEqual([]);
      const cluster = await analyst.evaluate(async () => {
        const page = await fetch('/clusters').then((r) => r.text());
        return /href="\/clusters\/([0-9a-f-]{36})"/.exec(page)?.[1];
      });
      await analyst.goto(`${session.app.url}/cases/new?cluster=${cluster}`);
      expect(await accessibilityViolationsOf(analyst), '/cases/new').toEqual([]);
      await Promise.all([analyst.context().close(), official.context().close()]);
    });
  },
);
