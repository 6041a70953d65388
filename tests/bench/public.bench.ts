// npm run bench -- tests/bench/public.bench.ts
// Public outputs under load: the public case list, a public case page and Open311's requests.json, served by one
// `npm start` process on SQLite with the demo data (DEMO_ACCOUNTS=true), to 50 connections for 10 s each by
// autocannon in a process of its own, beside a bare node:http server (a process of its own too) serving the same
// bytes in the same run. Visitors without a session get the process's copy while the public data version stands
// (src/server/http/public-page-cache.ts). The bench fails below 1,000 requests a second (issue 17's target).
import type { ChildProcess } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startApp, temporarySqliteUrl, type RunningApp } from '../support/app-server.ts';
import { bareServer, load, rawPage, warmUp, type Load } from './support/load.ts';

const TARGET_REQUESTS_PER_SECOND = 1_000;

describe('public outputs under load [sqlite, demo data]', () => {
  const database = temporarySqliteUrl();
  let app: RunningApp;
  let bare: { url: string; process: ChildProcess };
  const paths: Record<string, string> = {};

  beforeAll(async () => {
    app = await startApp({ DATABASE_URL: database.url, DEMO_ACCOUNTS: 'true' });
    const list = await (await fetch(`${app.url}/cases`)).text();
    const reference = /href="\/cases\/(SC-\d{4}-\d{4})"/.exec(list)?.[1];
    if (!reference) throw new Error('The public list shows no case.');
    Object.assign(paths, {
      'public case list': '/cases',
      [`public case page (${reference})`]: `/cases/${reference}`,
      'Open311 requests.json': '/open311/v2/requests.json',
    });
    const pages = Object.fromEntries(
      await Promise.all(Object.values(paths).map(async (path) => [path, await rawPage(`${app.url}${path}`)])),
    );
    bare = await bareServer(pages);
  }, 180_000);
  afterAll(async () => {
    await app?.stop();
    bare?.process.kill();
    database.remove();
  });

  test(
    'each at 1,000 requests a second or more, beside a bare server of the same bytes',
    { timeout: 300_000 },
    async () => {
      const results: Record<string, Load> = {};
      for (const [name, path] of Object.entries(paths)) {
        // A short warm-up fills the copies and lets the JIT settle.
        await warmUp(`${app.url}${path}`);
        results[`${name}: CBM Tracker`] = await load(`${app.url}${path}`);
        results[`${name}: bare node:http`] = await load(`${bare.url}${path}`);
      }
      console.table(results);
      for (const name of Object.keys(paths)) {
        const ours = results[`${name}: CBM Tracker`]!;
        expect(ours.errors, name).toBe(0);
        expect(ours.requestsPerSecond, name).toBeGreaterThanOrEqual(TARGET_REQUESTS_PER_SECOND);
      }
    },
  );
});
