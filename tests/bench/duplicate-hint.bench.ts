// BENCH_SQLITE_URL=file:/path.db BENCH_POSTGRESQL_URL=postgres://… npm run bench -- tests/bench/duplicate-hint.bench.ts
// The duplicate hint at capture on a data set `npm run bench:data` filled and `npm run cluster:run` clustered (the
// hint weighs words by the latest run's vocabulary): the time per draft, for drafts copied from 40 of its issues.
// A database not given is skipped: building the national data set takes minutes.
import { describe, expect, test } from 'vitest';
import type { Db } from '../../src/db/client.ts';
import { findSimilarIssues } from '../../src/server/services/clustering/duplicate-hint.ts';
import { providerFor } from '../support/test-database.ts';

const DRAFTS = 40;

const GIVEN = {
  sqlite: process.env.BENCH_SQLITE_URL,
  postgresql: process.env.BENCH_POSTGRESQL_URL,
} as const;

for (const [name, url] of Object.entries(GIVEN) as [keyof typeof GIVEN, string | undefined][]) {
  describe.skipIf(!url)(`the duplicate hint on a clustered data set [${name}]`, () => {
    test('the time a hint takes, the first (which reads the vocabulary) apart', async () => {
      const db: Db = providerFor(name, url!).createClient();
      try {
        const issueCount = await db.localIssue.count({ where: { archived: false } });
        const step = Math.max(1, Math.floor(issueCount / DRAFTS));
        const drafts = await Promise.all(
          Array.from({ length: DRAFTS }, (_, index) =>
            db.localIssue.findFirstOrThrow({
              where: { archived: false },
              orderBy: { id: 'asc' },
              skip: index * step,
              select: { id: true, title: true, description: true },
            }),
          ),
        );
        const times: number[] = [];
        let foundItself = 0;
        for (const draft of drafts) {
          const started = performance.now();
          const found = await findSimilarIssues(db, { title: draft.title, description: draft.description, tags: [] });
          times.push(performance.now() - started);
          if (found.some((similar) => similar.localIssueId === draft.id)) foundItself += 1;
        }
        const [first, ...rest] = times;
        rest.sort((a, b) => a - b);
        const at = (share: number) => rest[Math.min(rest.length - 1, Math.floor(share * rest.length))]!;
        console.table({
          [name]: {
            issues: issueCount,
            firstMs: Math.round(first!),
            medianMs: Math.round(at(0.5)),
            p95Ms: Math.round(at(0.95)),
            maxMs: Math.round(rest.at(-1)!),
            foundItself: `${foundItself} of ${DRAFTS}`,
          },
        });
        // A draft copied from an issue finds that issue: it shares every word.
        expect(foundItself).toBeGreaterThanOrEqual(DRAFTS * 0.9);
      } finally {
        await db.$disconnect();
      }
    });
  });
}
