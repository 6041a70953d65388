import { attachLoners, averageSimilarity, keepCohesiveMembers, sumOf, type SimilaritySpace } from './cohesion.ts';
import { louvain, louvainOfPacked, type PackedEdges, type WeightedEdge } from './communities.ts';
import {
  buildFeatureSpace,
  isWordFeature,
  type AncestorsOf,
  type ClusterRecord,
  type FeatureSpace,
  type FeatureVocabulary,
  type FeatureWeights,
  vocabularyOf,
} from './features.ts';
import { nearGroupsOf, type NearGroup } from './near-groups.ts';
import {
  buildInvertedIndex,
  createNeighbourTable,
  exactNearestByEmbedding,
  findNeighboursInto,
  NeighbourSearcher,
  neighboursInTable,
  packNeighbours,
  type Neighbour,
  type NeighbourOptions,
  type NeighbourTable,
  type SemanticRanking,
  toSearchSpace,
} from './neighbours.ts';
import { averagePairCosine, embeddingsOf, LEXICAL_ONLY, semanticTextOf, type SemanticBlend } from './semantic.ts';

export interface ClusteringOptions {
  features: FeatureWeights;
  neighbours: NeighbourOptions;
  /** Neighbours less similar than this are no edge of the graph. */
  edgeThreshold: number;
  /** Louvain's resolution: higher splits the graph into smaller communities. */
  resolution: number;
  /** A member must be, on average, this similar to the rest of its cluster, or it stands alone. */
  cohesion: number;
  /** Two members this similar are the same report entered twice (a near-duplicate). */
  duplicateSimilarity: number;
  /** Used only when the records carry embeddings. */
  semantic: SemanticOptions;
  /** Null: problems only, without the wider neighbour search themes need (half the memory of a run). */
  themes: ThemeOptions | null;
}

/**
 * Themes: broader subjects above the problems. The graph of each record's nearest neighbours (more of them
 * than the problems use, and weaker links too) is read with the problems as its first level's nodes, and
 * its communities at a lower resolution are the themes; a problem is never split between themes.
 */
export interface ThemeOptions {
  /**
   * Neighbours per record whose links count between problems: one per `recordsPerNeighbour` records, at least
   * `minNeighbours` and at most `neighbours` (themeNeighboursOf). On a small collection a fixed 50 would reach a
   * quarter of it, and every problem would link to every other.
   */
  neighbours: number;
  minNeighbours: number;
  recordsPerNeighbour: number;
  /** Neighbours less similar than this do not link two problems. */
  edgeThreshold: number;
  /** Louvain's resolution for themes: lower gives fewer, broader themes. */
  resolution: number;
}

/**
 * Semantic similarity, when records carry embeddings: each record's candidates from the inverted index,
 * joined by its nearest records by embedding, are scored by the blend `(1 − weight) · lexical + weight ·
 * semantic`, which also scores edges, cohesion and placement. The weight suits the texts: short texts
 * share few words, so their meaning counts for more.
 */
export interface SemanticOptions {
  /** The blend's weight when the records' median text (semanticTextOf) is `longText` characters or longer. */
  weight: number;
  /** The weight when it is `shortText` characters or shorter; in between, on a log scale of the length. */
  shortTextWeight: number;
  shortText: number;
  longText: number;
  /** Lexical candidates of each record scored and re-ranked by the blend (at least `neighbours.candidates`). */
  candidates: number;
  /** Nearest records by embedding joined to each record's lexical candidates (0: lexical candidates only). */
  neighbours: number;
  /** The edge threshold and cohesion on the blend's scale, in place of the lexical ones. */
  edgeThreshold: number;
  cohesion: number;
  /**
   * The cohesion for short texts: the cohesion follows the weight, from `cohesion` at `weight` to this at
   * `shortTextWeight` (the more the blend leans on meaning, the higher its similarities run).
   */
  shortTextCohesion: number;
  /** Louvain's resolution for themes over the blend (null: the themes' own). */
  themeResolution: number | null;
}

/**
 * The defaults, chosen on three labelled sets of different domains (tests/fixtures/clustering): CBM local
 * issues with tags and root causes, municipal complaints and support tickets without either. See
 * docs/CLUSTERING.md for how each was chosen and what it gives.
 */
export const DEFAULT_THEMES: ThemeOptions = {
  neighbours: 50,
  minNeighbours: 10,
  recordsPerNeighbour: 100,
  edgeThreshold: 0.05,
  resolution: 1.2,
};

