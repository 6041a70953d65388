// npm run bench -- tests/bench/import.bench.ts
// 26,000 local issues (the size of the pilot's citizen interviews) imported from CSV, against a plain
// batched INSERT of the same rows into the same tables (same triggers, one transaction, same driver).
import { spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, inject, test } from 'vitest';
import { loadSeedData } from '../../prisma/seed/load-seed-data.ts';
import { seedDatabase } from '../../prisma/seed/seed.ts';
import type { Db } from '../../src/db/client.ts';
import { dialectOf } from '../../src/db/dialect.ts';
import { aCsvRow, csvOf } from '../fixtures/import-csv.ts';
import { createTestDatabase, PROVIDERS, providerFor } from '../support/test-database.ts';

const ROWS = 26_000;
const FACILITIES = ['KIC-KABOKWENI-CLINIC', 'KIC-MSOGWABA-CLINIC', 'NP-EC-KATKOP-SAPS', 'NP-GP-DIEPSLOOT-SASSA'];
const TARGET_SECONDS = { sqlite: 10, postgresql: 20 } as const;

const rows = Array.from({ length: ROWS }, (_, index) =>
  aCsvRow(index + 1, {
    facility_code: FACILITIES[index % FACILITIES.length],
    wave: '',
    title: `Issue ${index + 1}: ${['medicine stock-out', 'vans at the garage', 'long queues', 'no social worker'][index % 4]}`,
  }),
);
const file = csvOf(rows);

/** Highest resident memory while `work` runs, sampled every 20 ms. */
async function withPeakMemory<T>(work: () => Promise<T>): Promise<{ result: T; seconds: number; peakMb: number }> {
  let peak = process.memoryUsage().rss;
  const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20);
  const started = performance.now();
  try {
    const result = await work();
    return {
      result,
      seconds: (performance.now() - started) / 1000,
      peakMb: Math.round(Math.max(peak, process.memoryUsage().rss) / 1_048_576),
    };
  } finally {
    clearInterval(timer);
  }
}

async function seededDatabase(name: (typeof PROVIDERS)[number]) {
  const created = await createTestDatabase(name);
  const db = providerFor(name, created.url).createClient();
  await seedDatabase(db, loadSeedData());
  return { db, url: created.url, drop: async () => (await db.$disconnect(), await created.drop()) };
}

const ROOT = new URL('../../', import.meta.url).pathname;
const csvPath = join(mkdtempSync(join(tmpdir(), 'cbm-import-bench-')), 'bench.csv');
writeFileSync(csvPath, file);

/** The import in a fresh process: its peak memory is the import's, not the test runner's. */
function importInOwnProcess(databaseUrl: string, userId: string): { seconds: number; peakMb: number; created: number } {
  const result = spawnSync(
    join(ROOT, 'node_modules/.bin/tsx'),
    ['--disable-warning=ExperimentalWarning', 'tests/bench/support/import-once.ts', databaseUrl, csvPath, userId],
    { cwd: ROOT, encoding: 'utf8' },
  );
  if (result.status !== 0) throw new Error(`The import failed:\n${result.stderr}`);
  return JSON.parse(result.stdout.trim().split('\n').at(-1)!) as { seconds: number; peakMb: number; created: number };
}

/** The floor: the same rows, already validated, inserted with the same batched statements into the same tables. */
async function plainInsert(db: Db) {
  const dialect = dialectOf(db);
  const facilities = await db.facility.findMany({ where: { code: { in: FACILITIES } } });
  const stockOut = await db.tag.findUniqueOrThrow({ where: { slug: 'stock-out' } });
  const stamp = dialect.dateValue(new Date());
  await db.$transaction(
    async (tx) => {
      const ids = rows.map(() => randomUUID());
      await dialect.insertRows(
        tx,
        'LocalIssue',
        [
          'id',
          'facilityId',
          'title',
          'description',
          'source',
          'respondentsCiting',
          'respondentsAsked',
          'status',
          'raisedOn',
          'importSource',
          'externalRef',
          'createdAt',
          'updatedAt',
        ].map((name) => ({
          name,
          pgType: {
            source: '"IssueSource"',
            status: '"LocalIssueStatus"',
            raisedOn: 'timestamp(3)',
            createdAt: 'timestamp(3)',
            updatedAt: 'timestamp(3)',
            respondentsCiting: 'integer',
            respondentsAsked: 'integer',
          }[name],
        })),
        rows.map((row, index) => [
          ids[index],
          facilities[index % facilities.length]!.id,
          row.title,
          row.description,
          'citizen_survey',
          12,
          40,
          'open',
          stamp,
          'plain',
          row.external_ref,
          stamp,
          stamp,
        ]),
      );
      await dialect.insertRows(
        tx,
        'RootCause',
        ['id', 'localIssueId', 'statement', 'level', 'category', 'position', 'createdAt'].map((name) => ({
          name,
          pgType: {
            level: '"RootCauseLevel"',
            category: '"RootCauseCategory"',
            position: 'integer',
            createdAt: 'timestamp(3)',
          }[name],
        })),
        ids.map((id) => [
          randomUUID(),
          id,
          'Orders wait for approval at the depot',
          'provincial',
          'supply_chain',
          0,
          stamp,
        ]),
      );
      // Each row names "stock-out" (and its synonym "no medication"): one tag link per issue, as the import writes.
      await dialect.insertRows(
        tx,
        'LocalIssueTag',
        [{ name: 'localIssueId' }, { name: 'tagId' }],
        ids.map((id) => [id, stockOut.id]),
      );
    },
    { timeout: 10 * 60_000 },
  );
}

for (const name of PROVIDERS.filter(
  (p) => process.env.BENCH_PROVIDER === undefined || p === process.env.BENCH_PROVIDER,
)) {
  describe.skipIf(name === 'postgresql' && inject('postgresSkipReason') !== null)(
    `importing ${ROWS} rows [${name}]`,
    () => {
      const cleanups: (() => Promise<void>)[] = [];
      afterAll(async () => {
        for (const cleanup of cleanups) await cleanup();
      });

      test('stays within its time, memory and the plain insert’s double', { timeout: 10 * 60_000 }, async () => {
        const forImport = await seededDatabase(name);
        const forPlain = await seededDatabase(name);
        cleanups.push(forImport.drop, forPlain.drop);
        const user = await forImport.db.user.create({
          data: { email: 'bench@test.cbm-tracker.invalid', name: 'Bench', role: 'analyst' },
        });
        const plain = await withPeakMemory(() => plainInsert(forPlain.db));
        const imported = importInOwnProcess(forImport.url, user.id);
        console.table({
          [`CSV import (${(file.length / 1_048_576).toFixed(1)} MB), own process`]: imported,
          'plain batched INSERT, in the test process': { seconds: plain.seconds.toFixed(2), peakMb: plain.peakMb },
        });
        expect(imported.created).toBe(ROWS);
        expect(imported.seconds).toBeLessThan(TARGET_SECONDS[name]);
        expect(imported.peakMb).toBeLessThan(400);
        expect(imported.seconds).toBeLessThanOrEqual(plain.seconds * 2);
      });
    },
  );
}
