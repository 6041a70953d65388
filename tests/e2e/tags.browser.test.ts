import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import {
  accessibilityViolationsOf,
  browserSkipReason,
  DEMO_ACCOUNTS,
  signedInPage,
  useAppInChromium,
} from '../support/browser.ts';

const skipReason = browserSkipReason();

describe.skipIf(skipReason !== null)(`typing tags in Chromium${skipReason ? ` (skipped: ${skipReason})` : ''}`, () => {
  const session = useAppInChromium(() => ({ DEMO_ACCOUNTS: 'true' }));

  /** Clicks and waits for the page the click leads to (a form post and its redirect), as without scripts. */
  async function submit(page: Page, selector: string) {
    await Promise.all([page.waitForEvent('load'), page.click(selector)]);
  }

  async function newIssueAtKabokweni(page: Page) {
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto(`${session.app.url}/issues/new`);
    await page.selectOption('select[name="facility"]', { label: 'Kabokweni Clinic (KIC-KABOKWENI-CLINIC)' });
    await submit(page, 'form.form button[type="submit"]');
    await page.fill('input[name="title"]', 'The ambulance takes hours and the clinic has one nurse');
    await page.fill('textarea[name="description"]', 'People wait all day; the ambulance came after four hours.');
  }

  it('takes everyday words, and offers what a resembling word may mean as choices, without JavaScript', async () => {
    const page = await signedInPage(session.browser, session.app.url, DEMO_ACCOUNTS.analyst);
    await newIssueAtKabokweni(page);
    await page.fill('input[name="tags"]', 'Queues, ambulance delay, shortage');
    await submit(page, 'role=button[name="Record the issue"]');

    expect(new URL(page.url()).pathname).toBe('/issues/new');
    const error = page.locator('#tags-error');
    await expect(error.textContent()).resolves.toContain(
      '"ambulance delay" is not a tag. Did you mean "Patient transport and ambulances"?',
    );
    await expect(error.textContent()).resolves.toContain(
      '"shortage" is not a tag. Did you mean "Shortage of space", "Staff shortage", "Too few vehicles" or "Medicine stock-out"?',
    );
    // Nothing is ticked for the person: a suggestion is never applied unasked.
    const choices = page.locator('fieldset.tag-choices input[type="checkbox"]');
    await expect(choices.count()).resolves.toBe(5);
    await expect(page.locator('fieldset.tag-choices input:checked').count()).resolves.toBe(0);
    await expect(page.locator('input[name="tags"]').inputValue()).resolves.toBe('Queues, ambulance delay, shortage');
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);

    await page.getByRole('checkbox', { name: 'Patient transport and ambulances', exact: true }).check();
    await page.getByRole('checkbox', { name: 'Staff shortage', exact: true }).check();
    await submit(page, 'role=button[name="Record the issue"]');
    expect(new URL(page.url()).pathname).toMatch(/^\/issues\/[^/]+$/);
    const body = (await page.locator('main').textContent()) ?? '';
    for (const name of ['Queues and waiting times', 'Patient transport and ambulances', 'Staff shortage']) {
      expect(body).toContain(name);
    }
    expect(body).not.toContain('Shortage of space');
    await page.context().close();
  });

  it('shows the suggestions accessibly with JavaScript', async () => {
    const page = await signedInPage(session.browser, session.app.url, DEMO_ACCOUNTS.analyst, {
      javaScriptEnabled: true,
    });
    await newIssueAtKabokweni(page);
    await page.fill('input[name="tags"]', 'ambulance delay');
    await submit(page, 'role=button[name="Record the issue"]');
    await expect(page.locator('#tags-error').textContent()).resolves.toContain(
      'Did you mean "Patient transport and ambulances"?',
    );
    await expect(
      page.getByRole('checkbox', { name: 'Patient transport and ambulances', exact: true }).isChecked(),
    ).resolves.toBe(false);
    expect(await accessibilityViolationsOf(page)).toEqual([]);
    await page.context().close();
  });
});