/** How many of each record's neighbours link problems into themes, in a collection of `recordCount` records. */
export function themeNeighboursOf(recordCount: number, options: ThemeOptions): number {
  const scaled = Math.round(recordCount / options.recordsPerNeighbour);
  return Math.min(options.neighbours, Math.max(options.minNeighbours, scaled));
}

export const DEFAULT_CLUSTERING: ClusteringOptions = {
  features: { title: 2, tags: 0.15, rootCauses: 0.1 },
  neighbours: {
    neighbours: 5,
    queryFeatures: 12,
    maxDocumentShare: 0.2,
    postingsPerFeature: 200,
    candidates: 50,
    minSimilarity: 0.05,
  },
  edgeThreshold: 0.17,
  resolution: 3,
  cohesion: 0.08,
  duplicateSimilarity: 0.8,
  semantic: {
    weight: 0.1,
    shortTextWeight: 0.6,
    shortText: 50,
    longText: 120,
    candidates: 50,
    neighbours: 50,
    edgeThreshold: 0.16,
    cohesion: 0.1,
    shortTextCohesion: 0.25,
    themeResolution: 1,
  },
  themes: DEFAULT_THEMES,
};

export interface ClusterMember {
  /** Index of the record in the input. */
  record: number;
  /** Its average similarity to the other members (1 for a cluster of one). */
  similarity: number;
}

export interface WeightyTerm {
  /** As the records write it. */
  term: string;
  /** Its share of what the members have in common, 0..1. */
  weight: number;
}

export interface FoundCluster {
  members: ClusterMember[];
  /** The title of the member most like the others. */
  label: string;
  sharedTags: string[];
  topTerms: WeightyTerm[];
  /** Members that are the same report entered twice: pairs of record indexes. */
  nearDuplicates: [number, number][];
}

/** A theme: a group of problems (clusters) and loners about one broader subject, explained as a cluster is. */
export interface FoundTheme extends FoundCluster {
  /** Indexes in `ClusteringResult.clusters` of the problems (and loners) it holds, largest first. */
  problems: number[];
}

export interface ClusteringResult {
  /** Largest first; every record is in exactly one, a one-off in a cluster of its own. */
  clusters: FoundCluster[];
  /** Record index -> index of its cluster in `clusters`. */
  clusterOf: number[];
  /** Largest first; every cluster is in exactly one, with all its members (none when `themes` is null). */
  themes: FoundTheme[];
  /** Record index -> index of its theme in `themes` (the theme of its cluster). */
  themeOf: number[];
  /**
   * Explains any group of the records (input indexes) as the clusters are explained: for groups that
   * analysts' decisions have changed since the run.
   */
  describe: (members: readonly number[]) => FoundCluster;
  /** For each group of records (input indexes), the groups most like it, best first (`nearGroupsOf`). */
  nearGroups: (groups: readonly (readonly number[])[], count: number) => NearGroup[][];
  /** The features the run weighed and how many records hold each: what a draft is weighed by (the duplicate hint). */
  vocabulary: FeatureVocabulary;
}

/**
 * Finds the neighbours of all records, sorted best first; a caller may split the work (worker threads). A
 * table is what a large run can hold (lists of objects are accepted too, and packed).
 */
export type NeighbourSearch = (
  space: FeatureSpace,
  options: NeighbourOptions,
  semantic: SemanticRanking | null,
) => NeighbourTable | Neighbour[][] | Promise<NeighbourTable | Neighbour[][]>;

export const searchAllNeighbours: NeighbourSearch = (space, options, semantic) => {
  const packed = toSearchSpace(space);
  const index = buildInvertedIndex(packed, options.postingsPerFeature);
  const ranking =
    semantic && !semantic.nearest && semantic.embeddingNeighbours > 0
      ? { ...semantic, nearest: exactNearestByEmbedding(semantic.embeddings, semantic.embeddingNeighbours) }
      : semantic;
  const table = createNeighbourTable(space.vectors.length, options.neighbours);
  findNeighboursInto(table, new NeighbourSearcher(packed, index, options, ranking), 0, space.vectors.length);
  return table;
};

/**
 * Groups records that describe the same underlying problem. Each record's nearest neighbours are found
 * through an inverted index over its heaviest features (never all pairs); neighbours similar enough are
 * edges of a graph whose communities (Louvain) are the candidate clusters; members not cohesive with the
 * rest of their cluster stand alone. The same records give the same clusters in any order.
 */
