// Semantic similarity in the engine, with stand-in embeddings (the encoder itself is tested in
// tests/integration/clustering): the blend is exact over groups, and changes clustering only when given.
import { beforeAll, describe, expect, it } from 'vitest';
import {
  clusterRecords,
  DEFAULT_CLUSTERING,
  semanticWeightOf,
  type ClusteringOptions,
  type ClusteringResult,
} from '../../../src/domain/clustering/cluster-records.ts';
import {
  addTo,
  averageSimilarity,
  similarityToGroup,
  sumOf,
  type SimilaritySpace,
} from '../../../src/domain/clustering/cohesion.ts';
import { buildFeatureSpace, dot, type ClusterRecord } from '../../../src/domain/clustering/features.ts';
import { exactNearestByEmbedding } from '../../../src/domain/clustering/neighbours.ts';
import { createPlacementIndex, joinCluster, placeRecord } from '../../../src/domain/clustering/placement.ts';
import { measureClustering } from '../../../src/domain/clustering/quality.ts';
import {
  averagePairCosine,
  blendSimilarity,
  embeddingDot,
  SEMANTIC_TEXT_LENGTH,
  semanticTextOf,
} from '../../../src/domain/clustering/semantic.ts';
import { seededRandom } from '../../bench/support/synthetic-issues.ts';
import { aClusterRecord, loadLabelledSet, taxonomy, type LabelledSet } from '../../support/clustering-fixtures.ts';

const DIMENSIONS = 32;

function unit(values: Float32Array): Float32Array {
  const norm = Math.hypot(...values);
  return values.map((value) => value / norm);
}

/** Random unit vectors; with `directions`, each leans towards its group's direction by `lean`. */
function standInEmbeddings(groups: readonly string[], seed: number, lean = 0): Float32Array[] {
  const random = seededRandom(seed);
  const noise = () => Float32Array.from({ length: DIMENSIONS }, () => random() * 2 - 1);
  const directions = new Map<string, Float32Array>();
  return groups.map((group) => {
    if (!directions.has(group)) directions.set(group, unit(noise()));
    const direction = directions.get(group)!;
    const jitter = unit(noise());
    return unit(direction.map((value, i) => lean * value + (1 - lean) * jitter[i]!));
  });
}

const withEmbeddings = (records: readonly ClusterRecord[], embeddings: readonly Float32Array[]) =>
  records.map((record, index) => ({ ...record, embedding: embeddings[index]! }));
const f1Of = (set: LabelledSet, result: ClusteringResult) =>
  measureClustering(result.clusterOf.map(String), set.labels).f1;

describe('semanticTextOf', () => {
  it('reads the title and the description as one text', () => {
    expect(semanticTextOf({ title: 'No water', description: 'The taps are dry.' })).toBe('No water. The taps are dry.');
    expect(semanticTextOf({ title: 'No water?', description: 'Dry taps' })).toBe('No water? Dry taps');
    expect(semanticTextOf({ title: '', description: 'Dry taps' })).toBe('Dry taps');
  });

  it('reads a title an export cut from the description once', () => {
    expect(semanticTextOf({ title: 'The taps are …', description: 'The taps are dry since Monday.' })).toBe(
      'The taps are dry since Monday.',
    );
    expect(semanticTextOf({ title: 'The taps are dry', description: 'The taps are dry' })).toBe('The taps are dry');
    // A person's own title that begins the description is still a title.
    expect(semanticTextOf({ title: 'Taps', description: 'Taps are dry' })).toBe('Taps. Taps are dry');
  });

  it('cuts a long text at a word', () => {
    const text = semanticTextOf({ title: 'Crash', description: 'at line 42 of module '.repeat(100) });
    expect(text.length).toBeLessThanOrEqual(SEMANTIC_TEXT_LENGTH);
    expect(text.length).toBeGreaterThan(SEMANTIC_TEXT_LENGTH - 25);
    expect(text.endsWith(' ')).toBe(false);
  });
});

