import type { SparseVector } from './features.ts';
import { blendSimilarity, embeddingDot, type SemanticBlend } from './semantic.ts';
import { runToEnd, type Steps } from './steps.ts';

export interface NeighbourOptions {
  /** Neighbours kept per record. */
  neighbours: number;
  /** Each record asks the index with this many of its heaviest features, so that long texts stay cheap. */
  queryFeatures: number;
  /** Features in more than this share of the records find no candidates (they still count in scores). */
  maxDocumentShare: number;
  /** Postings read per feature, heaviest first. */
  postingsPerFeature: number;
  /** Candidates scored exactly per record. */
  candidates: number;
  /** Pairs less similar than this are not neighbours at all. */
  minSimilarity: number;
}

/**
 * Semantic similarity in the search: the lexical candidates from the inverted index, joined by each record's
 * nearest records by embedding (`nearest`), are scored exactly by the blend of their lexical and semantic
 * similarity (semantic.ts), so that records which share no word can still meet.
 */
export interface SemanticRanking {
  /** Unit length, parallel to the search space's records. */
  embeddings: readonly Float32Array[];
  blend: SemanticBlend;
  /** Lexical candidates scored and re-ranked per vector. */
  candidates: number;
  /** How many nearest records by embedding the search should join to each record's lexical candidates. */
  embeddingNeighbours: number;
  /** Those nearest records, once a search has found them (null: not yet, or none wanted). */
  nearest: CandidateLists | null;
}

/** Lists of records per record, packed: record i's are `records` from `offsets[i]` to `offsets[i + 1]`. */
export interface CandidateLists {
  offsets: Int32Array;
  records: Int32Array;
}

/** A record's neighbour: its index and their similarity (cosine of the feature vectors, or the blend). */
export interface Neighbour {
  index: number;
  similarity: number;
}

/**
 * The vectors the search reads, packed into flat arrays (record i's features are `ids` and `weights` from
 * `offsets[i]` to `offsets[i + 1]`): a few arrays instead of hundreds of thousands of small ones, which
 * threads can also share without copying.
 */
export interface SearchSpace {
  offsets: Int32Array;
  ids: Int32Array;
  weights: Float64Array;
  documentFrequency: Int32Array;
  featureCount: number;
}

/** Makes the arrays of a search space or an index; shared memory when threads are to read them. */
export type ArrayMaker = {
  int32: (length: number) => Int32Array;
  float64: (length: number) => Float64Array;
};
export const plainArrays: ArrayMaker = {
  int32: (length) => new Int32Array(length),
  float64: (length) => new Float64Array(length),
};

export function toSearchSpace(
  space: { vectors: readonly SparseVector[]; documentFrequency: Int32Array; featureCount: number },
  make: ArrayMaker = plainArrays,
): SearchSpace {
  const offsets = make.int32(space.vectors.length + 1);
  space.vectors.forEach((vector, index) => (offsets[index + 1] = offsets[index]! + vector.ids.length));
  const total = offsets[space.vectors.length]!;
  const ids = make.int32(total);
  const weights = make.float64(total);
  space.vectors.forEach((vector, index) => {
    ids.set(vector.ids, offsets[index]!);
    weights.set(vector.weights, offsets[index]!);
  });
  const documentFrequency = make.int32(space.documentFrequency.length);
  documentFrequency.set(space.documentFrequency);
  return { offsets, ids, weights, documentFrequency, featureCount: space.featureCount };
}

/** Feature id -> the records holding it, heaviest first and at most `postingsPerFeature` of them. */
export interface InvertedIndex {
  offsets: Int32Array;
  records: Int32Array;
  weights: Float64Array;
}

export function buildInvertedIndex(
  space: SearchSpace,
  postingsPerFeature: number,
  make: ArrayMaker = plainArrays,
): InvertedIndex {
  return runToEnd(invertedIndexSteps(space, postingsPerFeature, make));
}

/** Postings ordered between two steps of `invertedIndexSteps`: some 20 ms of work. */
const POSTINGS_PER_STEP = 50_000;