export async function clusterRecords(
  input: readonly ClusterRecord[],
  ancestorsOf: AncestorsOf,
  options: ClusteringOptions = DEFAULT_CLUSTERING,
  search: NeighbourSearch = searchAllNeighbours,
): Promise<ClusteringResult> {
  // Work in key order, so that the input's order cannot change the result.
  const order = input.map((_, index) => index).sort((a, b) => compareKeys(input[a]!.key, input[b]!.key));
  const records = order.map((index) => input[index]!);
  const space = buildFeatureSpace(records, options.features, ancestorsOf);
  const scoring = similaritySpaceOf(space, records, options);
  const thresholds = thresholdsOf(scoring, options);
  const themeNeighbours = options.themes ? themeNeighboursOf(records.length, options.themes) : 0;
  const wider = Math.max(options.neighbours.neighbours, themeNeighbours);
  const searched = await search(
    space,
    { ...options.neighbours, neighbours: wider },
    semanticRankingOf(scoring, options),
  );
  const found = Array.isArray(searched) ? packNeighbours(searched) : searched;
  // The lists are sorted, most similar first: the problems read their first few as before.
  const neighbours = records.map((_, record) => neighboursInTable(found, record, options.neighbours.neighbours));

  const edges: WeightedEdge[] = [];
  neighbours.forEach((list, a) => {
    for (const { index: b, similarity } of list) {
      if (similarity >= thresholds.edgeThreshold) edges.push({ a, b, weight: similarity });
    }
  });
  const communities = groupsOf(louvain(records.length, edges, options.resolution));
  const cohesive = keepCohesiveMembers(scoring, communities, thresholds.cohesion);
  const groups = attachLoners(scoring, neighbours, cohesive, thresholds.cohesion);

  const largestFirst = (a: FoundCluster, b: FoundCluster) =>
    b.members.length - a.members.length ||
    compareKeys(records[a.members[0]!.record]!.key, records[b.members[0]!.record]!.key);
  // Back to the input's numbering.
  const inInputOrder = <Found extends FoundCluster>(found: Found): Found => ({
    ...found,
    members: found.members.map((member) => ({ ...member, record: order[member.record]! })),
    nearDuplicates: found.nearDuplicates.map(([a, b]): [number, number] => [order[a]!, order[b]!]),
  });
  const indexOfEach = (found: readonly FoundCluster[]) => {
    const indexOf = new Array<number>(input.length);
    found.forEach((group, index) => {
      for (const member of group.members) indexOf[member.record] = index;
    });
    return indexOf;
  };

  const described = groups
    .map((members) => describeCluster(space, scoring, records, neighbours, members, options))
    .sort(largestFirst);
  const clusters = described.map(inInputOrder);
  const clusterOf = indexOfEach(clusters);
  const positionOf = new Map(order.map((inputIndex, position) => [inputIndex, position]));

  const problemOf = Int32Array.from(order, (inputIndex) => clusterOf[inputIndex]!);
  const themeGroups = options.themes
    ? themesOf(found, problemOf, clusters.length, thresholds.themes, {
        ...options.themes,
        neighbours: themeNeighbours,
        resolution: (scoring.embeddings && options.semantic.themeResolution) || options.themes.resolution,
      })
    : [];
  const themes = themeGroups
    .map((problems) => {
      const members = problems.flatMap((problem) => described[problem]!.members.map((member) => member.record));
      return { ...describeCluster(space, scoring, records, neighbours, members, options), problems };
    })
    .sort(largestFirst)
    .map(inInputOrder);
  const themeOf = indexOfEach(themes);

  const describe = (members: readonly number[]) =>
    inInputOrder(
      describeCluster(
        space,
        scoring,
        records,
        neighbours,
        members.map((member) => positionOf.get(member)!),
        options,
      ),
    );
  const nearGroups = (groups: readonly (readonly number[])[], count: number) =>
    nearGroupsOf(
      scoring,
      neighbours,
      groups.map((members) => members.map((member) => positionOf.get(member)!)),
      count,
    );
  return { clusters, clusterOf, themes, themeOf, describe, nearGroups, vocabulary: vocabularyOf(space) };
}

/**
 * Groups the problems into themes: each record's links to its neighbours (the `options.neighbours` nearest,
 * at least `edgeThreshold` similar) join the problems they connect, and Louvain, over the problems as its
 * nodes, finds communities of them. Returns each theme's problems, in problem order.
 */
export function themesOf(
  neighbours: NeighbourTable,
  problemOf: Int32Array,
  problemCount: number,
  edgeThreshold: number,
  options: ThemeOptions,
): number[][] {
  const links = problemLinksOf(neighbours, problemOf, problemCount, edgeThreshold, options.neighbours);
  // The links' weights are whole numbers, so their order cannot change Louvain's sums.
  return groupsOf(louvainOfPacked(problemCount, links, options.resolution));
}

