// npm run bench -- tests/bench/national-pages.bench.ts
//   BENCH_PROVIDER=sqlite|postgresql   one database only
//   BENCH_SCALE=regional               a smaller data set (default national)
//   BENCH_SQLITE_URL=file:/path.db     reuse an SQLite database `npm run bench:data` filled (else one is built)
//   BENCH_POSTGRESQL_URL=postgres://…  likewise for PostgreSQL
//   BENCH_PAGES=inbox,search           only the pages whose names contain one of these words
// Issue 20's pages under load at national scale: `npm start` with two web processes (as a deployment runs) on the
// national data set, each page put under 50 connections for 10 s by autocannon in a process of its own, beside a
// bare node:http server (a process of its own too) serving the same bytes in the same run. Then the web processes'
// peak memory. The bench fails when a page misses its target (below), so that a miss cannot pass unnoticed.
import { execFile } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest';
import type { Db } from '../../src/db/client.ts';
import { startApp, temporarySqliteUrl, type RunningApp } from '../support/app-server.ts';
import { cookiesFrom } from '../support/auth.ts';
import { createTestDatabase, PROVIDERS, providerFor } from '../support/test-database.ts';
import { bareServer, load, rawPage, warmUp, type Load } from './support/load.ts';

const SCALE = process.env.BENCH_SCALE ?? 'national';
const ROOT = new URL('../../', import.meta.url).pathname;
const MEMORY_LIMIT_MB = 1_536;

/**
 * Pages many people see alike must answer at the median under 50 ms and at the 99th percentile under 250 ms;
 * pages that differ per person or query, at the median under 100 ms and at the 99th percentile under 250 ms.
 */
const TARGETS = { alike: { p50: 50, p99: 250 }, personal: { p50: 100, p99: 250 } } as const;

const ACCOUNTS = {
  anonymous: null,
  analyst: { email: 'analyst@demo.cbm-tracker.invalid', password: 'demo-analyst-password' },
  official: { email: 'saps@demo.cbm-tracker.invalid', password: 'demo-saps-password' },
} as const;
type Caller = keyof typeof ACCOUNTS;

interface Page {
  name: string;
  path: string;
  as: Caller;
  kind: keyof typeof TARGETS;
}

/** Where the data set comes from: a database given, or one built now with `npm run bench:data`. */
async function nationalDatabase(
  provider: 'sqlite' | 'postgresql',
): Promise<{ url: string; drop: () => Promise<void> }> {
  const given = provider === 'sqlite' ? process.env.BENCH_SQLITE_URL : process.env.BENCH_POSTGRESQL_URL;
  if (given) return { url: given, drop: async () => {} };
  const created =
    provider === 'sqlite'
      ? (({ url, remove }) => ({ url, drop: async () => remove() }))(temporarySqliteUrl())
      : await createTestDatabase('postgresql', { migrated: false });
  const started = performance.now();
  await promisify(execFile)('npm', ['run', 'bench:data', '--', '--scale', SCALE], {
    cwd: ROOT,
    env: { ...process.env, DATABASE_URL: created.url },
    maxBuffer: 64 * 1024 * 1024,
  });
  console.log(`[${provider}] built the ${SCALE} data set in ${((performance.now() - started) / 1000).toFixed(0)} s`);
  return created;
}

/** The pages of the issue, with ids read from the data set: its largest facility, cluster and case. */
async function pagesOf(db: Db): Promise<Page[]> {
  const facility = await db.facility.findFirstOrThrow({
    where: { archived: false },
    orderBy: { localIssues: { _count: 'desc' } },
    select: { code: true },
  });
  const cluster = await db.cluster.findFirstOrThrow({
    where: { mergedIntoId: null },
    orderBy: { issueCount: 'desc' },
    select: { id: true },
  });
  const officialDepartment = (await db.user.findUniqueOrThrow({
    where: { email: ACCOUNTS.official.email },
    select: { departmentId: true },
  }))!.departmentId!;
  const ownCase = await db.systemicCase.findFirstOrThrow({
    where: { owningDepartmentId: officialDepartment, status: { not: 'draft' } },
    orderBy: { events: { _count: 'desc' } },
    select: { reference: true },
  });
  const publicCase = await db.systemicCase.findFirstOrThrow({
    where: { visibility: 'public', status: { not: 'draft' } },
    select: { reference: true },
  });
  return [
    { name: 'home', path: '/', as: 'anonymous', kind: 'alike' },
    { name: 'home, signed in', path: '/', as: 'analyst', kind: 'personal' },
    { name: 'facility list', path: '/facilities', as: 'anonymous', kind: 'alike' },
    {
      name: 'facility list, filtered',
      path: '/facilities?province=gauteng&kind=clinic',
      as: 'anonymous',
      kind: 'personal',
    },
    { name: `facility page (${facility.code})`, path: `/facilities/${facility.code}`, as: 'anonymous', kind: 'alike' },
    { name: 'local issue list', path: '/issues', as: 'analyst', kind: 'alike' },
    {
      name: 'local issue list, filtered',
      path: '/issues?province=limpopo&status=open',
      as: 'analyst',
      kind: 'personal',
    },
    { name: 'local issue list, search', path: '/issues?q=medicine', as: 'analyst', kind: 'personal' },
    { name: 'cluster list', path: '/clusters', as: 'analyst', kind: 'alike' },
    { name: 'cluster list, problems', path: '/clusters?view=problems', as: 'analyst', kind: 'alike' },
    { name: 'cluster page (largest)', path: `/clusters/${cluster.id}`, as: 'analyst', kind: 'alike' },
    { name: 'case inbox (SAPS official)', path: '/inbox', as: 'official', kind: 'personal' },
    { name: `case page (${ownCase.reference})`, path: `/cases/${ownCase.reference}`, as: 'official', kind: 'personal' },
    { name: 'dashboard (analyst)', path: '/dashboard', as: 'analyst', kind: 'personal' },
    { name: 'knowledge page', path: '/knowledge/toolkit/overview', as: 'anonymous', kind: 'alike' },
    { name: 'knowledge search', path: '/search?q=charter', as: 'anonymous', kind: 'personal' },
    { name: 'public case list', path: '/cases', as: 'anonymous', kind: 'alike' },
    {
      name: `public case page (${publicCase.reference})`,
      path: `/cases/${publicCase.reference}`,
      as: 'anonymous',
      kind: 'alike',
    },
    { name: 'Open311 requests', path: '/open311/v2/requests.json', as: 'anonymous', kind: 'alike' },
  ];
}

