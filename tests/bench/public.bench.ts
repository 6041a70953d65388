// npm run bench -- tests/bench/public.bench.ts
// Public outputs under load: the public case list, a public case page and Open311's requests.json, served by one
// `npm start` process on SQLite with the demo data (DEMO_ACCOUNTS=true), to 50 connections for 10 s each by
// autocannon in a process of its own, beside a bare node:http server (a process of its own too) serving the same
// bytes in the same run. Visitors without a session get the process's copy while the public data version stands
// (src/server/http/public-page-cache.ts). The bench fails below 1,000 requests a second (issue 17's target).
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { get } from 'node:http';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startApp, temporarySqliteUrl, type RunningApp } from '../support/app-server.ts';

const CONNECTIONS = 50;
const DURATION_S = 10;
const TARGET_REQUESTS_PER_SECOND = 1_000;
const GZIP = 'gzip, deflate, br';
const AUTOCANNON = new URL('../../node_modules/autocannon/autocannon.js', import.meta.url).pathname;

interface Load {
  requestsPerSecond: number;
  p50: number;
  p99: number;
  errors: number;
}

/** autocannon in a process of its own, so that it shares no event loop with either server. */
async function load(url: string): Promise<Load> {
  const { stdout } = await promisify(execFile)(
    process.execPath,
    [AUTOCANNON, '-c', String(CONNECTIONS), '-d', String(DURATION_S), '-j', '-H', `accept-encoding=${GZIP}`, url],
    { maxBuffer: 16 * 1024 * 1024 },
  );
  const result = JSON.parse(stdout) as {
    requests: { average: number };
    latency: { p50: number; p99: number };
    errors: number;
    non2xx: number;
  };
  return {
    requestsPerSecond: Math.round(result.requests.average),
    p50: result.latency.p50,
    p99: result.latency.p99,
    errors: result.errors + result.non2xx,
  };
}

/** A page's bytes and the headers that describe them, as a visitor's browser receives them. */
function rawPage(url: string): Promise<{ headers: Record<string, string>; body: Buffer }> {
  return new Promise((resolve, reject) => {
    get(url, { headers: { 'accept-encoding': GZIP } }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () =>
        resolve({ headers: response.headers as Record<string, string>, body: Buffer.concat(chunks) }),
      );
    }).on('error', reject);
  });
}

/** A bare node:http server in a process of its own, answering each path with the bytes given for it. */
async function bareServer(pages: Record<string, { headers: Record<string, string>; body: Buffer }>) {
  const served = Object.fromEntries(
    Object.entries(pages).map(([path, page]) => [
      path,
      {
        headers: {
          'content-type': page.headers['content-type'] ?? 'text/html',
          'content-encoding': page.headers['content-encoding'] ?? 'identity',
        },
        body: page.body.toString('base64'),
      },
    ]),
  );
  const script = [
    `const pages = ${JSON.stringify(served)};`,
    'for (const page of Object.values(pages)) page.body = Buffer.from(page.body, "base64");',
    "const server = require('node:http').createServer((request, response) => {",
    '  const page = pages[request.url];',
    '  if (!page) return response.writeHead(404).end();',
    '  response.writeHead(200, page.headers).end(page.body);',
    '});',
    "server.listen(0, '127.0.0.1', () => console.log('port ' + server.address().port));",
  ].join('\n');
  const child = spawn(process.execPath, ['-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
  const port = await new Promise<string>((resolve) =>
    child.stdout!.on('data', (chunk: Buffer) => resolve(/port (\d+)/.exec(chunk.toString())![1]!)),
  );
  return { url: `http://127.0.0.1:${port}`, process: child };
}

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
        await promisify(execFile)(process.execPath, [AUTOCANNON, '-c', '10', '-d', '2', `${app.url}${path}`]);
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
