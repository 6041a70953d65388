import { stemmedWords } from '../text/tokenize.ts';
import { boilerplateSteps, withoutBoilerplate } from './boilerplate.ts';
import { runToEnd, type Steps } from './steps.ts';

/**
 * A record's features as one sparse vector: the stems of its words, weighted so that rare, telling words
 * count more than common ones, plus its tags (with their ancestors) and root-cause categories as features
 * of their own. One vector for all signals lets a cluster's average similarity be computed exactly from
 * the sum of its members' vectors.
 */
export interface ClusterRecord {
  /** Unique and stable: ties are broken by it, so that the same records give the same clusters. */
  key: string;
  title: string;
  description: string;
  rootCauseStatements: readonly string[];
  /** Tag slugs, synonyms already resolved. */
  tags: readonly string[];
  rootCauseCategories: readonly string[];
  rootCauseLevels: readonly string[];
  /**
   * Its sentence embedding (unit length), of `semanticTextOf(record)`, when semantic similarity is on.
   * Every record of a clustering carries one, or none does.
   */
  embedding?: Float32Array;
}

export interface FeatureWeights {
  /** How much a word in the title counts against one in the description. */
  title: number;
  /** The share of a record's length its tags take, when it has any (its words have 1). */
  tags: number;
  /** The same for root-cause categories and levels. */
  rootCauses: number;
}

/** Sorted feature ids with their weights; the vector has length 1 (or 0 for a record with no features). */
export interface SparseVector {
  ids: Int32Array;
  weights: Float64Array;
}

/** What weighs a record that is not part of a space: the space without its records' vectors. */
export interface FeatureVocabulary {
  /** Feature id -> its name: a stem, `tag:<slug>` or `cause:<category>`. */
  names: string[];
  /** Feature id -> the word most often written for it (a stem's commonest spelling), for explanations. */
  shownAs: string[];
  /** Feature id -> in how many records it appears. */
  documentFrequency: Int32Array;
  featureCount: number;
  /** Feature name -> id, to place a new record in the same space. */
  featureIds: ReadonlyMap<string, number>;
  recordCount: number;
  /** Lines of text that many records repeat (templates, greetings, stack-trace frames): not counted. */
  boilerplate: ReadonlySet<string>;
}

export interface FeatureSpace extends FeatureVocabulary {
  vectors: SparseVector[];
}

export function vocabularyOf({ vectors: _vectors, ...vocabulary }: FeatureSpace): FeatureVocabulary {
  return vocabulary;
}

/** A vocabulary as JSON can hold it, to be kept in the database. */
export type StoredVocabulary = {
  names: string[];
  shownAs: string[];
  documentFrequency: number[];
  recordCount: number;
  boilerplate: string[];
};

export function storedVocabulary(vocabulary: FeatureVocabulary): StoredVocabulary {
  return {
    names: vocabulary.names,
    shownAs: vocabulary.shownAs,
    documentFrequency: [...vocabulary.documentFrequency],
    recordCount: vocabulary.recordCount,
    boilerplate: [...vocabulary.boilerplate],
  };
}

/**
 * The vocabulary without the words of `texts` (what a redaction removed): no feature stays whose stem or
 * spelling is one of theirs, and no repeated line that holds one of the texts.
 */
export function vocabularyWithout(stored: StoredVocabulary, texts: readonly string[]): StoredVocabulary {
  const stems = new Set<string>();
  const spellings = new Set<string>();
  for (const text of texts) {
    for (const { stem, word } of stemmedWords(text)) {
      stems.add(stem);
      spellings.add(word);
    }
  }
  const kept = stored.names.map((name, id) => !stems.has(name) && !spellings.has(stored.shownAs[id]!));
  const lowerTexts = texts.map((text) => text.toLowerCase());
  return {
    names: stored.names.filter((_, id) => kept[id]),
    shownAs: stored.shownAs.filter((_, id) => kept[id]),
    documentFrequency: stored.documentFrequency.filter((_, id) => kept[id]),
    recordCount: stored.recordCount,
    boilerplate: stored.boilerplate.filter((line) => !lowerTexts.some((text) => line.toLowerCase().includes(text))),
  };
}

export function vocabularyFromStored(stored: StoredVocabulary): FeatureVocabulary {
  return {
    names: stored.names,
    shownAs: stored.shownAs,
    documentFrequency: Int32Array.from(stored.documentFrequency),
    featureCount: stored.names.length,
    featureIds: new Map(stored.names.map((name, id) => [name, id])),
    recordCount: stored.recordCount,
    boilerplate: new Set(stored.boilerplate),
  };
}

