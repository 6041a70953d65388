import {
  addTo,
  similarityToGroup,
  similarityToGroupWithout,
  sumOf,
  type GroupSum,
  type SimilaritySpace,
} from './cohesion.ts';
import {
  semanticRankingOf,
  similaritySpaceOf,
  themeNeighboursOf,
  thresholdsOf,
  type ClusteringOptions,
} from './cluster-records.ts';
import {
  dot,
  featureSpaceSteps,
  isWordFeature,
  vectorInSpace,
  type AncestorsOf,
  type ClusterRecord,
  type FeatureSpace,
  type FeatureVocabulary,
  type SparseVector,
} from './features.ts';
import {
  invertedIndexSteps,
  NeighbourSearcher,
  toSearchSpace,
  vectorOfRecord,
  type Neighbour,
  type SearchSpace,
} from './neighbours.ts';
import { runToEnd, type Steps } from './steps.ts';
import { stemmedWords } from '../text/tokenize.ts';

/**
 * What placing new records needs of clustered ones: their features and index, and each cluster's size and
 * summed vector. Built once from the clustered records (a process may keep it while the clusters it was built
 * from stay the same), it places a record in milliseconds.
 */
export interface PlacementIndex {
  space: FeatureSpace;
  search: SearchSpace;
  searcher: NeighbourSearcher;
  /** The clustered records' similarity: with the blend when they carry embeddings. */
  similarity: SimilaritySpace;
  /** Record index -> its cluster's number (any numbering). */
  clusterOf: number[];
  clusters: Map<number, { size: number; sum: GroupSum }>;
  /** Cluster number -> its theme's number (any numbering); null when the index was built without themes. */
  themeOfCluster: Map<number, number> | null;
  ancestorsOf: AncestorsOf;
  options: ClusteringOptions;
}

/** `themeOf` (record index -> its theme's number) lets placement give a theme too; every cluster's members share one. */
export function createPlacementIndex(
  records: readonly ClusterRecord[],
  clusterOf: readonly number[],
  ancestorsOf: AncestorsOf,
  options: ClusteringOptions,
  themeOf: readonly number[] | null = null,
): PlacementIndex {
  return runToEnd(placementIndexSteps(records, clusterOf, ancestorsOf, options, themeOf));
}

/**
 * `createPlacementIndex` in steps of some 25 ms: 7 s of work at 100,000 records, which the web server
 * (the duplicate hint) does between its requests rather than in one turn of its event loop.
 */
export function* placementIndexSteps(
  records: readonly ClusterRecord[],
  clusterOf: readonly number[],
  ancestorsOf: AncestorsOf,
  options: ClusteringOptions,
  themeOf: readonly number[] | null = null,
): Steps<PlacementIndex> {
  const space = yield* featureSpaceSteps(records, options.features, ancestorsOf);
  const similarity = similaritySpaceOf(space, records, options);
  const search = toSearchSpace(space);
  yield;
  const searcher = new NeighbourSearcher(
    search,
    yield* invertedIndexSteps(search, options.neighbours.postingsPerFeature),
    options.neighbours,
    semanticRankingOf(similarity, options),
  );
  const members = new Map<number, number[]>();
  // Pushed, not copied: a copy per member is quadratic, seconds for clusters of thousands.
  clusterOf.forEach((cluster, record) => {
    const group = members.get(cluster);
    if (group) group.push(record);
    else members.set(cluster, [record]);
  });
  const clusters = new Map<number, { size: number; sum: GroupSum }>();
  let summed = 0;
  for (const [cluster, group] of members) {
    clusters.set(cluster, { size: group.length, sum: sumOf(similarity, group) });
    summed += group.length;
    if (summed >= 5_000) {
      summed = 0;
      yield;
    }
  }
  const themeOfCluster = themeOf && new Map(clusterOf.map((cluster, record) => [cluster, themeOf[record]!]));
  return {
    space,
    search,
    searcher,
    similarity,
    clusterOf: [...clusterOf],
    clusters,
    themeOfCluster,
    ancestorsOf,
    options,
  };
}

export interface SimilarRecord {
  /** Index of the clustered record. */
  record: number;
  similarity: number;
  /** The words the two share that weigh most, as the records write them. */
  sharedTerms: string[];
  /** Whether they share a telling word: one that is not among the collection's most common (`isCommonWord`). */
  sharesTellingWord: boolean;
}

