// Load for page benchmarks: autocannon in a process of its own, and a bare node:http server (a process of its own
// too) serving the same bytes, so that neither shares an event loop with the app or with the other.
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { get } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

export const CONNECTIONS = 50;
export const DURATION_S = 10;
/** What a browser asks for. */
export const ACCEPT_ENCODING = 'gzip, deflate, br';
const AUTOCANNON = new URL('../../../node_modules/autocannon/autocannon.js', import.meta.url).pathname;

export interface Load {
  requestsPerSecond: number;
  p50: number;
  p99: number;
  /** Connection errors, time-outs and answers other than 2xx. */
  errors: number;
}

export interface LoadOptions {
  connections?: number;
  durationS?: number;
  headers?: Record<string, string>;
}

/** Puts `url` under load from a process of its own and reads autocannon's figures. */
export async function load(
  url: string,
  { connections = CONNECTIONS, durationS = DURATION_S, headers = {} }: LoadOptions = {},
): Promise<Load> {
  const headerArgs = Object.entries({ 'accept-encoding': ACCEPT_ENCODING, ...headers }).flatMap(([name, value]) => [
    '-H',
    `${name}=${value}`,
  ]);
  const { stdout } = await promisify(execFile)(
    process.execPath,
    [AUTOCANNON, '-c', String(connections), '-d', String(durationS), '-j', ...headerArgs, url],
    { maxBuffer: 16 * 1024 * 1024 },
  );
  const result = JSON.parse(stdout) as {
    requests: { average: number };
    latency: { p50: number; p99: number };
    errors: number;
    timeouts: number;
    non2xx: number;
  };
  return {
    requestsPerSecond: Math.round(result.requests.average),
    p50: result.latency.p50,
    p99: result.latency.p99,
    errors: result.errors + result.timeouts + result.non2xx,
  };
}

/** A short load first, so that the measured one does not pay for compiling code or filling caches. */
export async function warmUp(url: string, headers: Record<string, string> = {}): Promise<void> {
  await load(url, { connections: 10, durationS: 2, headers });
}

export interface RawPage {
  status: number;
  headers: Record<string, string>;
  body: Buffer;
}

/** A page's bytes and the headers that describe them, as a visitor's browser receives them. */
export function rawPage(url: string, headers: Record<string, string> = {}): Promise<RawPage> {
  return new Promise((resolve, reject) => {
    get(url, { headers: { 'accept-encoding': ACCEPT_ENCODING, ...headers } }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () =>
        resolve({
          status: response.statusCode ?? 0,
          headers: response.headers as Record<string, string>,
          body: Buffer.concat(chunks),
        }),
      );
    }).on('error', reject);
  });
}

/** A bare node:http server in a process of its own, answering each path with the bytes given for it. */
export async function bareServer(pages: Record<string, RawPage>): Promise<{ url: string; process: ChildProcess }> {
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
  // Through a file: a page of over 128 KB is more than one command-line argument may hold.
  const dir = mkdtempSync(join(tmpdir(), 'cbm-bare-'));
  const pagesFile = join(dir, 'pages.json');
  writeFileSync(pagesFile, JSON.stringify(served));
  const script = [
    `const pages = JSON.parse(require('node:fs').readFileSync(${JSON.stringify(pagesFile)}, 'utf8'));`,
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
  rmSync(dir, { recursive: true, force: true });
  return { url: `http://127.0.0.1:${port}`, process: child };
}