/** `buildInvertedIndex` in steps (1.3 s of work at 100,000 records, most of it ordering long postings). */
export function* invertedIndexSteps(
  space: SearchSpace,
  postingsPerFeature: number,
  make: ArrayMaker = plainArrays,
): Steps<InvertedIndex> {
  const { featureCount } = space;
  const recordCount = space.offsets.length - 1;
  const counts = new Int32Array(featureCount);
  for (let p = 0; p < space.ids.length; p += 1) counts[space.ids[p]!]! += 1;
  const starts = new Int32Array(featureCount + 1);
  for (let id = 0; id < featureCount; id += 1) starts[id + 1] = starts[id]! + counts[id]!;
  const allRecords = new Int32Array(space.ids.length);
  const allWeights = new Float64Array(space.ids.length);
  const fill = starts.slice(0, featureCount);
  for (let record = 0; record < recordCount; record += 1) {
    for (let p = space.offsets[record]!; p < space.offsets[record + 1]!; p += 1) {
      const at = fill[space.ids[p]!]!++;
      allRecords[at] = record;
      allWeights[at] = space.weights[p]!;
    }
  }
  const offsets = make.int32(featureCount + 1);
  for (let id = 0; id < featureCount; id += 1)
    offsets[id + 1] = offsets[id]! + Math.min(counts[id]!, postingsPerFeature);
  const records = make.int32(offsets[featureCount]!);
  const weights = make.float64(offsets[featureCount]!);
  let work = 0;
  for (let id = 0; id < featureCount; id += 1) {
    const from = starts[id]!;
    const length = counts[id]!;
    work += length;
    if (work >= POSTINGS_PER_STEP) {
      work = 0;
      yield;
    }
    const kept = offsets[id + 1]! - offsets[id]!;
    const order = Array.from({ length }, (_, i) => from + i);
    // Heaviest first, ties by record number, so that a long list keeps the same postings every run.
    if (length > kept) order.sort((a, b) => allWeights[b]! - allWeights[a]! || allRecords[a]! - allRecords[b]!);
    for (let i = 0; i < kept; i += 1) {
      records[offsets[id]! + i] = allRecords[order[i]!]!;
      weights[offsets[id]! + i] = allWeights[order[i]!]!;
    }
  }
  return { offsets, records, weights };
}

/**
 * Keeps the `size` best of many (score, record) pairs, in a min-heap, so that picking the best candidates
 * costs log(size) per candidate rather than a sort of them all.
 */
export class BestCandidates {
  private readonly scores: Float64Array;
  private readonly records: Int32Array;
  private readonly size: number;
  length = 0;

  constructor(size: number) {
    this.size = size;
    this.scores = new Float64Array(size);
    this.records = new Int32Array(size);
  }

  private static isWorse(scoreA: number, recordA: number, scoreB: number, recordB: number): boolean {
    return scoreA < scoreB || (scoreA === scoreB && recordA > recordB);
  }

  reset() {
    this.length = 0;
  }

  offer(score: number, record: number) {
    const { scores, records } = this;
    let index: number;
    if (this.length < this.size) {
      index = this.length++;
      while (index > 0) {
        const up = (index - 1) >> 1;
        if (!BestCandidates.isWorse(score, record, scores[up]!, records[up]!)) break;
        scores[index] = scores[up]!;
        records[index] = records[up]!;
        index = up;
      }
    } else {
      if (!BestCandidates.isWorse(scores[0]!, records[0]!, score, record)) return;
      index = 0;
      for (;;) {
        const left = 2 * index + 1;
        if (left >= this.length) break;
        const right = left + 1;
        const child =
          right < this.length && BestCandidates.isWorse(scores[right]!, records[right]!, scores[left]!, records[left]!)
            ? right
            : left;
        if (!BestCandidates.isWorse(scores[child]!, records[child]!, score, record)) break;
        scores[index] = scores[child]!;
        records[index] = records[child]!;
        index = child;
      }
    }
    scores[index] = score;
    records[index] = record;
  }

  held(): Int32Array {
    return this.records.subarray(0, this.length);
  }

  /** The records held, best first. */
  bestFirst(): number[] {
    const order = Array.from({ length: this.length }, (_, i) => i);
    order.sort((a, b) => this.scores[b]! - this.scores[a]! || this.records[a]! - this.records[b]!);
    return order.map((i) => this.records[i]!);
  }
}

/**
 * Finds the nearest neighbours of one vector at a time, through the inverted index: candidates gather
 * partial scores over the vector's heaviest features, the best candidates are scored exactly. Never all
 * pairs: the work per vector is bounded by the options, whatever the number of records. Keeps its scratch
 * arrays between calls.
 */
export class NeighbourSearcher {
  private readonly partial: Float64Array;
  private readonly touched: Int32Array;
  /** The vector's own weights by feature id, so that scoring a candidate is one look-up per feature. */
  private readonly dense: Float64Array;
  private readonly best: BestCandidates;
  /** Candidates already scored for the current vector, so that one found both ways is scored once. */
  private readonly scored: Uint8Array;
  private readonly maxDocumentFrequency: number;
  // Plain fields rather than parameter properties: worker threads may load this file with Node's own type
  // stripping, which does not support them.
  private readonly space: SearchSpace;
  private readonly index: InvertedIndex;
  private readonly options: NeighbourOptions;
  private readonly semantic: SemanticRanking | null;