describe('the blend over groups', () => {
  const records = ['Clinic has no insulin', 'Insulin out of stock', 'No insulin again', 'Broken streetlights'].map(
    (title, index) => aClusterRecord(String(index), title),
  );
  const embeddings = standInEmbeddings(['a', 'a', 'a', 'b'], 3, 0.5);
  const { vectors } = buildFeatureSpace(records, DEFAULT_CLUSTERING.features, () => []);
  const space: SimilaritySpace = {
    vectors,
    embeddings,
    blend: { weight: 0.3, baseline: averagePairCosine(embeddings) },
  };
  const pair = (a: number, b: number) =>
    blendSimilarity(space.blend, dot(vectors[a]!, vectors[b]!), embeddingDot(embeddings[a]!, embeddings[b]!));

  it('measures the average cosine over all pairs exactly', () => {
    const pairs = [0, 1, 2, 3].flatMap((a) => [0, 1, 2, 3].filter((b) => b > a).map((b) => [a, b] as const));
    const expected = pairs.reduce((sum, [a, b]) => sum + embeddingDot(embeddings[a]!, embeddings[b]!), 0) / 6;
    expect(space.blend.baseline).toBeCloseTo(expected, 6);
  });

  it('gives each member the exact average of its blended similarities to the others, from the sums', () => {
    const group = [0, 1, 2];
    const sum = sumOf(space, group);
    for (const member of group) {
      const others = group.filter((other) => other !== member);
      const expected = others.reduce((total, other) => total + pair(member, other), 0) / others.length;
      expect(averageSimilarity(space, member, sum, group.length)).toBeCloseTo(expected, 6);
    }
    const outsider = (pair(3, 0) + pair(3, 1) + pair(3, 2)) / 3;
    expect(similarityToGroup(space.blend, vectors[3]!, embeddings[3]!, sum, 3)).toBeCloseTo(outsider, 6);
  });

  it('keeps a group of one exact as members join, without changing the member’s own embedding', () => {
    const before = Float32Array.from(embeddings[0]!);
    const sum = sumOf(space, [0]);
    expect(similarityToGroup(space.blend, vectors[1]!, embeddings[1]!, sum, 1)).toBeCloseTo(pair(1, 0), 6);
    addTo(sum, vectors[1]!, embeddings[1]!, 1);
    expect(similarityToGroup(space.blend, vectors[2]!, embeddings[2]!, sum, 2)).toBeCloseTo(
      (pair(2, 0) + pair(2, 1)) / 2,
      6,
    );
    expect(embeddings[0]).toEqual(before);
  });
});

describe('clustering with embeddings', () => {
  let set: LabelledSet;
  let lexical: ClusteringResult;
  beforeAll(async () => {
    set = loadLabelledSet('cbm-local-issues');
    lexical = await clusterRecords(set.records, taxonomy.ancestorsOf);
  });

  it('gives exactly the lexical clusters when no record carries an embedding, whatever the semantic settings', async () => {
    const semantic: ClusteringOptions = {
      ...DEFAULT_CLUSTERING,
      semantic: {
        ...DEFAULT_CLUSTERING.semantic,
        weight: 0.9,
        shortTextWeight: 0.9,
        candidates: 200,
        neighbours: 20,
        edgeThreshold: 0.5,
        cohesion: 0.4,
      },
    };
    const { clusters, clusterOf } = await clusterRecords(set.records, taxonomy.ancestorsOf, semantic);
    expect({ clusters, clusterOf }).toEqual({ clusters: lexical.clusters, clusterOf: lexical.clusterOf });
  });

  it('groups records by what their embeddings say when they are given', async () => {
    // Embeddings that know each record's problem: the clusters must move towards the labels.
    const knowing = withEmbeddings(set.records, standInEmbeddings(set.labels, 11, 0.8));
    const options: ClusteringOptions = {
      ...DEFAULT_CLUSTERING,
      semantic: { ...DEFAULT_CLUSTERING.semantic, weight: 0.5 },
    };
    const blended = await clusterRecords(knowing, taxonomy.ancestorsOf, options);
    expect(f1Of(set, blended)).toBeGreaterThan(f1Of(set, lexical) + 0.05);
    // Embeddings that know nothing (random directions) must not help.
    const random = withEmbeddings(
      set.records,
      standInEmbeddings(
        set.records.map((record) => record.key),
        12,
      ),
    );
    expect(f1Of(set, await clusterRecords(random, taxonomy.ancestorsOf, options))).toBeLessThan(f1Of(set, blended));
  });

  it('copes with records whose embeddings are all the same', async () => {
    const same = new Float32Array(DIMENSIONS).fill(1 / Math.sqrt(DIMENSIONS));
    const records = set.records.slice(0, 40).map((record) => ({ ...record, embedding: same }));
    const result = await clusterRecords(records, taxonomy.ancestorsOf);
    for (const member of result.clusters.flatMap((cluster) => cluster.members)) {
      expect(Number.isFinite(member.similarity)).toBe(true);
    }
  });

  it('refuses records of which only some carry an embedding', async () => {
    const some = set.records.map((record, index) =>
      index % 2 === 0 ? { ...record, embedding: new Float32Array(DIMENSIONS).fill(1 / Math.sqrt(DIMENSIONS)) } : record,
    );
    await expect(clusterRecords(some, taxonomy.ancestorsOf)).rejects.toThrow(/238 of 476 records carry an embedding/);
  });
});

