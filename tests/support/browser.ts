import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import { startApp, temporarySqliteUrl, type RunningApp } from './app-server.ts';

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
 * For a browser test file: the app (`npm start` on a fresh SQLite database) and Chromium, started
 * before its tests and stopped after them. `env` is read when the app starts (after earlier hooks).
 */
export function useAppInChromium(env: () => Record<string, string> = () => ({})) {
  const database = temporarySqliteUrl();
  let app: RunningApp | undefined;
  let browser: Browser | undefined;
  beforeAll(async () => {
    [app, browser] = await Promise.all([startApp({ DATABASE_URL: database.url, ...env() }), launchChromium()]);
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
