// The neighbour search on worker threads finds what the search on one thread finds, with and without
// semantic ranking (whose embeddings the threads read from shared memory).
import { describe, expect, it } from 'vitest';
import { DEFAULT_CLUSTERING, searchAllNeighbours } from '../../../src/domain/clustering/cluster-records.ts';
import { buildFeatureSpace } from '../../../src/domain/clustering/features.ts';
import { averagePairCosine } from '../../../src/domain/clustering/semantic.ts';
import { parallelNeighbourSearch } from '../../../src/server/clustering/parallel-neighbours.ts';
import { syntheticClusterRecords, syntheticEmbeddings } from '../../bench/support/synthetic-clusters.ts';

describe('parallelNeighbourSearch', () => {
  const records = syntheticClusterRecords(600);
  const space = buildFeatureSpace(records, DEFAULT_CLUSTERING.features, () => []);
  const embeddings = syntheticEmbeddings(records);
  const semantic = {
    embeddings,
    blend: { weight: 0.3, baseline: averagePairCosine(embeddings) },
    candidates: 50,
    embeddingNeighbours: 0,
    nearest: null,
  };
  const onThreads = parallelNeighbourSearch(2, 0);

  it('finds the same neighbours on two threads as on one', async () => {
    const options = DEFAULT_CLUSTERING.neighbours;
    expect(await onThreads(space, options, null)).toEqual(searchAllNeighbours(space, options, null));
  });

  it('ranks by the same blend on two threads as on one', async () => {
    const options = DEFAULT_CLUSTERING.neighbours;
    const expected = searchAllNeighbours(space, options, semantic);
    expect(await onThreads(space, options, semantic)).toEqual(expected);
    expect(expected).not.toEqual(searchAllNeighbours(space, options, null));
  });

  it('joins the same nearest records by embedding on two threads as on one', async () => {
    const options = DEFAULT_CLUSTERING.neighbours;
    const joined = { ...semantic, embeddingNeighbours: 10 };
    const expected = searchAllNeighbours(space, options, joined);
    expect(await onThreads(space, options, joined)).toEqual(expected);
    expect(expected).not.toEqual(searchAllNeighbours(space, options, semantic));
  });
});