/** The graph of problems, built directly (a link inside a problem is a loop of its node) and packed. */
function problemLinksOf(
  neighbours: NeighbourTable,
  problemOf: Int32Array,
  problemCount: number,
  edgeThreshold: number,
  perRecord: number,
): PackedEdges {
  // At 100,000 records the records' 5 million links are some 3 million pairs of problems.
  const { width, counts, indexes, similarities } = neighbours;
  const pairs = new Float64Array(counts.reduce((total, count) => total + Math.min(count, perRecord), 0));
  let pairCount = 0;
  for (let a = 0; a < counts.length; a += 1) {
    const from = problemOf[a]!;
    for (let i = 0; i < counts[a]! && i < perRecord; i += 1) {
      // Every link counts the same: between problems, how many of their records are near each other says
      // more than how near (weighted by similarity, the themes scored worse on the dev sets: docs/CLUSTERING.md).
      if (similarities[a * width + i]! < edgeThreshold) continue;
      const to = problemOf[indexes[a * width + i]!]!;
      pairs[pairCount++] = Math.min(from, to) * problemCount + Math.max(from, to);
    }
  }
  const sorted = pairs.subarray(0, pairCount).sort();
  let edgeCount = 0;
  for (let i = 0; i < sorted.length; i += 1) if (i === 0 || sorted[i] !== sorted[i - 1]) edgeCount += 1;
  const edges = { a: new Int32Array(edgeCount), b: new Int32Array(edgeCount), weight: new Float64Array(edgeCount) };
  let edge = -1;
  for (let i = 0; i < sorted.length; i += 1) {
    if (i === 0 || sorted[i] !== sorted[i - 1]) {
      edge += 1;
      edges.a[edge] = Math.floor(sorted[i]! / problemCount);
      edges.b[edge] = sorted[i]! % problemCount;
    }
    edges.weight[edge]! += 1;
  }
  return edges;
}

/** Lexical similarity alone, or blended with the embeddings' when every record carries one. */
export function similaritySpaceOf(
  space: FeatureSpace,
  records: readonly ClusterRecord[],
  options: ClusteringOptions,
): SimilaritySpace {
  const embeddings = embeddingsOf(records);
  // Records that all say the same (every cosine 1) would leave nothing to measure from: 0.99 at most.
  const blend: SemanticBlend = embeddings
    ? { weight: semanticWeightOf(records, options.semantic), baseline: Math.min(0.99, averagePairCosine(embeddings)) }
    : LEXICAL_ONLY;
  return { vectors: space.vectors, embeddings, blend };
}

/** The edge threshold and cohesion on the scale of the similarity in use. */
export function thresholdsOf(similarity: SimilaritySpace, options: ClusteringOptions) {
  const themes = options.themes?.edgeThreshold ?? 0;
  if (!similarity.embeddings) return { edgeThreshold: options.edgeThreshold, cohesion: options.cohesion, themes };
  const { semantic } = options;
  const span = semantic.shortTextWeight - semantic.weight;
  const shortness = span === 0 ? 0 : Math.min(1, Math.max(0, (similarity.blend.weight - semantic.weight) / span));
  const cohesion = semantic.cohesion + shortness * (semantic.shortTextCohesion - semantic.cohesion);
  return { edgeThreshold: semantic.edgeThreshold, cohesion, themes };
}

/** How the search re-ranks its lexical candidates when the records carry embeddings. */
export function semanticRankingOf(similarity: SimilaritySpace, options: ClusteringOptions): SemanticRanking | null {
  const { embeddings, blend } = similarity;
  return embeddings
    ? {
        embeddings,
        blend,
        candidates: options.semantic.candidates,
        embeddingNeighbours: options.semantic.neighbours,
        nearest: null,
      }
    : null;
}

/**
 * The blend's weight for these records: `shortTextWeight` when their median text is short, `weight` when it
 * is long, and in between on a log scale of the median length. One weight for the whole clustering, so that
 * the average similarity to a group stays exact from the group's sums.
 */
