// Clustering quality with semantic similarity on, against the CBM labelled set (476 records: embedding
// them takes some 10 to 15 s, so the other two sets are measured in tests/bench/semantic.bench.ts). The
// floors are the values measured when the semantic defaults were chosen (docs/CLUSTERING.md), less a hair.
import { beforeAll, describe, expect, it } from 'vitest';
import { clusterRecords, type ClusteringResult } from '../../../src/domain/clustering/cluster-records.ts';
import { measureClustering, type ClusteringQuality } from '../../../src/domain/clustering/quality.ts';
import { loadSentenceEncoder } from '../../../src/server/clustering/sentence-encoder.ts';
import {
  aloneShare,
  loadLabelledSet,
  taxonomy,
  withEmbeddings,
  type LabelledSet,
} from '../../support/clustering-fixtures.ts';

const FLOOR = { f1: 0.755, adjustedRandIndex: 0.75, alone: 0.65 };

describe('clustering the CBM local issues with semantic similarity', () => {
  let set: LabelledSet;
  let result: ClusteringResult;
  let quality: ClusteringQuality;
  beforeAll(async () => {
    set = loadLabelledSet('cbm-local-issues');
    result = await clusterRecords(await withEmbeddings(set, await loadSentenceEncoder()), taxonomy.ancestorsOf);
    quality = measureClustering(result.clusterOf.map(String), set.labels);
  }, 120_000);

  it('agrees with the labels at least as well as when its defaults were chosen', () => {
    expect(quality.f1).toBeGreaterThanOrEqual(FLOOR.f1);
    expect(quality.adjustedRandIndex).toBeGreaterThanOrEqual(FLOOR.adjustedRandIndex);
  });

  it('leaves most one-off records alone', () => {
    expect(aloneShare(set, result)).toBeGreaterThanOrEqual(FLOOR.alone);
  });

  it('still marks most entries repeated at the same facility as near-duplicates', () => {
    const flagged = result.clusters.flatMap((cluster) => cluster.nearDuplicates);
    const found = flagged.filter(([a, b]) => set.duplicateOf.get(a) === b || set.duplicateOf.get(b) === a).length;
    expect(found / set.duplicateOf.size).toBeGreaterThanOrEqual(0.7);
    expect(found / flagged.length).toBeGreaterThanOrEqual(0.6);
  });
});
