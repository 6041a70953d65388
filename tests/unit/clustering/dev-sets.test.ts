// The clustering command line, with its defaults, on the six public labelled sets of ../shared/clustering-dev
// (issue 18's targets): problems are judged on the fine-grained sets, themes on the topic-level ones. A target
// reached is held here; one not yet reached holds the figure measured now (less a hair), so that a loss fails
// and a gain shows. The sets are found as tests/support/clustering-dev-sets.ts says: $CLUSTERING_DEV_SETS, or a
// folder shared/clustering-dev beside the project or any folder above it (CI: ../shared beside the checkout;
// a worktree at /work/wt/<name>: /work/shared). `CLUSTER_REPORT=1` prints the figures.
import { describe, expect, it } from 'vitest';
import {
  clusteringDevFolder,
  runCommandOnDevSet,
  scoreLevel,
  type DevSetName,
  type Level,
} from '../../support/clustering-dev-sets.ts';

interface Bar {
  level: Level;
  metric: 'ari' | 'pairF1';
  /** Issue 18's lexical target. */
  target: number;
  /** What the test holds: the target once reached, else the figure measured now less a hair. */
  floor: number;
  /** For the duplicate set: at least this share of the true number of groups found. */
  clustersShare?: number;
}

const BARS: Record<DevSetName, Bar> = {
  clinc150: { level: 'problem', metric: 'ari', target: 0.45, floor: 0.4 },
  'googlenews-ts': { level: 'problem', metric: 'ari', target: 0.82, floor: 0.82 },
  'covidq-dups': { level: 'problem', metric: 'pairF1', target: 0.22, floor: 0.145 },
  searchsnippets: { level: 'theme', metric: 'ari', target: 0.25, floor: 0.25 },
  'nhs-feedback-critical': { level: 'theme', metric: 'ari', target: 0.1, floor: 0.09 },
  'airline-complaints': { level: 'theme', metric: 'ari', target: 0.05, floor: 0.05 },
};

const folder = clusteringDevFolder();

describe.each(Object.entries(BARS) as [DevSetName, Bar][])('the command line on %s', (name, bar) => {
  it(
    `scores its ${bar.level}s at least ${bar.floor} ${bar.metric} (target ${bar.target})`,
    { timeout: 120_000 },
    async () => {
      if (!folder)
        throw new Error('No shared/clustering-dev beside the project: set CLUSTERING_DEV_SETS to its folder.');
      const run = await runCommandOnDevSet(folder, name);
      const score = scoreLevel(bar.level === 'problem' ? run.cluster : run.theme, run.labels);
      if (process.env.CLUSTER_REPORT) {
        console.log(name, bar.level, { ...score, target: bar.target, seconds: Number(run.seconds.toFixed(1)) });
      }
      expect(score[bar.metric]).toBeGreaterThanOrEqual(bar.floor);
      if (bar.clustersShare) {
        expect(score.clusters).toBeGreaterThanOrEqual(bar.clustersShare * new Set(run.labels).size);
      }
    },
  );
});
