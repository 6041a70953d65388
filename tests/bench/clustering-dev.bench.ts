// npm run bench -- tests/bench/clustering-dev.bench.ts
// The command line with its defaults (and any options in $CLUSTER_ARGS, e.g. CLUSTER_ARGS="--theme-resolution 1.5")
// on the six public labelled sets of ../shared/clustering-dev (where they are found: tests/support/
// clustering-dev-sets.ts), scored as their score.mjs scores: ARI, pair F1 and clusters found, for problems
// and themes. The level each set is judged on is marked; the lexical targets themselves are held in
// tests/unit/clustering/dev-sets.test.ts.
import { test } from 'vitest';
import {
  clusteringDevFolder,
  DEV_SETS,
  runCommandOnDevSet,
  scoreLevel,
  type LevelScore,
} from '../support/clustering-dev-sets.ts';

const shown = ({ ari, pairF1, clusters }: LevelScore) => `${ari.toFixed(3)} / ${pairF1.toFixed(3)} / ${clusters}`;

test(
  'the command line on the six dev sets: ARI / pair F1 / clusters, per level',
  { timeout: 10 * 60_000 },
  async () => {
    const folder = clusteringDevFolder();
    if (!folder) throw new Error('No shared/clustering-dev beside the project: set CLUSTERING_DEV_SETS to its folder.');
    const args = (process.env.CLUSTER_ARGS ?? '').split(/\s+/).filter(Boolean);
    const rows = [];
    for (const { name, level } of DEV_SETS) {
      const run = await runCommandOnDevSet(folder, name, args);
      rows.push({
        set: name,
        'judged on': level,
        problems: shown(scoreLevel(run.cluster, run.labels)),
        themes: shown(scoreLevel(run.theme, run.labels)),
        'true groups': new Set(run.labels).size,
        seconds: Number(run.seconds.toFixed(1)),
      });
    }
    console.log(`npm run cluster -- ${args.join(' ')} (ARI / pair F1 / clusters found)`);
    console.table(rows);
  },
);