export interface Placement {
  /** The cluster the record joins, or null: nothing is similar enough, it stands alone. */
  cluster: number | null;
  /**
   * Its theme: the theme of the cluster it joins or, standing alone, the theme most of its links to its
   * nearest neighbours lead to; null when it has no such link (a theme of its own) or the index has none.
   */
  theme: number | null;
  /** Its average similarity to that cluster's members. */
  similarity: number;
  /** The most similar clustered records, best first, with why (for the duplicate hint at capture). */
  similar: SimilarRecord[];
}

const SHARED_TERMS = 5;

/**
 * A word held by at least one record in 30 (and by 3 or more) is among the collection's most common: on the
 * pilot data "home" and "sent", which alone do not make two reports the same problem.
 */
export function isCommonWord(space: FeatureVocabulary, id: number): boolean {
  const documentFrequency = id < space.featureCount ? space.documentFrequency[id]! : 0;
  return documentFrequency >= Math.max(3, space.recordCount / 30);
}

/**
 * The words of `text` that a record must share one of to be like it (`isCommonWord`): known to the space,
 * not among its most common, the rarest first.
 */
export function tellingWordsOf(space: FeatureVocabulary, text: string): string[] {
  const frequencyOf = new Map<string, number>();
  for (const { stem, word } of stemmedWords(text)) {
    const id = space.featureIds.get(stem);
    if (id !== undefined && isWordFeature(stem) && !isCommonWord(space, id)) {
      frequencyOf.set(word, space.documentFrequency[id]!);
    }
  }
  return [...frequencyOf].sort((a, b) => a[1] - b[1] || (a[0] < b[0] ? -1 : 1)).map(([word]) => word);
}

function sharedWords(
  space: FeatureVocabulary,
  vector: SparseVector,
  other: SparseVector,
): Pick<SimilarRecord, 'sharedTerms' | 'sharesTellingWord'> {
  const weightOf = new Map<number, number>();
  for (let i = 0; i < other.ids.length; i += 1) weightOf.set(other.ids[i]!, other.weights[i]!);
  const shared: [number, number][] = [];
  for (let i = 0; i < vector.ids.length; i += 1) {
    const id = vector.ids[i]!;
    const theirs = weightOf.get(id);
    if (theirs !== undefined && isWordFeature(space.names[id]!)) shared.push([id, vector.weights[i]! * theirs]);
  }
  return {
    sharedTerms: shared
      .sort((a, b) => b[1] - a[1] || a[0] - b[0])
      .slice(0, SHARED_TERMS)
      .map(([id]) => space.shownAs[id]!),
    sharesTellingWord: shared.some(([id]) => !isCommonWord(space, id)),
  };
}

/**
 * Where a new record belongs: among the clusters of its nearest neighbours, the one it is on average most
 * similar to, if it passes the cohesion test every member passed (or, beside a record that stands alone,
 * is as similar as an edge of the graph); otherwise it stands alone. The index is
 * not changed: see `joinCluster`.
 */
