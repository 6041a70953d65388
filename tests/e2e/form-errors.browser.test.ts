import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import {
  accessibilityViolationsOf,
  browserSkipReason,
  DEMO_ACCOUNTS,
  signedInPage,
  textOf,
  useAppInChromium,
} from '../support/browser.ts';

const skipReason = browserSkipReason();

/** What a person must never read on a page: Zod's wording, a pattern, JSON, a stack or a field's code name. */
const RAW =
  /Invalid input|Too (small|big)|must match pattern|\/\^|"code":|ZodError|at [\w.]+ \(|(^|\n|; )[a-z]+[A-Z]?[a-zA-Z]*: /;

/** Posts the form that holds `button` and waits for the answer, as a browser without scripts does. */
async function submit(page: Page, button: string) {
  await Promise.all([page.waitForEvent('load'), page.click(button)]);
}

async function fieldError(page: Page, name: string): Promise<string | null> {
  const error = page.locator(`[id="${name}-error"]`);
  return (await error.count()) === 0 ? null : textOf(error);
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
        const summary = await page.locator('.errors').innerText();
        expect(summary).toContain('Name: expected the person’s name');
        expect(summary).toContain('E-mail address: expected an e-mail address such as name@example.org');
        expect(await fieldError(page, 'name')).toBe('expected the person’s name');
        expect(await fieldError(page, 'email')).toBe('expected an e-mail address such as name@example.org');
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
        await page.fill('input[name="raisedOn"]', '2999-01-01');
        await page.fill('input[name="tags"]', 'flying-saucers');
      };
      const expectAllFour = async () => {
        expect(await fieldError(page, 'priorityVotes')).toBe('cannot be negative');
        expect(await fieldError(page, 'respondentsCiting')).toBe('cannot be more than the respondents asked');
        expect(await fieldError(page, 'raisedOn')).toBe('cannot be in the future');
        expect(await fieldError(page, 'tags')).toMatch(/^"flying-saucers" is not a tag/);
        expect(await page.locator('.errors li').count()).toBe(4);
        expect(await page.locator('main').innerText()).not.toMatch(RAW);
      };
      await fillFaulty();
      await submit(page, 'main form button[type="submit"]:not([value="check"])');
      await expectAllFour();

      await page.fill('input[name="respondentsCiting"]', '12');
      await page.fill('input[name="priorityVotes"]', '4');
      await page.fill('input[name="raisedOn"]', '2026-03-14');
      await page.fill('input[name="tags"]', 'stock-out');
      await submit(page, 'main form button[type="submit"]:not([value="check"])');
      const id = /\/issues\/([^/?]+)\?done=created/.exec(page.url())?.[1];
      expect(id).toBeDefined();

      await page.goto(`${session.app.url}/issues/${id}/edit`);
      await fillFaulty();
      await submit(page, 'main form button[type="submit"]:not([value="check"])');
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
      await page.fill('input[name="dueOn"]', '2020-01-31');
      await submit(page, 'form.form button[type="submit"]');
      expect(new URL(page.url()).pathname).toBe('/facilities/KIC-KABOKWENI-CLINIC/commitments/new');
      expect(await fieldError(page, 'dueOn')).toMatch(/^2020-01-31 is in the past: check the date, or tick/);
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
      await page.fill('input[name="dueOn"]', '2019-12-31');
      await submit(page, 'form.form button[type="submit"]');
      expect(await fieldError(page, 'dueOn')).toMatch(/^2019-12-31 is in the past/);
      await page.check('input[name="isPastDueConfirmed"]');
      await submit(page, 'form.form button[type="submit"]');
      expect(page.url()).toBe(`${commitmentUrl}?done=edited`);
      await page.context().close();

      const withScript = await signedInPage(session.browser, session.app.url, DEMO_ACCOUNTS.analyst, {
        javaScriptEnabled: true,
      });
      await withScript.goto(newForm);
      await withScript.fill('input[name="dueOn"]', '2020-01-31');
      await submit(withScript, 'form.form button[type="submit"]');
      expect(await withScript.locator('input[name="isPastDueConfirmed"]').count()).toBe(1);
      expect(await accessibilityViolationsOf(withScript)).toEqual([]);
      await withScript.context().close();
    });
  },
);
