// npm run bench -- tests/bench/clustering-dev-semantic.bench.ts
// The command line with --semantic (its defaults, and any options in $CLUSTER_ARGS) on the six public labelled
// sets of ../shared/clustering-dev, beside the same without --semantic: each set scored on its level (ARI, or
// pair F1 on covidq-dups), with the gain. Fails below the floors reached (docs/CLUSTERING.md, "Semantic
// similarity"). Embeddings come from a cache in tests/.tmp (tests/support/embedding-cache.ts): the first run
// embeds the 23,000 texts, some 10 to 20 minutes on two cores; later runs take a minute or two.
// SEMANTIC_OPTIONS='{"neighbours":0}' (JSON) replaces semantic settings of the engine's defaults, to measure
// what each adds; with it or CLUSTER_ARGS the floors are not checked.
import { expect, test } from 'vitest';
import { DEFAULT_CLUSTERING, type SemanticOptions } from '../../src/domain/clustering/cluster-records.ts';
import {
  clusteringDevFolder,
  DEV_SETS,
  runCommandOnDevSet,
  scoreLevel,
  type DevSetName,
} from '../support/clustering-dev-sets.ts';
import { embedWithCache } from '../support/embedding-cache.ts';

/** With --semantic, as measured when its defaults were chosen, less a hair. */
const FLOORS: Record<DevSetName, number> = {
  clinc150: 0.565,
  'googlenews-ts': 0.85,
  'covidq-dups': 0.25,
  searchsnippets: 0.54,
  'nhs-feedback-critical': 0.1,
  'airline-complaints': 0.105,
};

test('--semantic on the six dev sets: each set on its level, with and without', { timeout: 60 * 60_000 }, async () => {
  const folder = clusteringDevFolder();
  if (!folder) throw new Error('No shared/clustering-dev beside the project: set CLUSTERING_DEV_SETS to its folder.');
  const args = (process.env.CLUSTER_ARGS ?? '').split(/\s+/).filter(Boolean);
  const replaced = JSON.parse(process.env.SEMANTIC_OPTIONS ?? '{}') as Partial<SemanticOptions>;
  // This process only: the command line reads the defaults when it runs.
  Object.assign(DEFAULT_CLUSTERING.semantic, replaced);
  const rows: Record<string, Record<string, number | string>> = {};
  const scores: Partial<Record<DevSetName, number>> = {};
  for (const { name, level } of DEV_SETS) {
    const scoreOf = async (extra: string[]) => {
      const run = await runCommandOnDevSet(folder, name, [...extra, ...args], embedWithCache);
      const score = scoreLevel(level === 'problem' ? run.cluster : run.theme, run.labels);
      return {
        value: name === 'covidq-dups' ? score.pairF1 : score.ari,
        clusters: score.clusters,
        seconds: run.seconds,
      };
    };
    const lexical = await scoreOf([]);
    const semantic = await scoreOf(['--semantic']);
    scores[name] = semantic.value;
    rows[name] = {
      level: `${level}${name === 'covidq-dups' ? ' (pair F1)' : ''}`,
      lexical: Number(lexical.value.toFixed(3)),
      semantic: Number(semantic.value.toFixed(3)),
      gain: Number((semantic.value - lexical.value).toFixed(3)),
      'clusters (semantic)': semantic.clusters,
      'seconds (semantic)': Number(semantic.seconds.toFixed(1)),
      floor: FLOORS[name],
    };
  }
  console.log(
    `npm run cluster -- --semantic ${args.join(' ')} ${JSON.stringify(replaced)}: ARI (pair F1 on covidq-dups) on each set's level`,
  );
  console.table(rows);
  if (args.length > 0 || Object.keys(replaced).length > 0) return;
  for (const { name } of DEV_SETS) expect(scores[name], name).toBeGreaterThanOrEqual(FLOORS[name]);
});
