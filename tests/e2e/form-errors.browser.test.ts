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

/** What a person must never read on a page: Zod's wording, a pattern, JSON, a stack or a field's code name. */
const RAW =
  /Invalid input|Too (small|big)|must match pattern|\/\^|"code":|ZodError|at [\w.]+ \(|(^|\n|; )[a-z]+[A-Z]?[a-zA-Z]*: /;

/** The local issue form's own save button (not its hidden default, "Check for similar issues" or a root-cause row's). */
const SAVE_ISSUE = 'main form .actions button[type="submit"]:not([name="intent"])';

/** Posts the form that holds `button` and waits for the answer, as a browser without scripts does. */
async function submit(page: Page, button: string) {
  await Promise.all([page.waitForEvent('load'), page.click(button)]);
}

/** A field's message as it reads beside the field, without the "Error:" a screen reader hears first. */
async function fieldError(page: Page, name: string): Promise<string | null> {
  const error = page.locator(`[id="${name}-error"]`);
  if ((await error.count()) === 0) return null;
  const text = await textOf(error);
  expect(text).toMatch(/^Error: /);
  return text.replace(/^Error: /, '');
}

/**
 * GOV.UK's error summary: titled "There is a problem", focused on load (without a script too), one link per
 * field whose target is that field's input (or its date's day box), in the words shown beside the field.
 */
async function expectErrorSummary(page: Page, expected: Record<string, string>) {
  const summary = page.locator('.error-summary');
  expect(await textOf(summary.locator('h2'))).toBe('There is a problem');
  expect(await page.evaluate(() => document.activeElement?.classList.contains('error-summary'))).toBe(true);
  const links = summary.locator('a');
  const seen: Record<string, string> = {};
  for (let index = 0; index < (await links.count()); index += 1) {
    const href = (await links.nth(index).getAttribute('href')) ?? '';
    const field = decodeURIComponent(href.replace(/^#/, ''));
    const target = page.locator(`[id="${field}"]`);
    expect(await target.count(), `the target of ${href}`).toBe(1);
    expect(await target.evaluate((element) => ['INPUT', 'SELECT', 'TEXTAREA'].includes(element.tagName))).toBe(true);
    seen[field] = await textOf(links.nth(index));
    expect(seen[field]).toBe(await fieldError(page, field));
  }
  expect(seen).toEqual(expected);
}

/** Ids that more than one element of the page has (a summary's link could reach the wrong field). */
function duplicateIdsOf(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const ids = [...document.querySelectorAll('[id]')].map((element) => element.id);
    return [...new Set(ids.filter((id, index) => ids.indexOf(id) !== index))];
  });
}

describe.skipIf(skipReason !== null)(
  `form errors in a person's words, all at once${skipReason ? ` (skipped: ${skipReason})` : ''}`,
  () => {
    const session = useAppInChromium(() => ({ DEMO_ACCOUNTS: 'true' }));

    it('inviting thandi@ngo named " " shows a plain sentence beside each field, and axe finds nothing', async () => {
      for (const javaScriptEnabled of [false, true]) {
        const page = await signedInPage(session.browser, session.app.url, DEMO_ACCOUNTS.admin, { javaScriptEnabled });
        await page.goto(`${session.app.url}/admin/users/new`);
        await page.fill('input[name="name"]', ' ');
        await page.fill('input[name="email"]', 'thandi@ngo');
        await submit(page, 'form.form button[type="submit"]');
        await expectErrorSummary(page, {
          name: 'Enter the person’s name',
          email: 'Enter an e-mail address in the correct format, like name@example.org',
        });
        expect(await page.getAttribute('input[name="email"]', 'aria-describedby')).toBe('email-error');
        expect(await page.locator('main').innerText()).not.toMatch(RAW);
        if (javaScriptEnabled) expect(await accessibilityViolationsOf(page)).toEqual([]);
        await page.context().close();
      }
    });

    it('a local issue reports a negative vote count, more citing than asked, a future date and an unknown tag at once', async () => {
      const page = await signedInPage(session.browser, session.app.url, DEMO_ACCOUNTS.analyst);
      await page.goto(`${session.app.url}/issues/new`);
      await submit(page, 'main form button[type="submit"]');
      const fillFaulty = async () => {
        await page.fill('input[name="title"]', 'Queues start before dawn at the pay point');
        await page.fill('input[name="respondentsCiting"]', '30');
        await page.fill('input[name="respondentsAsked"]', '20');
        await page.fill('input[name="priorityVotes"]', '-4');
        await fillDate(page, 'raisedOn', '1 1 2999');
        await page.fill('input[name="tags"]', 'flying-saucers');
      };
      const expectAllFour = async () => {
        expect(await fieldError(page, 'priorityVotes')).toBe('Enter the number of priority votes as 0 or more');
        expect(await fieldError(page, 'respondentsCiting')).toBe(
          'The number of people citing it cannot be more than the number asked',
        );
        expect(await fieldError(page, 'raisedOn')).toBe('The date the issue was raised must be today or in the past');
        expect(await fieldError(page, 'tags')).toMatch(/^"flying-saucers" is not a tag/);
        expect(await page.locator('.error-summary li').count()).toBe(4);
        await expectErrorSummary(page, {
          priorityVotes: 'Enter the number of priority votes as 0 or more',
          respondentsCiting: 'The number of people citing it cannot be more than the number asked',
          raisedOn: 'The date the issue was raised must be today or in the past',
          tags: (await fieldError(page, 'tags')) ?? '',
        });
        expect(await page.locator('main').innerText()).not.toMatch(RAW);
      };
      await fillFaulty();
      await submit(page, SAVE_ISSUE);
      await expectAllFour();

      await page.fill('input[name="respondentsCiting"]', '12');
      await page.fill('input[name="priorityVotes"]', '4');
      await fillDate(page, 'raisedOn', '14 3 2026');
      await page.fill('input[name="tags"]', 'stock-out');
      await submit(page, SAVE_ISSUE);
      const id = /\/issues\/([^/?]+)\?done=created/.exec(page.url())?.[1];
      expect(id).toBeDefined();

      await page.goto(`${session.app.url}/issues/${id}/edit`);
      await fillFaulty();
      await submit(page, SAVE_ISSUE);
      await expectAllFour();
      await page.context().close();
    });

    it('a commitment due in the past asks for confirmation, without JavaScript, when added and when edited', async () => {
      const page = await signedInPage(session.browser, session.app.url, DEMO_ACCOUNTS.analyst);
      const newForm = `${session.app.url}/facilities/KIC-KABOKWENI-CLINIC/commitments/new`;
      await page.goto(newForm);
      expect(await page.locator('input[name="isPastDueConfirmed"]').count()).toBe(0);
      await page.fill('textarea[name="commitment"]', 'The queue is sorted by appointment time every morning');
      await page.fill('input[name="responsibleParty"]', 'Operational manager');
      await fillDate(page, 'dueOn', '31 1 2020');
      await submit(page, 'form.form button[type="submit"]');
      expect(new URL(page.url()).pathname).toBe('/facilities/KIC-KABOKWENI-CLINIC/commitments/new');
      expect(await fieldError(page, 'dueOn')).toMatch(/^The due date is in the past: check it, or tick/);
      const box = page.locator('input[name="isPastDueConfirmed"]');
      expect(await box.isChecked()).toBe(false);
      expect(await page.locator('label', { has: box }).innerText()).toBe(
        'Yes, the due date is in the past (the charter was agreed earlier)',
      );
      expect(await page.inputValue('textarea[name="commitment"]')).toBe(
        'The queue is sorted by appointment time every morning',
      );
      await box.check();
      await submit(page, 'form.form button[type="submit"]');
      expect(new URL(page.url()).pathname).toBe('/facilities/KIC-KABOKWENI-CLINIC');
      const row = page.locator('section[aria-labelledby="charter"] tbody tr', {
        hasText: 'The queue is sorted by appointment time',
      });
      await Promise.all([page.waitForURL(/\/commitments\/[^/]+$/), row.first().locator('a').first().click()]);
      const commitmentUrl = page.url();

      await page.goto(`${commitmentUrl}/edit`);
      await page.fill('input[name="responsibleParty"]', 'Clinic operational manager');
      await submit(page, 'form.form button[type="submit"]');
      expect(page.url()).toBe(`${commitmentUrl}?done=edited`);

      await page.goto(`${commitmentUrl}/edit`);
      await fillDate(page, 'dueOn', '31 12 2019');
      await submit(page, 'form.form button[type="submit"]');
      expect(await fieldError(page, 'dueOn')).toMatch(/^The due date is in the past/);
      await page.check('input[name="isPastDueConfirmed"]');
      await submit(page, 'form.form button[type="submit"]');
      expect(page.url()).toBe(`${commitmentUrl}?done=edited`);
      await page.context().close();

      const withScript = await signedInPage(session.browser, session.app.url, DEMO_ACCOUNTS.analyst, {
        javaScriptEnabled: true,
      });
      await withScript.goto(newForm);
      await fillDate(withScript, 'dueOn', '31 1 2020');
      await submit(withScript, 'form.form button[type="submit"]');
      expect(await withScript.locator('input[name="isPastDueConfirmed"]').count()).toBe(1);
      expect(await accessibilityViolationsOf(withScript)).toEqual([]);
      await withScript.context().close();
    });

    it('a date saves as typed in three boxes; a wrong one comes back as typed; root-cause rows are added and removed without a script', async () => {
      const page = await signedInPage(session.browser, session.app.url, DEMO_ACCOUNTS.analyst);
      await page.goto(`${session.app.url}/issues/new`);
      await submit(page, 'main form button[type="submit"]');
      await page.fill('input[name="title"]', 'The clinic gate opens late on Mondays');
      await fillDate(page, 'raisedOn', '31 2 2026');
      await page.fill('textarea[name="rootCauses.0.statement"]', 'Only one guard holds the key');
      await submit(page, 'button[value="add-root-cause"]');
      expect(await page.locator('.error-summary').count()).toBe(0);
      expect(await page.inputValue('textarea[name="rootCauses.0.statement"]')).toBe('Only one guard holds the key');
      expect(await page.locator('textarea[name="rootCauses.1.statement"]').count()).toBe(1);
      expect(await page.inputValue('input[name="title"]')).toBe('The clinic gate opens late on Mondays');
      await page.fill('textarea[name="rootCauses.1.statement"]', 'The roster has no cover');
      await submit(page, 'button[value="add-root-cause"]');
      expect(await page.locator('textarea[name="rootCauses.2.statement"]').count()).toBe(1);
      await submit(page, 'button[value="remove-root-cause-0"]');
      expect(await page.inputValue('textarea[name="rootCauses.0.statement"]')).toBe('The roster has no cover');

      await submit(page, SAVE_ISSUE);
      await expectErrorSummary(page, { raisedOn: 'The date the issue was raised must be a real date' });
      expect(await page.inputValue('input[name="raisedOn-day"]')).toBe('31');
      expect(await page.inputValue('input[name="raisedOn-month"]')).toBe('2');
      expect(await page.inputValue('input[name="raisedOn-year"]')).toBe('2026');
      await fillDate(page, 'raisedOn', '14 3 2026');
      await submit(page, SAVE_ISSUE);
      const id = /\/issues\/([^/?]+)\?done=created/.exec(page.url())?.[1];
      expect(id).toBeDefined();
      await page.goto(`${session.app.url}/issues/${id}/edit`);
      expect(await page.inputValue('input[name="raisedOn-day"]')).toBe('14');
      expect(await page.inputValue('input[name="raisedOn-month"]')).toBe('3');
      expect(await page.inputValue('input[name="raisedOn-year"]')).toBe('2026');
      expect(await page.inputValue('textarea[name="rootCauses.0.statement"]')).toBe('The roster has no cover');
      await page.setViewportSize({ width: 390, height: 800 });
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
      await page.context().close();
    });

    it('gives each of the issue page’s forms its own ids, and links the summary to the refused form’s note', async () => {
      const page = await signedInPage(session.browser, session.app.url, DEMO_ACCOUNTS.admin);
      await page.goto(`${session.app.url}/issues`);
      const issue = await page.locator('tbody a[href^="/issues/"]').first().getAttribute('href');
      await page.goto(`${session.app.url}${issue}`);
      expect(await duplicateIdsOf(page)).toEqual([]);
      expect(await page.locator('#status-note').count()).toBe(1);
      expect(await page.locator('#archive-reason').count()).toBe(1);
      // Longer than the field takes: typed past its maxlength, as a script or an old browser may post it.
      await page.locator('#status-note').evaluate((input: HTMLInputElement) => (input.value = 'x'.repeat(1001)));
      await submit(page, 'form:has(#status-note) button[type="submit"]');
      await expectErrorSummary(page, { 'status-note': 'Note must be 1000 characters or fewer' });
      expect(await page.getAttribute('#status-note', 'aria-describedby')).toBe('status-note-error');
      expect(await page.locator('#archive-reason-error').count()).toBe(0);
      expect(await duplicateIdsOf(page)).toEqual([]);
      await page.context().close();
    });

    it('the account, password and import forms name the field at fault and link to it', async () => {
      const page = await signedInPage(session.browser, session.app.url, DEMO_ACCOUNTS.facilitator);
      await page.goto(`${session.app.url}/account`);
      await page.fill('input[name="currentPassword"]', DEMO_ACCOUNTS.facilitator.password);
      await page.fill('input[name="newPassword"]', 'too short');
      await page.fill('input[name="repeat"]', 'something else');
      await submit(page, 'form.form button[type="submit"]');
      await expectErrorSummary(page, {
        newPassword: 'New password must be 12 characters or more',
        repeat: 'Enter the same new password in both boxes',
      });

      await page.goto(`${session.app.url}/issues/import`);
      await submit(page, 'form.form button[type="submit"]');
      await expectErrorSummary(page, { file: 'Choose the CSV file to import' });
      await page.context().close();

      const visitor = await (await session.browser.newContext({ javaScriptEnabled: false })).newPage();
      await visitor.goto(`${session.app.url}/forgot-password`);
      await submit(visitor, 'form.form button[type="submit"]');
      await expectErrorSummary(visitor, { email: 'Enter the e-mail address you sign in with.' });
      await visitor.context().close();
    });
  },
);