  constructor(
    space: SearchSpace,
    index: InvertedIndex,
    options: NeighbourOptions,
    semantic: SemanticRanking | null = null,
  ) {
    this.space = space;
    this.index = index;
    this.options = options;
    this.semantic = semantic;
    const total = space.offsets.length - 1;
    this.partial = new Float64Array(total);
    this.touched = new Int32Array(total);
    this.dense = new Float64Array(space.featureCount);
    this.scored = new Uint8Array(semantic?.nearest ? total : 0);
    this.best = new BestCandidates(semantic ? Math.max(options.candidates, semantic.candidates) : options.candidates);
    this.maxDocumentFrequency = Math.max(2, Math.floor(options.maxDocumentShare * total));
  }

  /**
   * The neighbours of `vector` among the space's records, best first; `self` (a record's own index) is
   * skipped. With semantic ranking, `embedding` is the vector's (a record's own when `self` is given).
   */
  neighboursOf(
    vector: SparseVector,
    self = -1,
    count = this.options.neighbours,
    embedding: Float32Array | null = self >= 0 ? (this.semantic?.embeddings[self] ?? null) : null,
  ): Neighbour[] {
    const { space, index, options, partial, touched, dense, best, semantic } = this;
    if (semantic && !embedding) throw new RangeError('A search with semantic ranking needs the vector’s embedding.');
    const positions: number[] = [];
    for (let p = 0; p < vector.ids.length; p += 1) {
      const id = vector.ids[p]!;
      if (id < space.featureCount && space.documentFrequency[id]! <= this.maxDocumentFrequency) positions.push(p);
    }
    if (positions.length > options.queryFeatures) {
      positions.sort((a, b) => vector.weights[b]! - vector.weights[a]! || vector.ids[a]! - vector.ids[b]!);
      positions.length = options.queryFeatures;
    }
    let touchedCount = 0;
    for (const p of positions) {
      const feature = vector.ids[p]!;
      const weight = vector.weights[p]!;
      for (let q = index.offsets[feature]!; q < index.offsets[feature + 1]!; q += 1) {
        const other = index.records[q]!;
        if (other === self) continue;
        if (partial[other] === 0) touched[touchedCount++] = other;
        partial[other]! += weight * index.weights[q]!;
      }
    }
    best.reset();
    for (let t = 0; t < touchedCount; t += 1) {
      const other = touched[t]!;
      best.offer(partial[other]!, other);
      partial[other] = 0;
    }
    for (let p = 0; p < vector.ids.length; p += 1)
      if (vector.ids[p]! < space.featureCount) dense[vector.ids[p]!] = vector.weights[p]!;
    const neighbours: Neighbour[] = [];
    const score = (other: number) => {
      let similarity = 0;
      for (let q = space.offsets[other]!; q < space.offsets[other + 1]!; q += 1) {
        similarity += space.weights[q]! * dense[space.ids[q]!]!;
      }
      if (semantic) {
        const cosine = embeddingDot(embedding!, semantic.embeddings[other]!);
        similarity = blendSimilarity(semantic.blend, similarity, cosine);
      }
      if (similarity >= options.minSimilarity) neighbours.push({ index: other, similarity });
    };
    const lexical = best.held();
    const nearest = self >= 0 ? semantic?.nearest : undefined;
    if (nearest) {
      const { scored } = this;
      for (const other of lexical) scored[other] = 1;
      for (const other of lexical) score(other);
      for (let q = nearest.offsets[self]!; q < nearest.offsets[self + 1]!; q += 1) {
        const other = nearest.records[q]!;
        if (other !== self && scored[other] === 0) {
          scored[other] = 1;
          score(other);
        }
      }
      for (const other of lexical) scored[other] = 0;
      for (let q = nearest.offsets[self]!; q < nearest.offsets[self + 1]!; q += 1) scored[nearest.records[q]!] = 0;
    } else {
      for (const other of lexical) score(other);
    }
    for (let p = 0; p < vector.ids.length; p += 1) if (vector.ids[p]! < space.featureCount) dense[vector.ids[p]!] = 0;
    neighbours.sort((a, b) => b.similarity - a.similarity || a.index - b.index);
    if (neighbours.length > count) neighbours.length = count;
    return neighbours;
  }

  /** The neighbours of the space's own record `record`. */
  neighboursOfRecord(record: number): Neighbour[] {
    return this.neighboursOf(vectorOfRecord(this.space, record), record);
  }
}

