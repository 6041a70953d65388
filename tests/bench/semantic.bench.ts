// npm run bench -- tests/bench/semantic.bench.ts
// What semantic similarity (--semantic) gives and costs on the three labelled sets: precision, recall, F1,
// ARI and the one-offs left alone, with and without it, on the whole sets and averaged over six random
// subsets of 85% (single runs swing by a few points of F1 with a hundredth of a threshold); and the
// encoder's speed on one thread and on every core, extrapolated to 100,000 local issues. Fails if a set falls below its floor.
import { expect, test } from 'vitest';
import { clusterRecords } from '../../src/domain/clustering/cluster-records.ts';
import type { ClusterRecord } from '../../src/domain/clustering/features.ts';
import { measureClustering } from '../../src/domain/clustering/quality.ts';
import { semanticTextOf } from '../../src/domain/clustering/semantic.ts';
import { embedOnAllCores } from '../../src/server/clustering/parallel-embedding.ts';
import { loadSentenceEncoder } from '../../src/server/clustering/sentence-encoder.ts';
import {
  aloneShare,
  FIXTURES,
  loadLabelledSet,
  taxonomy,
  withEmbeddings,
  type FixtureName,
  type LabelledSet,
} from '../support/clustering-fixtures.ts';
import { seededRandom } from './support/synthetic-issues.ts';

/** With semantic similarity on, measured when its defaults were chosen, less a hair. */
const FLOORS: Record<FixtureName, { f1: number; alone: number }> = {
  'cbm-local-issues': { f1: 0.755, alone: 0.65 },
  'municipal-complaints': { f1: 0.62, alone: 0.68 },
  'support-tickets': { f1: 0.72, alone: 0.65 },
  'customer-queries': { f1: 0.2, alone: 0.3 },
};
const SUBSETS = 6;
const NATIONAL_SCALE = 100_000;

async function measure(set: LabelledSet, records: readonly ClusterRecord[]) {
  const result = await clusterRecords(records, taxonomy.ancestorsOf);
  return { ...measureClustering(result.clusterOf.map(String), set.labels), alone: aloneShare(set, result) };
}

/** The average F1 and share left alone over random subsets of 85% of the records (the same for both runs). */
async function measureSubsets(set: LabelledSet, records: readonly ClusterRecord[]) {
  let f1 = 0;
  let alone = 0;
  for (let subset = 0; subset < SUBSETS; subset += 1) {
    const random = seededRandom(100 + subset);
    const kept = records.flatMap((_, index) => (random() < 0.85 ? [index] : []));
    const part: LabelledSet = { ...set, labels: kept.map((index) => set.labels[index]!) };
    const measured = await measure(
      part,
      kept.map((index) => records[index]!),
    );
    f1 += measured.f1 / SUBSETS;
    alone += measured.alone / SUBSETS;
  }
  return { f1, alone };
}

const round = (values: Record<string, number>) =>
  Object.fromEntries(Object.entries(values).map(([name, value]) => [name, Number(value.toFixed(3))]));

test(
  'semantic similarity: quality with and without it, and the encoder’s speed',
  { timeout: 10 * 60_000 },
  async () => {
    const loading = performance.now();
    const encoder = await loadSentenceEncoder();
    const loadSeconds = (performance.now() - loading) / 1000;
    const table: Record<string, Record<string, number>> = {};
    let texts = 0;
    let seconds = 0;
    for (const name of FIXTURES) {
      const set = loadLabelledSet(name);
      const started = performance.now();
      const embedded = await withEmbeddings(set, encoder);
      const took = (performance.now() - started) / 1000;
      [texts, seconds] = [texts + set.records.length, seconds + took];
      const lexical = await measure(set, set.records);
      const semantic = await measure(set, embedded);
      const [lexicalSubsets, semanticSubsets] = [
        await measureSubsets(set, set.records),
        await measureSubsets(set, embedded),
      ];
      table[`${name}, lexical`] = round({ ...lexical, subsetF1: lexicalSubsets.f1, subsetAlone: lexicalSubsets.alone });
      table[`${name}, semantic`] = round({
        ...semantic,
        subsetF1: semanticSubsets.f1,
        subsetAlone: semanticSubsets.alone,
        textsPerSecond: set.records.length / took,
      });
      expect(semantic.f1).toBeGreaterThanOrEqual(FLOORS[name].f1);
      expect(semantic.alone).toBeGreaterThanOrEqual(FLOORS[name].alone);
    }
    console.table(table);
    // The command line embeds on every core: the three sets at once, as one file.
    const allTexts = FIXTURES.flatMap((name) => loadLabelledSet(name).records.map(semanticTextOf));
    const started = performance.now();
    await embedOnAllCores(allTexts);
    const onEveryCore = (performance.now() - started) / 1000 / allTexts.length;
    const onOne = seconds / texts;
    const speed = (perText: number) => ({
      millisecondsPerText: perText * 1000,
      [`hoursFor${NATIONAL_SCALE}`]: (perText * NATIONAL_SCALE) / 3600,
    });
    console.table({
      'one thread': round({ loadSeconds, texts, ...speed(onOne) }),
      'every core': round({ texts: allTexts.length, ...speed(onEveryCore) }),
    });
  },
);
