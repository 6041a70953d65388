// npm run bench -- tests/bench/cluster-run.bench.ts
// A full clustering run over 20,000 local issues in the database (read, cluster, write) and a second run
// that keeps every cluster's identity, on both databases; then placing new issues one by one, and the
// duplicate hint.
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest';
import { loadSeedData } from '../../prisma/seed/load-seed-data.ts';
import { seedDatabase } from '../../prisma/seed/seed.ts';
import type { Db } from '../../src/db/client.ts';
import { searchAllNeighbours } from '../../src/domain/clustering/cluster-records.ts';
import { placeIssues } from '../../src/server/services/clustering/cluster-placement-service.ts';
import { similarIssues } from '../../src/server/services/clustering/cluster-queries.ts';
import { queueClusterRun, runClustering } from '../../src/server/services/clustering/cluster-run-service.ts';
import { anActorWithAccount } from '../support/auth.ts';
import { createTestDatabase, PROVIDERS, providerFor } from '../support/test-database.ts';
import { syntheticClusterRecords } from './support/synthetic-clusters.ts';
import { insertSyntheticIssues } from './support/synthetic-issues.ts';

const ISSUES = 20_000;

/** `count` synthetic issues after the first `offset`, written to the database; their ids. */
const insertIssues = (db: Db, count: number, offset = 0) =>
  insertSyntheticIssues(db, syntheticClusterRecords(offset + count).slice(offset));

for (const name of PROVIDERS.filter(
  (p) => process.env.BENCH_PROVIDER === undefined || p === process.env.BENCH_PROVIDER,
)) {
  describe.skipIf(name === 'postgresql' && inject('postgresSkipReason') !== null)(
    `clustering ${ISSUES.toLocaleString('en')} issues in the database [${name}]`,
    () => {
      let db: Db;
      let drop: () => Promise<void>;
      beforeAll(async () => {
        const created = await createTestDatabase(name);
        drop = created.drop;
        db = providerFor(name, created.url).createClient();
        await seedDatabase(db, loadSeedData());
        await insertIssues(db, ISSUES);
      }, 10 * 60_000);
      afterAll(async () => {
        await db.$disconnect();
        await drop();
      });

      test('runs twice and places new issues', { timeout: 20 * 60_000 }, async () => {
        const analyst = await anActorWithAccount(db, 'analyst');
        const timed = async (work: () => Promise<unknown>) => {
          const started = performance.now();
          await work();
          return Number(((performance.now() - started) / 1000).toFixed(2));
        };
        const run = async () => {
          const { clusterRunId } = await queueClusterRun(db, analyst);
          await runClustering(db, clusterRunId, { search: searchAllNeighbours });
        };
        const firstRun = await timed(run);
        const clusters = await db.cluster.count();
        const secondRun = await timed(run);
        expect(await db.cluster.count()).toBe(clusters);
        const fresh = await insertIssues(db, 200, ISSUES);
        const placeAll = await timed(() => placeIssues(db, fresh.slice(0, 1)));
        const placeRest = await timed(() => placeIssues(db, fresh.slice(1)));
        // The hint compares the draft with the issues saved since its index was built: the 199 placed.
        const drafts = syntheticClusterRecords(ISSUES + 220).slice(ISSUES + 200);
        const facility = await db.facility.findFirstOrThrow({ select: { id: true } });
        const hintMs: number[] = [];
        for (const draft of drafts) {
          const started = performance.now();
          await similarIssues(db, analyst, {
            facilityId: facility.id,
            title: draft.title,
            description: draft.description,
          });
          hintMs.push(performance.now() - started);
        }
        hintMs.sort((a, b) => a - b);
        console.table({
          [name]: {
            'first run s': firstRun,
            'second run s': secondRun,
            clusters,
            'first placement s (builds the index)': placeAll,
            'ms per placement after': Number(((placeRest * 1000) / (fresh.length - 1)).toFixed(1)),
            'duplicate hint ms (median, 199 saved since)': Number(hintMs[hintMs.length >> 1]!.toFixed(1)),
          },
        });
      });
    },
  );
}
