// npm run bench -- tests/bench/knowledge.bench.ts
// Knowledge pages under load (autocannon, 50 connections, loopback) against a bare node:http server
// serving the same bytes from memory in the same run; search latency; what a first view transfers.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startApp, temporarySqliteUrl, type RunningApp } from '../support/app-server.ts';
import { rawPage } from './support/load.ts';

const PAGE = '/knowledge/toolkit/step-2-dialogue-and-charters';
const DURATION_S = 10;
const GZIP = { 'accept-encoding': 'gzip, deflate, br' };

/** Bytes on the wire for a page and the styles and scripts it loads on a first view. */
async function firstViewBytes(base: string, path: string) {
  const page = await rawPage(`${base}${path}`);
  const html = await (await fetch(`${base}${path}`)).text();
  const assets = [...html.matchAll(/<(?:link[^>]+rel="stylesheet"[^>]+href|script[^>]+src)="([^"]+)"/g)].map(
    (m) => m[1]!,
  );
  let total = page.body.length;
  for (const asset of assets) total += (await rawPage(`${base}${asset}`)).body.length;
  return { html: page.body.length, assets: assets.length, total };
}

async function load(url: string) {
  const result = await autocannon({ url, connections: 50, duration: DURATION_S, headers: GZIP });
  return {
    requestsPerSecond: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    errors: result.errors + result.non2xx,
  };
}

describe('knowledge base performance [sqlite]', () => {
  const database = temporarySqliteUrl();
  let app: RunningApp;
  const bareDir = mkdtempSync(join(tmpdir(), 'cbm-bare-'));
  let bare: ChildProcess;
  let bareUrl = '';
  beforeAll(async () => {
    app = await startApp({ DATABASE_URL: database.url });
    const { headers, body } = await rawPage(`${app.url}${PAGE}`);
    writeFileSync(join(bareDir, 'page'), body);
    // The baseline runs in a process of its own, as our server does, so neither shares autocannon's.
    const responseHeaders = {
      'content-type': headers['content-type'] ?? 'text/html',
      'content-encoding': headers['content-encoding'] ?? 'identity',
    };
    const script = [
      `const body = require('node:fs').readFileSync(${JSON.stringify(join(bareDir, 'page'))});`,
      `const headers = ${JSON.stringify(responseHeaders)};`,
      "const server = require('node:http').createServer((request, response) => response.writeHead(200, headers).end(body));",
      "server.listen(0, '127.0.0.1', () => console.log('port ' + server.address().port));",
    ].join('\n');
    bare = spawn(process.execPath, ['-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
    const port = await new Promise<string>((resolve) =>
      bare.stdout!.on('data', (chunk: Buffer) => resolve(/port (\d+)/.exec(chunk.toString())![1]!)),
    );
    bareUrl = `http://127.0.0.1:${port}`;
  });
  afterAll(async () => {
    await app.stop();
    bare.kill();
    rmSync(bareDir, { recursive: true, force: true });
    database.remove();
  });

  test('a knowledge page under load, against a bare server with the same bytes', { timeout: 60_000 }, async () => {
    const ours = await load(`${app.url}${PAGE}`);
    const baseline = await load(`${bareUrl}/`);
    console.table({ 'CBM Tracker': ours, 'bare node:http': baseline });
    expect(ours.errors).toBe(0);
    expect(ours.p99).toBeLessThan(50);
    expect(ours.requestsPerSecond).toBeGreaterThanOrEqual(baseline.requestsPerSecond / 3);
  });

  test('search answers within 10 ms at the 95th percentile', { timeout: 60_000 }, async () => {
    const queries = [
      'medicines',
      'kabokwene',
      'vehicle repairs',
      'root cause',
      'househ',
      'SAPS: vehicles',
      'KSA 3',
      'dialoge',
    ];
    const timings: number[] = [];
    for (let round = 0; round < 25; round += 1) {
      for (const q of queries) {
        const started = performance.now();
        const response = await fetch(
          `${app.url}/api/trpc/knowledge.search?input=${encodeURIComponent(JSON.stringify({ q }))}`,
        );
        await response.arrayBuffer();
        timings.push(performance.now() - started);
      }
    }
    timings.sort((a, b) => a - b);
    const p95 = timings[Math.floor(timings.length * 0.95)]!;
    const underLoad = await load(`${app.url}/search?q=medicines`);
    console.table({
      'search via tRPC, sequential': { p50: timings[Math.floor(timings.length / 2)], p95 },
      '/search page, 50 connections': underLoad,
    });
    expect(p95).toBeLessThan(10);
  });

  test('what a first view transfers, compressed', async () => {
    const page = await firstViewBytes(app.url, PAGE);
    const search = await firstViewBytes(app.url, '/search?q=medicines');
    console.table({ 'knowledge page': page, 'search page': search });
    expect(page.total).toBeLessThan(30 * 1024);
    expect(search.total).toBeLessThan(10 * 1024);
  });
});