export const TAG_FEATURE = 'tag:';
export const CAUSE_FEATURE = 'cause:';
export const isWordFeature = (name: string) => !name.startsWith(TAG_FEATURE) && !name.startsWith(CAUSE_FEATURE);

/** A tag's ancestors, nearest first: a tag also counts, at half weight per level, as each tag above it. */
export type AncestorsOf = (tag: string) => readonly string[];

type Counts = Map<number, number>;
interface CompactCounts {
  ids: Int32Array;
  counts: Float64Array;
}

/** Assigns feature ids and remembers how each word feature is usually written. */
class FeatureNames {
  readonly names: string[] = [];
  private readonly idOf = new Map<string, number>();
  private readonly spellings: Map<string, number>[] = [];

  id(name: string, spelling: string = name): number {
    let id = this.idOf.get(name);
    if (id === undefined) {
      id = this.names.length;
      this.idOf.set(name, id);
      this.names.push(name);
      this.spellings.push(new Map());
    }
    const spellings = this.spellings[id]!;
    spellings.set(spelling, (spellings.get(spelling) ?? 0) + 1);
    return id;
  }

  ids(): ReadonlyMap<string, number> {
    return this.idOf;
  }

  shownAs(): string[] {
    return this.spellings.map((spellings, id) => {
      let best = this.names[id]!;
      let count = 0;
      for (const [spelling, times] of spellings) {
        if (times > count || (times === count && spelling < best)) [best, count] = [spelling, times];
      }
      return best;
    });
  }
}

/**
 * Builds the vectors. Word weights are (1 + ln tf) · idf with idf = ln(1 + N / df); each group of
 * features (words, tags, causes) is normalised and scaled to its share before the whole is normalised,
 * so that a record with ten tags does not drown its words, and one without tags is not penalised.
 */
export function buildFeatureSpace(
  records: readonly ClusterRecord[],
  weights: FeatureWeights,
  ancestorsOf: AncestorsOf,
): FeatureSpace {
  return runToEnd(featureSpaceSteps(records, weights, ancestorsOf));
}

/** Records read between two steps of `featureSpaceSteps`: some 25 ms of work. */
const RECORDS_PER_STEP = 500;

/** `buildFeatureSpace` in steps of RECORDS_PER_STEP records (5 s of work at 100,000 records). */
export function* featureSpaceSteps(
  records: readonly ClusterRecord[],
  weights: FeatureWeights,
  ancestorsOf: AncestorsOf,
): Steps<FeatureSpace> {
  const boilerplate = yield* boilerplateSteps(records);
  const features = new FeatureNames();
  const counted: CountedGroups[] = [];
  for (const record of records) {
    counted.push(countFeatures(record, weights, ancestorsOf, boilerplate, (name, word) => features.id(name, word)));
    if (counted.length % RECORDS_PER_STEP === 0) yield;
  }
  const documentFrequency = new Int32Array(features.names.length);
  for (const groups of counted) {
    for (const group of [groups.words, groups.tags, groups.causes]) {
      for (const id of group.ids) documentFrequency[id]! += 1;
    }
  }
  const idf = (id: number) => Math.log(1 + records.length / documentFrequency[id]!);
  const vectors: SparseVector[] = [];
  for (const groups of counted) {
    vectors.push(weigh(groups, idf, weights));
    if (vectors.length % RECORDS_PER_STEP === 0) yield;
  }
  return {
    vectors,
    names: features.names,
    shownAs: features.shownAs(),
    documentFrequency,
    featureCount: features.names.length,
    featureIds: features.ids(),
    recordCount: records.length,
    boilerplate,
  };
}

/**
 * The vector of a record that is not part of `space` (a new local issue), weighed by the space's document
 * frequencies. A word the space has never seen is as rare as can be: it counts in the record's length,
 * so that its other words weigh as much as they would have, but it can match nothing.
 */
export function vectorInSpace(
  space: FeatureVocabulary,
  record: ClusterRecord,
  weights: FeatureWeights,
  ancestorsOf: AncestorsOf,
): SparseVector {
  const unseen = new Map<string, number>();
  const groups = countFeatures(record, weights, ancestorsOf, space.boilerplate, (name) => {
    const known = space.featureIds.get(name);
    if (known !== undefined) return known;
    // Ids past the space's features stand for the unseen ones; the vector drops them at the end.
    let id = unseen.get(name);
    if (id === undefined) unseen.set(name, (id = space.featureCount + unseen.size));
    return id;
  });
  const idf = (id: number) =>
    Math.log(1 + space.recordCount / (id < space.featureCount ? space.documentFrequency[id]! : 1));
  const vector = weigh(groups, idf, weights);
  const kept = vector.ids.findIndex((id) => id >= space.featureCount);
  return kept === -1 ? vector : { ids: vector.ids.subarray(0, kept), weights: vector.weights.subarray(0, kept) };
}

