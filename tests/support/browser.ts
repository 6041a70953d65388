import { existsSync } from 'node:fs';
import AxeBuilder from '@axe-core/playwright';
import { chromium, type Browser, type Locator, type Page } from 'playwright-core';
import { afterAll, beforeAll, expect } from 'vitest';
import { startAppOnPreparedDatabase, temporarySqliteUrl, type RunningApp } from './app-server.ts';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Why browser tests cannot run here, or null when they can. In CI a missing browser is a failure. */
export function browserSkipReason(): string | null {
  if (existsSync(CHROMIUM) || process.env.CI === 'true') return null;
  return `Chromium is not installed at ${CHROMIUM} (apt-get install chromium); CI runs these.`;
}

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    // Without these Chromium keeps trying to reach the internet, which this machine refuses.
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-dev-shm-usage',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
}

/**
 * For a browser test file: the app (`npm start` on its own copy of the prepared database) and Chromium, started
 * before its tests and stopped after them. `env` is read when the app starts (after earlier hooks).
 */
export function useAppInChromium(env: () => Record<string, string> = () => ({})) {
  const database = temporarySqliteUrl();
  let app: RunningApp | undefined;
  let browser: Browser | undefined;
  beforeAll(async () => {
    [app, browser] = await Promise.all([
      startAppOnPreparedDatabase({ ...env(), DATABASE_URL: database.url }),
      launchChromium(),
    ]);
  });
  afterAll(async () => {
    await browser?.close();
    await app?.stop();
    database.remove();
  });
  const ready = <T>(value: T | undefined, what: string): T => {
    if (value === undefined) throw new Error(`${what} is not ready yet (use it inside a test or hook).`);
    return value;
  };
  return {
    databaseUrl: database.url,
    get app() {
      return ready(app, 'The app');
    },
    get browser() {
      return ready(browser, 'Chromium');
    },
  };
}

/** The demo accounts `DEMO_ACCOUNTS=true` creates (src/server/services/accounts/demo-accounts.ts). */
export const DEMO_ACCOUNTS = {
  admin: { email: 'admin@demo.cbm-tracker.invalid', password: 'demo-admin-password' },
  analyst: { email: 'analyst@demo.cbm-tracker.invalid', password: 'demo-analyst-password' },
  facilitator: { email: 'facilitator@demo.cbm-tracker.invalid', password: 'demo-facilitator-password' },
} as const;

/** A page of a new browser context signed in as `account`; without JavaScript unless asked. */
export async function signedInPage(
  browser: Browser,
  appUrl: string,
  account: { email: string; password: string },
  { javaScriptEnabled = false } = {},
): Promise<Page> {
  const context = await browser.newContext({ javaScriptEnabled });
  const page = await context.newPage();
  page.setDefaultTimeout(15_000);
  await page.goto(`${appUrl}/login`);
  await page.fill('input[name="email"]', account.email);
  await page.fill('input[name="password"]', account.password);
  await Promise.all([page.waitForURL((url) => !url.pathname.startsWith('/login')), page.click('form.form button')]);
  return page;
}

/**
 * axe's WCAG 2.1 A and AA violations on the page, one line each (axe needs JavaScript in the context). A page
 * that reloads itself while axe reads it (a job's progress page, when the job ends) is read again once loaded.
 */
export async function accessibilityViolationsOf(page: Page): Promise<string[]> {
  const analyze = () => new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  const results = await analyze().catch(async (error: unknown) => {
    if (!/Execution context was destroyed/.test(String(error))) throw error;
    await page.waitForLoadState('load');
    return analyze();
  });
  return results.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

/** An element's text as a person reads it: whitespace runs as one space, none at either end. */
export async function textOf(locator: Locator): Promise<string> {
  return ((await locator.textContent()) ?? '').replace(/\s+/g, ' ').trim();
}

/** Each matching element's text as a person reads it (textOf). */
export async function textsOf(locator: Locator): Promise<string[]> {
  return (await locator.allTextContents()).map((text) => text.replace(/\s+/g, ' ').trim());
}

/** Types a date into a date field's three boxes (DateInput), as a person writes it: "14 3 2026". */
export async function fillDate(page: Page, name: string, dayMonthYear: string): Promise<void> {
  const [day = '', month = '', year = ''] = dayMonthYear.split(' ');
  await page.fill(`input[name="${name}-day"]`, day);
  await page.fill(`input[name="${name}-month"]`, month);
  await page.fill(`input[name="${name}-year"]`, year);
}

/** The phone the pages must fit: 390 px wide. */
export const PHONE = { width: 390, height: 844 };

/** Nothing wider than a phone's screen: neither the page nor any chart (the viewport is set to the phone). */
export async function expectToFitAPhone(page: Page): Promise<void> {
  await page.setViewportSize(PHONE);
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow, `${page.url()} is wider than a phone`).toBeLessThanOrEqual(0);
  const widest = await page.evaluate(() =>
    Math.max(0, ...[...document.querySelectorAll('svg')].map((svg) => svg.getBoundingClientRect().right)),
  );
  expect(widest).toBeLessThanOrEqual(PHONE.width);
}