export function semanticWeightOf(
  records: readonly Pick<ClusterRecord, 'title' | 'description'>[],
  options: Pick<SemanticOptions, 'weight' | 'shortTextWeight' | 'shortText' | 'longText'>,
): number {
  if (records.length === 0) return options.weight;
  const lengths = records.map((record) => semanticTextOf(record).length).sort((a, b) => a - b);
  const median = lengths[Math.floor((lengths.length - 1) / 2)]!;
  const at = Math.log(Math.max(1, median) / options.shortText) / Math.log(options.longText / options.shortText);
  const share = Math.min(1, Math.max(0, at));
  return options.shortTextWeight + share * (options.weight - options.shortTextWeight);
}

function compareKeys(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function groupsOf(membership: readonly number[]): number[][] {
  const groups = new Map<number, number[]>();
  membership.forEach((community, record) => {
    const group = groups.get(community);
    if (group) group.push(record);
    else groups.set(community, [record]);
  });
  return [...groups.values()];
}

const TOP_TERMS = 8;

function describeCluster(
  space: FeatureSpace,
  scoring: SimilaritySpace,
  records: readonly ClusterRecord[],
  neighbours: readonly Neighbour[][],
  group: readonly number[],
  options: ClusteringOptions,
): FoundCluster {
  if (group.length === 1) return describeLoner(space, records, group[0]!);
  const groupSum = sumOf(scoring, group);
  const sum = groupSum.lexical;
  const members = group
    .map((record) => ({ record, similarity: averageSimilarity(scoring, record, groupSum, group.length) }))
    .sort((a, b) => b.similarity - a.similarity || compareKeys(records[a.record]!.key, records[b.record]!.key));
  const central = records[members[0]!.record]!;

  // What the members share: each feature's weight summed over the members that hold it, counted only
  // when at least two members do (a word of one record explains nothing).
  const holders = new Map<number, number>();
  for (const record of group) {
    for (const id of space.vectors[record]!.ids) holders.set(id, (holders.get(id) ?? 0) + 1);
  }
  const shared = [...sum].filter(([id]) => group.length === 1 || (holders.get(id) ?? 0) >= 2);
  const words = shared.filter(([id]) => isWordFeature(space.names[id]!)).sort((a, b) => b[1] - a[1] || a[0] - b[0]);
  const wordTotal = words.reduce((total, [, weight]) => total + weight, 0) || 1;
  const topTerms = words
    .slice(0, TOP_TERMS)
    .map(([id, weight]) => ({ term: space.shownAs[id]!, weight: weight / wordTotal }));

  const tagCounts = new Map<string, number>();
  for (const record of group)
    for (const tag of new Set(records[record]!.tags)) tagCounts.set(tag, (tagCounts.get(tag) ?? 0) + 1);
  const sharedTags = [...tagCounts]
    .filter(([, count]) => group.length === 1 || (count >= 2 && count >= 0.3 * group.length))
    .sort((a, b) => b[1] - a[1] || compareKeys(a[0], b[0]))
    .map(([tag]) => tag);

  const inGroup = new Set(group);
  const nearDuplicates: [number, number][] = [];
  for (const record of group) {
    for (const { index, similarity } of neighbours[record]!) {
      if (record < index && inGroup.has(index) && similarity >= options.duplicateSimilarity) {
        nearDuplicates.push([record, index]);
      }
    }
  }
  return {
    members,
    label: clusterLabelOf(central),
    sharedTags,
    topTerms,
    nearDuplicates,
  };
}

/**
 * A record alone, explained as a cluster of one is (its own words and tags), without the sums a cluster needs:
 * most records of a large run stand alone, and describing them as groups took a tenth of a run's time.
 */
function describeLoner(space: FeatureSpace, records: readonly ClusterRecord[], record: number): FoundCluster {
  const { ids, weights } = space.vectors[record]!;
  const words: [number, number][] = [];
  for (let i = 0; i < ids.length; i += 1) if (isWordFeature(space.names[ids[i]!]!)) words.push([ids[i]!, weights[i]!]);
  words.sort((a, b) => b[1] - a[1] || a[0] - b[0]);
  const wordTotal = words.reduce((total, [, weight]) => total + weight, 0) || 1;
  return {
    members: [{ record, similarity: 1 }],
    label: clusterLabelOf(records[record]!),
    sharedTags: [...new Set(records[record]!.tags)].sort(compareKeys),
    topTerms: words
      .slice(0, TOP_TERMS)
      .map(([id, weight]) => ({ term: space.shownAs[id]!, weight: weight / wordTotal })),
    nearDuplicates: [],
  };
}

/** A cluster's name from the member most like the others: its title (or description), cut to 120 characters. */
export function clusterLabelOf(member: { title: string; description: string }): string {
  return (member.title || member.description).trim().slice(0, 120);
}