describe('placing with embeddings', () => {
  const set = loadLabelledSet('support-tickets');
  const embeddings = standInEmbeddings(set.labels, 5, 0.6);
  // The last record of a recurring problem arrives late.
  const late = set.labels.findLastIndex((label) => !label.startsWith('solo-'));
  const earlier = set.records.filter((_, index) => index !== late);
  const clustered = withEmbeddings(
    earlier,
    embeddings.filter((_, index) => index !== late),
  );
  const newcomer = { ...set.records[late]!, embedding: embeddings[late]! };

  it('scores a new record by the blend when the clustered records carry embeddings', async () => {
    const { clusterOf } = await clusterRecords(clustered, taxonomy.ancestorsOf);
    const blended = createPlacementIndex(clustered, clusterOf, taxonomy.ancestorsOf, DEFAULT_CLUSTERING);
    const lexical = createPlacementIndex(earlier, clusterOf, taxonomy.ancestorsOf, DEFAULT_CLUSTERING);
    const withBlend = placeRecord(blended, newcomer);
    expect(withBlend.similar.map((similar) => similar.similarity)).not.toEqual(
      placeRecord(lexical, newcomer).similar.map((similar) => similar.similarity),
    );
    // Among records without embeddings, a newcomer's embedding is not used.
    expect(placeRecord(lexical, newcomer)).toEqual(placeRecord(lexical, set.records[late]!));
    expect(() => placeRecord(blended, set.records[late]!)).toThrow(/needs one too/);
    expect(withBlend.cluster).not.toBeNull();
    joinCluster(blended, newcomer, withBlend.cluster!);
    expect(placeRecord(blended, newcomer).similarity).toBeGreaterThan(withBlend.similarity);
  });
});

describe('neighbours found by the embeddings', () => {
  it('finds each record’s nearest records by embedding exactly, best first, never itself', () => {
    const embeddings = standInEmbeddings(['a', 'a', 'b', 'a', 'b', 'c', 'b'], 21, 0.3);
    const nearest = exactNearestByEmbedding(embeddings, 3);
    embeddings.forEach((embedding, record) => {
      const expected = embeddings
        .map((other, index) => ({ index, cosine: embeddingDot(embedding, other) }))
        .filter(({ index }) => index !== record)
        .sort((a, b) => b.cosine - a.cosine || a.index - b.index)
        .slice(0, 3)
        .map(({ index }) => index);
      expect([...nearest.records.subarray(nearest.offsets[record]!, nearest.offsets[record + 1]!)]).toEqual(expected);
    });
    expect(exactNearestByEmbedding(embeddings.slice(0, 2), 5).records).toEqual(Int32Array.from([1, 0]));
  });

  it('lets records that share no word meet when their embeddings are near', async () => {
    const titles = [
      'Clinic has no insulin',
      'Diabetes medicine finished',
      'Broken streetlights',
      'Potholes on the road',
    ];
    const records = withEmbeddings(
      titles.map((title, index) => aClusterRecord(String(index), title)),
      standInEmbeddings(['a', 'a', 'b', 'c'], 4, 0.95),
    );
    // Resolution 1: at the default, one edge among four records is too little for Louvain to join them.
    const options: ClusteringOptions = {
      ...DEFAULT_CLUSTERING,
      resolution: 1,
      semantic: { ...DEFAULT_CLUSTERING.semantic, weight: 0.5, shortTextWeight: 0.5, neighbours: 0 },
    };
    const lexicalOnly = await clusterRecords(records, taxonomy.ancestorsOf, options);
    expect(lexicalOnly.clusterOf[0]).not.toBe(lexicalOnly.clusterOf[1]);
    const joined = await clusterRecords(records, taxonomy.ancestorsOf, {
      ...options,
      semantic: { ...options.semantic, neighbours: 2 },
    });
    expect(joined.clusterOf[0]).toBe(joined.clusterOf[1]);
    expect(joined.clusterOf[2]).not.toBe(joined.clusterOf[3]);
  });
});

describe('the blend’s weight by the texts’ length', () => {
  const settings = { weight: 0.1, shortTextWeight: 0.5, shortText: 50, longText: 200 };
  const ofLength = (...lengths: number[]) =>
    lengths.map((length, index) => ({ title: '', description: `${index}`.padEnd(length, 'x') }));

  it('leans on meaning for short texts and on words for long ones, by the median length', () => {
    expect(semanticWeightOf(ofLength(20, 30, 40), settings)).toBe(0.5);
    expect(semanticWeightOf(ofLength(300, 400, 30), settings)).toBeCloseTo(0.1, 10);
    // Half-way between 50 and 200 characters on a log scale.
    expect(semanticWeightOf(ofLength(100, 100, 100), settings)).toBeCloseTo(0.3, 10);
    expect(semanticWeightOf([], settings)).toBe(0.1);
  });
});
