import AxeBuilder from '@axe-core/playwright';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { browserSkipReason, textOf, textsOf, useAppInChromium } from '../support/browser.ts';

const skipReason = browserSkipReason();
const ANALYST = { email: 'analyst@demo.cbm-tracker.invalid', password: 'demo-analyst-password' };
const FACILITATOR = { email: 'facilitator@demo.cbm-tracker.invalid', password: 'demo-facilitator-password' };

describe.skipIf(skipReason !== null)(`the taxonomy in Chromium${skipReason ? ` (skipped: ${skipReason})` : ''}`, () => {
  const session = useAppInChromium(() => ({ DEMO_ACCOUNTS: 'true' }));

  /** A signed-in page; without JavaScript unless asked, as on a phone that blocks scripts. */
  async function signedIn(account = ANALYST, { javaScriptEnabled = false } = {}): Promise<Page> {
    const context = await session.browser.newContext({ javaScriptEnabled });
    const page = await context.newPage();
    page.setDefaultTimeout(10_000);
    await page.goto(`${session.app.url}/login`);
    await page.fill('input[name="email"]', account.email);
    await page.fill('input[name="password"]', account.password);
    await submit(page, 'form.form button[type="submit"]');
    return page;
  }

  /** Clicks and waits for the page the click leads to (a form post and its redirect). */
  async function submit(page: Page, selector: string) {
    await Promise.all([page.waitForEvent('load'), page.click(selector)]);
  }

  const rowOf = (page: Page, name: string) =>
    page.locator('table.taxonomy tbody tr', { has: page.locator('th a', { hasText: new RegExp(`^${name}$`) }) });

  async function expectNoAccessibilityViolations(paths: string[]) {
    // axe is a script, so it runs in a signed-in page of its own with scripts allowed.
    const page = await signedIn(ANALYST, { javaScriptEnabled: true });
    for (const path of paths) {
      await page.goto(`${session.app.url}${path}`);
      const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
      const violations = results.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
      expect(violations, path).toEqual([]);
    }
    await page.context().close();
  }

  it('shows the tree with paths, synonyms, routing hints and counts, and filters it', async () => {
    const page = await signedIn();
    await page.goto(`${session.app.url}/taxonomy`);
    await expect(textOf(page.locator('h1'))).resolves.toBe('Taxonomy');
    const turnaround = rowOf(page, 'Vehicle maintenance turnaround');
    await expect(textOf(turnaround.locator('td').first())).resolves.toBe('resources/vehicles/maintenance-turnaround');
    await expect(turnaround.textContent()).resolves.toContain('government garage');
    await expect(textOf(rowOf(page, 'Medicine stock-out').locator('td').nth(2))).resolves.toBe('NDOH');
    const [own, withBelow] = (await rowOf(page, 'Vehicles').locator('td.number').allTextContents()).map(Number);
    expect(withBelow).toBeGreaterThan(own ?? Infinity);

    await page.fill('input[name="q"]', 'bakkie');
    await submit(page, 'form.filters button[type="submit"]');
    expect(page.url()).toMatch(/q=bakkie/);
    expect(await textsOf(page.locator('table.taxonomy tbody th'))).toEqual(['Vehicles']);

    await page.goto(`${session.app.url}/taxonomy?q=no-such-word`);
    await expect(page.locator('.empty-state').textContent()).resolves.toContain('No tag matches');
    await page.context().close();
  });

  it('adds a tag with a slug from its name, renames it keeping the old slug, and offers no move under its own child', async () => {
    const page = await signedIn();
    await page.goto(`${session.app.url}/taxonomy/new`);
    await page.fill('input[name="name"]', 'Fuel cards');
    await page.fill('textarea[name="description"]', 'Vans stand because the fuel card is blocked.');
    await page.selectOption('select[name="parentId"]', { label: 'Resources / Vehicles' });
    await page.fill('input[name="synonyms"]', 'Fuel card blocked, no fuel');
    await submit(page, 'form.form button[type="submit"]');
    expect(page.url()).toBe(`${session.app.url}/taxonomy/fuel-cards?done=added`);
    await expect(textOf(page.locator('.lead'))).resolves.toBe('resources/vehicles/fuel-cards');

    await page.fill('#words ~ form input[name="slug"]', 'fuel-accounts');
    await page.fill('#words ~ form input[name="name"]', 'Fuel accounts');
    await submit(page, 'form[aria-labelledby="words"] button[type="submit"]');
    expect(page.url()).toBe(`${session.app.url}/taxonomy/fuel-accounts?done=renamed`);
    await expect(page.locator('.facts').textContent()).resolves.toContain('fuel-cards');
    await page.goto(`${session.app.url}/taxonomy/fuel-cards`);
    expect(page.url()).toBe(`${session.app.url}/taxonomy/fuel-accounts`);

    // A synonym another tag answers to is refused beside the field.
    await page.fill('form[aria-label="Add a synonym"] input[name="term"]', 'Bakkie');
    await submit(page, 'form[aria-label="Add a synonym"] button[type="submit"]');
    await expect(textOf(page.locator('#term-error'))).resolves.toBe(
      'Error: "bakkie" is already a synonym of Vehicles (vehicles)',
    );

    // A refused removal (of a word the tag does not have) is a plain line of the summary: its form has no field.
    const version = await page.locator('form[aria-label="Add a synonym"] input[name="version"]').inputValue();
    const removal = await page.request.post(`${session.app.url}/taxonomy/fuel-accounts`, {
      form: { action: 'remove-synonym', version, term: 'no such word' },
      headers: { origin: session.app.url },
    });
    expect(removal.status()).toBe(400);
    const refused = await removal.text();
    expect(refused).toContain('There is a problem');
    expect(refused).not.toContain('href="#term"');

    // Vehicles cannot go under a tag below it: the form does not even offer one.
    await page.goto(`${session.app.url}/taxonomy/vehicles`);
    const parents = await textsOf(page.locator('form[aria-labelledby="place"] option'));
    expect(parents).toContain('Health services');
    expect(parents.some((label) => label.includes('Fuel accounts'))).toBe(false);
    await page.context().close();
  });

  it('merges a tag into another after showing what will happen, and old addresses lead to the target', async () => {
    const page = await signedIn();
    await page.goto(`${session.app.url}/taxonomy/vehicle-shortage`);
    const issuesBefore = Number(await rowOfCounts(page));
    await submit(page, 'a:text("Merge Too few vehicles into another tag…")');
    await page.fill('input[name="find"]', 'garage');
    await submit(page, 'form.filters button[type="submit"]');
    const options = await textsOf(page.locator('select[name="into"] option'));
    expect(options).toEqual(['Resources / Vehicles / Vehicle maintenance turnaround']);
    await submit(page, 'form.form button[type="submit"]');

    const plan = await page.locator('.merge-plan').textContent();
    expect(plan).toContain(`${issuesBefore} local issue`);
    expect(plan).toContain('These slugs will lead to Vehicle maintenance turnaround');
    expect(plan).toContain('not enough vans');
    await submit(page, 'button.danger');
    expect(page.url()).toBe(`${session.app.url}/taxonomy/maintenance-turnaround?done=merged`);
    await expect(textOf(page.locator('.success'))).resolves.toMatch(
      new RegExp(
        `Too few vehicles \\(vehicle-shortage\\) is part of this tag now, re-tagging ${issuesBefore} local issue`,
      ),
    );
    await page.goto(`${session.app.url}/taxonomy/vehicle-shortage`);
    expect(page.url()).toBe(`${session.app.url}/taxonomy/maintenance-turnaround`);
    await page.goto(`${session.app.url}/taxonomy?q=vehicle-shortage`);
    expect(await textsOf(page.locator('table.taxonomy tbody th'))).toEqual(['Vehicle maintenance turnaround']);
    await page.context().close();
  });

  /** The "on the tag itself" count on a tag's page. */
  async function rowOfCounts(page: Page) {
    const text = (await page.locator('.facts').textContent()) ?? '';
    return /(\d+) on the tag itself/.exec(text)?.[1];
  }

  it('downloads the live taxonomy as JSON in the file’s format', async () => {
    const page = await signedIn();
    const response = await page.request.get(`${session.app.url}/taxonomy/export.json`);
    expect(response.headers()['content-disposition']).toBe('attachment; filename="taxonomy.json"');
    const exported = (await response.json()) as { tags: { slug: string; aliases: string[] }[] };
    expect(exported.tags.find((tag) => tag.slug === 'resources')).toMatchObject({ aliases: [] });
    expect(exported.tags.length).toBeGreaterThan(40);
    await page.context().close();
  });

  it('keeps the taxonomy pages from a facilitator', async () => {
    const page = await signedIn(FACILITATOR);
    for (const path of ['/taxonomy', '/taxonomy/vehicles', '/taxonomy/new', '/taxonomy/export.json']) {
      const response = await page.goto(`${session.app.url}${path}`);
      expect(response?.status(), path).toBe(403);
    }
    await page.context().close();
  });

  it('has no accessibility violations on the taxonomy pages', async () => {
    await expectNoAccessibilityViolations([
      '/taxonomy',
      '/taxonomy?q=medicine',
      '/taxonomy/new',
      '/taxonomy/vehicles',
      '/taxonomy/stock-out/merge',
      '/taxonomy/stock-out/merge?find=medicine',
    ]);
    const page = await signedIn(ANALYST, { javaScriptEnabled: true });
    await page.goto(`${session.app.url}/taxonomy/stock-out/merge`);
    const target = await page
      .locator('select[name="into"] option', { hasText: 'Medicines' })
      .first()
      .getAttribute('value');
    await page.context().close();
    await expectNoAccessibilityViolations([`/taxonomy/stock-out/merge?into=${target}`]);
  });
});