export function placeRecord(index: PlacementIndex, record: ClusterRecord, similarCount = 5, self?: number): Placement {
  const { space, options, similarity: semantic } = index;
  const vector = vectorInSpace(space, record, options.features, index.ancestorsOf);
  const embedding = embeddingToPlace(index, record);
  const count = Math.max(similarCount, options.neighbours.neighbours);
  // The themes read more neighbours than the clusters; the search scores as many candidates either way.
  const themeLinks =
    index.themeOfCluster && options.themes ? themeNeighboursOf(index.clusterOf.length, options.themes) : 0;
  const wider = index.searcher.neighboursOf(vector, self ?? -1, Math.max(count, themeLinks), embedding);
  const neighbours = wider.slice(0, count);
  const { cohesion, edgeThreshold, themes: themeThreshold } = thresholdsOf(semantic, options);
  // A record placed again (it was edited) is judged against its cluster without its former self.
  const ownCluster = self === undefined ? undefined : index.clusterOf[self];
  let cluster: number | null = null;
  let similarity = 0;
  const candidates = new Set(neighbours.map((neighbour) => index.clusterOf[neighbour.index]!));
  for (const candidate of [...candidates].sort((a, b) => a - b)) {
    const group = index.clusters.get(candidate)!;
    const isOwn = candidate === ownCluster;
    const size = isOwn ? group.size - 1 : group.size;
    const score = isOwn
      ? similarityToGroupWithout(semantic, self!, vector, embedding, group.sum, group.size)
      : similarityToGroup(semantic.blend, vector, embedding, group.sum, group.size);
    // Joining a record that stands alone makes a new pair: it must be as close as an edge of the graph.
    const needed = size > 1 ? cohesion : Math.max(cohesion, edgeThreshold);
    if (score >= needed && score > similarity) [cluster, similarity] = [candidate, score];
  }
  const theme =
    cluster === null
      ? themeOfLinks(index, wider.slice(0, themeLinks), themeThreshold)
      : (index.themeOfCluster?.get(cluster) ?? null);
  return {
    cluster,
    theme,
    similarity,
    similar: neighbours.slice(0, similarCount).map((neighbour) => ({
      record: neighbour.index,
      similarity: neighbour.similarity,
      ...sharedWords(space, vector, vectorOfRecord(index.search, neighbour.index)),
    })),
  };
}

/**
 * The theme most of a record's links lead to (each neighbour at least `threshold` similar is a link, counting
 * 1, as links between problems count when themes are found; Louvain, too, would move a lone node to the
 * community it has most links to); of themes with as many links, the one of the nearest neighbour. Null when it
 * has no link.
 */
function themeOfLinks(index: PlacementIndex, neighbours: readonly Neighbour[], threshold: number): number | null {
  // A Map keeps the order themes were first met in: nearest first, as the neighbours come.
  const links = new Map<number, number>();
  for (const neighbour of neighbours) {
    if (neighbour.similarity < threshold) continue;
    const theme = index.themeOfCluster!.get(index.clusterOf[neighbour.index]!)!;
    links.set(theme, (links.get(theme) ?? 0) + 1);
  }
  let best: number | null = null;
  for (const [theme, count] of links) if (best === null || count > links.get(best)!) best = theme;
  return best;
}

/**
 * Counts a placed record in its cluster's sum, so that the next placement sees it. (It does not become a
 * neighbour of later records until the index is built again.)
 */
export function joinCluster(index: PlacementIndex, record: ClusterRecord, cluster: number): void {
  const vector = vectorInSpace(index.space, record, index.options.features, index.ancestorsOf);
  const group = index.clusters.get(cluster);
  if (!group) throw new RangeError(`No cluster ${cluster} in the placement index.`);
  addTo(group.sum, vector, embeddingToPlace(index, record), 1);
  group.size += 1;
}

/** A record placed among records with embeddings needs one too; among records without, it is not used. */
function embeddingToPlace(index: PlacementIndex, record: ClusterRecord): Float32Array | null {
  const { embeddings } = index.similarity;
  if (!embeddings) return null;
  if (record.embedding?.length !== embeddings[0]!.length) {
    throw new RangeError(
      `The clustered records carry embeddings of ${embeddings[0]!.length} numbers: a record placed among them needs one too.`,
    );
  }
  return record.embedding;
}

/**
 * The records of `others` most similar to `record`, by words, tags and root causes weighed in `space` (a
 * clustering run's vocabulary), best first. A word the space has never seen matches nothing.
 */
export function similarAmong(
  { space, options, ancestorsOf }: { space: FeatureVocabulary; options: ClusteringOptions; ancestorsOf: AncestorsOf },
  record: ClusterRecord,
  others: readonly ClusterRecord[],
  count: number,
): SimilarRecord[] {
  const vector = vectorInSpace(space, record, options.features, ancestorsOf);
  return others
    .map((other, position) => {
      const otherVector = vectorInSpace(space, other, options.features, ancestorsOf);
      return { record: position, similarity: dot(vector, otherVector), otherVector };
    })
    .filter((found) => found.similarity >= options.neighbours.minSimilarity)
    .sort((a, b) => b.similarity - a.similarity || a.record - b.record)
    .slice(0, count)
    .map((found) => ({
      record: found.record,
      similarity: found.similarity,
      ...sharedWords(space, vector, found.otherVector),
    }));
}