interface CountedGroups {
  words: CompactCounts;
  tags: CompactCounts;
  causes: CompactCounts;
}

/** A record's features, counted by group; `idOf` names each feature (and says how the word was written). */
function countFeatures(
  record: ClusterRecord,
  weights: FeatureWeights,
  ancestorsOf: AncestorsOf,
  boilerplate: ReadonlySet<string>,
  idOf: (name: string, word?: string) => number,
): CountedGroups {
  const add = (counts: Counts, id: number, amount: number) => counts.set(id, (counts.get(id) ?? 0) + amount);
  const words: Counts = new Map();
  const addText = (text: string, weight: number) => {
    for (const { stem, word } of stemmedWords(text)) add(words, idOf(stem, word), weight);
  };
  // A title an export made from the description is no title of its own: its words count once.
  if (!titleCutFromDescription(record.title, record.description)) addText(record.title, weights.title);
  addText(withoutBoilerplate(record.description, boilerplate), 1);
  for (const statement of record.rootCauseStatements) addText(statement, 1);
  const tags: Counts = new Map();
  for (const tag of new Set(record.tags)) {
    add(tags, idOf(`${TAG_FEATURE}${tag}`), 1);
    ancestorsOf(tag).forEach((ancestor, depth) => add(tags, idOf(`${TAG_FEATURE}${ancestor}`), 0.5 ** (depth + 1)));
  }
  const causes: Counts = new Map();
  for (const category of new Set(record.rootCauseCategories)) add(causes, idOf(`${CAUSE_FEATURE}${category}`), 1);
  for (const level of new Set(record.rootCauseLevels)) add(causes, idOf(`${CAUSE_FEATURE}level-${level}`), 0.5);
  return { words: compact(words), tags: compact(tags), causes: compact(causes) };
}

/** A title cut short, as exports write it: "The van is always at …". */
const CUT_MARK = /\s*(?:…|\.\.\.)\s*$/u;

/**
 * Whether a record's title was made from its description, as exports make titles: its start cut short ("The
 * van is always at …") or the whole of it. A person's own title that happens to begin the description is
 * still a title (counting it once there cost the CBM set's one-offs: docs/CLUSTERING.md).
 */
export function titleCutFromDescription(title: string, description: string): boolean {
  const start = title.replace(CUT_MARK, '').trim().toLowerCase();
  const text = description.trim().toLowerCase();
  return start !== '' && text.startsWith(start) && (start === text || CUT_MARK.test(title));
}

/**
 * Each record's counts are kept as two small typed arrays, not a Map: at 100,000 records that is the
 * difference between a few and a few hundred megabytes.
 */
function compact(counts: Counts): CompactCounts {
  return { ids: Int32Array.from(counts.keys()), counts: Float64Array.from(counts.values()) };
}

/** Weighs the counts, scales each group to its share and the whole to length 1. */
function weigh({ words, tags, causes }: CountedGroups, idf: (id: number) => number, weights: FeatureWeights) {
  const entries: [number, number][] = [];
  const addGroup = (group: CompactCounts, share: number) => {
    if (group.ids.length === 0 || share === 0) return;
    const weighted = Array.from(group.ids, (id, i): [number, number] => [
      id,
      (1 + Math.log(group.counts[i]!)) * idf(id),
    ]);
    const norm = Math.sqrt(weighted.reduce((sum, [, weight]) => sum + weight * weight, 0)) || 1;
    for (const [id, weight] of weighted) entries.push([id, (weight / norm) * Math.sqrt(share)]);
  };
  addGroup(words, 1);
  addGroup(tags, weights.tags);
  addGroup(causes, weights.rootCauses);
  return toSparseVector(entries);
}

/** Sorts by feature id and scales to length 1 (an empty record stays empty). */
export function toSparseVector(entries: [number, number][]): SparseVector {
  entries.sort((a, b) => a[0] - b[0]);
  const norm = Math.sqrt(entries.reduce((sum, [, weight]) => sum + weight * weight, 0)) || 1;
  return {
    ids: Int32Array.from(entries, ([id]) => id),
    weights: Float64Array.from(entries, ([, weight]) => weight / norm),
  };
}

/** The cosine of two vectors (both have length 1). */
export function dot(a: SparseVector, b: SparseVector): number {
  let sum = 0;
  let i = 0;
  let j = 0;
  while (i < a.ids.length && j < b.ids.length) {
    const left = a.ids[i]!;
    const right = b.ids[j]!;
    if (left === right) sum += a.weights[i++]! * b.weights[j++]!;
    else if (left < right) i += 1;
    else j += 1;
  }
  return sum;
}