/** The process and its descendants, from /proc: the start process, its web processes and its worker. */
function processTree(root: number): number[] {
  const parentOf = new Map<number, number>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      parentOf.set(Number(entry), Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]));
    } catch {
      // Ended meanwhile.
    }
  }
  const tree = [root];
  for (let i = 0; i < tree.length; i++) {
    for (const [pid, parent] of parentOf) if (parent === tree[i]) tree.push(pid);
  }
  return tree;
}

/** Peak resident memory (VmHWM) and the command line of each process, in megabytes. */
function peakMemory(pids: number[]): { process: string; peakMb: number }[] {
  return pids.flatMap((pid) => {
    try {
      const status = readFileSync(`/proc/${pid}/status`, 'utf8');
      const command = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter(Boolean).slice(-1)[0] ?? '';
      const peakKb = Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? 0);
      return [{ process: `${pid} ${command.replace(ROOT, '')}`, peakMb: Math.round(peakKb / 1024) }];
    } catch {
      return [];
    }
  });
}

for (const name of PROVIDERS.filter((p) => !process.env.BENCH_PROVIDER || p === process.env.BENCH_PROVIDER)) {
  describe.skipIf(name === 'postgresql' && inject('postgresSkipReason') !== null)(
    `pages under load at ${SCALE} scale, two web processes [${name}]`,
    () => {
      let database: { url: string; drop: () => Promise<void> };
      let db: Db;
      let app: RunningApp;
      let pages: Page[] = [];
      const cookies: Partial<Record<Caller, string>> = {};

      beforeAll(async () => {
        database = await nationalDatabase(name);
        db = providerFor(name, database.url).createClient();
        if (name === 'postgresql') await db.$executeRawUnsafe('VACUUM ANALYZE');
        app = await startApp({ DATABASE_URL: database.url, DEMO_ACCOUNTS: 'true', WEB_CONCURRENCY: '2' }, 10 * 60_000);
        for (const caller of ['analyst', 'official'] as const) {
          const response = await fetch(`${app.url}/login`, {
            method: 'POST',
            redirect: 'manual',
            headers: { origin: app.url, 'content-type': 'application/x-www-form-urlencoded' },
            body: new URLSearchParams(ACCOUNTS[caller]),
          });
          expect(response.status, `${caller} signs in`).toBe(303);
          cookies[caller] = cookiesFrom(response);
        }
        const only = process.env.BENCH_PAGES?.split(',').filter(Boolean);
        pages = (await pagesOf(db)).filter((page) => !only || only.some((word) => page.name.includes(word)));
      }, 60 * 60_000);
      afterAll(async () => {
        await app?.stop();
        await db?.$disconnect();
        await database?.drop();
      });

      test(
        'every page meets its target beside a bare node:http server of the same bytes',
        { timeout: 60 * 60_000 },
        async () => {
          const results: Record<string, Load & { bare: number; target: string }> = {};
          for (const page of pages) {
            const headers: Record<string, string> = cookies[page.as] ? { cookie: cookies[page.as]! } : {};
            const url = `${app.url}${page.path}`;
            const raw = await rawPage(url, headers);
            expect(raw.status, `${page.name}: status`).toBe(200);
            const bare = await bareServer({ [page.path]: raw });
            try {
              await warmUp(url, headers);
              const ours = await load(url, { headers });
              const theirs = await load(`${bare.url}${page.path}`);
              const target = TARGETS[page.kind];
              results[page.name] = {
                ...ours,
                bare: theirs.requestsPerSecond,
                target: `p50 < ${target.p50}, p99 < ${target.p99}`,
              };
            } finally {
              bare.process.kill();
            }
          }
          console.log(`[${name}] ${SCALE} data set, 2 web processes, 50 connections for 10 s per page`);
          console.table(results);
          const memory = peakMemory(processTree(app.pid));
          console.table(memory);
          const misses = pages.flatMap((page) => {
            const result = results[page.name]!;
            const target = TARGETS[page.kind];
            const problems = [
              result.errors > 0 && `${result.errors} errors`,
              result.p50 >= target.p50 && `p50 ${result.p50} ms`,
              result.p99 >= target.p99 && `p99 ${result.p99} ms`,
            ].filter(Boolean);
            return problems.length > 0 ? [`${page.name}: ${problems.join(', ')} (${result.target})`] : [];
          });
          const heavy = memory.filter((entry) => entry.peakMb >= MEMORY_LIMIT_MB);
          expect(heavy, 'processes over 1.5 GB').toEqual([]);
          expect(misses, 'pages that miss their target').toEqual([]);
        },
      );
    },
  );
}
