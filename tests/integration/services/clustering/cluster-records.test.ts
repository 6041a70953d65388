import { beforeAll, expect, it } from 'vitest';
import {
  loadClusteringTaxonomy,
  loadIssuesForClustering,
} from '../../../../src/server/services/clustering/cluster-records.ts';
import { aFacility } from '../../../fixtures/builders.ts';
import { insertSyntheticIssues, syntheticIssues } from '../../../bench/support/synthetic-issues.ts';
import { describeEachProvider } from '../../../support/test-database.ts';

describeEachProvider('reading the issues for clustering', (database) => {
  beforeAll(async () => {
    const { db } = database();
    await aFacility(db);
    await insertSyntheticIssues(database().db, syntheticIssues(2_000));
  });

  it('reads every live issue a page at a time, letting timers run between pages', async () => {
    const { db } = database();
    const taxonomy = await loadClusteringTaxonomy(db);
    // libSQL answers on the event loop: without a turn between pages, a timer (or another request of the
    // web process, which builds the duplicate hint's index from these) waits until every page is read.
    let turns = 0;
    const timer = setInterval(() => (turns += 1), 0);
    try {
      const issues = await loadIssuesForClustering(db, taxonomy);
      expect(issues).toHaveLength(2_000);
    } finally {
      clearInterval(timer);
    }
    expect(turns).toBeGreaterThan(0);
  });
});