/** The vector of record `index` of a search space, as a view on its arrays. */
export function vectorOfRecord(space: SearchSpace, index: number): SparseVector {
  const from = space.offsets[index]!;
  const to = space.offsets[index + 1]!;
  return { ids: space.ids.subarray(from, to), weights: space.weights.subarray(from, to) };
}

/**
 * Every record's nearest neighbours, packed in flat arrays rather than an object per neighbour (at 100,000
 * records and 50 neighbours each, 5 million objects took a gigabyte, and as much again to copy them from
 * the search threads). Record r's neighbours, best first, are `indexes` and `similarities` from `r * width`,
 * `counts[r]` of them. Threads fill their records' rows of one table in shared memory.
 */
export interface NeighbourTable {
  width: number;
  counts: Int32Array;
  indexes: Int32Array;
  similarities: Float64Array;
}

export function createNeighbourTable(records: number, width: number, make: ArrayMaker = plainArrays): NeighbourTable {
  return {
    width,
    counts: make.int32(records),
    indexes: make.int32(records * width),
    similarities: make.float64(records * width),
  };
}

/** Packs lists of neighbours (each sorted, best first) into a table as wide as the longest. */
export function packNeighbours(lists: readonly (readonly Neighbour[])[]): NeighbourTable {
  const table = createNeighbourTable(
    lists.length,
    lists.reduce((width, list) => Math.max(width, list.length), 0),
  );
  lists.forEach((list, record) => setNeighbours(table, record, list));
  return table;
}

export function setNeighbours(table: NeighbourTable, record: number, list: readonly Neighbour[]): void {
  const count = Math.min(list.length, table.width);
  const at = record * table.width;
  for (let i = 0; i < count; i += 1) {
    table.indexes[at + i] = list[i]!.index;
    table.similarities[at + i] = list[i]!.similarity;
  }
  table.counts[record] = count;
}

/** Record `record`'s first `limit` neighbours, as objects. */
export function neighboursInTable(table: NeighbourTable, record: number, limit = table.width): Neighbour[] {
  const count = Math.min(limit, table.counts[record]!);
  const at = record * table.width;
  const list: Neighbour[] = new Array(count);
  for (let i = 0; i < count; i += 1)
    list[i] = { index: table.indexes[at + i]!, similarity: table.similarities[at + i]! };
  return list;
}

/** Finds the neighbours of the records `from` to `to` (exclusive) into their rows of `table`. */
export function findNeighboursInto(table: NeighbourTable, searcher: NeighbourSearcher, from: number, to: number): void {
  for (let record = from; record < to; record += 1) setNeighbours(table, record, searcher.neighboursOfRecord(record));
}

/** The nearest neighbours of the records `from` to `to` (exclusive), as lists. */
export function findNeighbours(
  space: SearchSpace,
  index: InvertedIndex,
  options: NeighbourOptions,
  from = 0,
  to = space.offsets.length - 1,
  semantic: SemanticRanking | null = null,
): Neighbour[][] {
  const table = createNeighbourTable(space.offsets.length - 1, options.neighbours);
  findNeighboursInto(table, new NeighbourSearcher(space, index, options, semantic), from, to);
  return Array.from({ length: to - from }, (_, offset) => neighboursInTable(table, from + offset));
}

/**
 * Each record's `count` nearest records by embedding (the largest cosines, best first), by comparing every
 * pair once: exact, and quick enough for a few thousand records (5,000 take some 6 s). Larger sets need an
 * approximate index (src/server/clustering/embedding-index.ts).
 */
export function exactNearestByEmbedding(embeddings: readonly Float32Array[], count: number): CandidateLists {
  const total = embeddings.length;
  const kept = Math.max(0, Math.min(count, total - 1));
  const bests = Array.from({ length: total }, () => new BestCandidates(Math.max(1, kept)));
  if (kept > 0) {
    for (let a = 0; a < total; a += 1) {
      const embedding = embeddings[a]!;
      const best = bests[a]!;
      for (let b = a + 1; b < total; b += 1) {
        const cosine = embeddingDot(embedding, embeddings[b]!);
        best.offer(cosine, b);
        bests[b]!.offer(cosine, a);
      }
    }
  }
  return candidateListsOf(bests.map((best) => best.bestFirst()));
}

/** Packs per-record lists into `CandidateLists`. */
export function candidateListsOf(lists: readonly ArrayLike<number>[], make: ArrayMaker = plainArrays): CandidateLists {
  const offsets = make.int32(lists.length + 1);
  lists.forEach((list, index) => (offsets[index + 1] = offsets[index]! + list.length));
  const records = make.int32(offsets[lists.length]!);
  lists.forEach((list, index) => records.set(list, offsets[index]!));
  return { offsets, records };
}
