import { stemmedWords } from '../text/tokenize.ts';
import type { ClusterRecord } from './features.ts';
import type { Steps } from './steps.ts';

/**
 * Boilerplate: lines and sentences that many otherwise unrelated records repeat, such as a report template's
 * headings and placeholders, a greeting or a sign-off ("Thank you in advance."), a habit of telling ("I was sent
 * home."), or a framework's stack-trace frames. Their words, shared by unrelated reports,
 * would join them (a bug template left in 30% of the support tickets took their F1 from 0.71 to 0.51:
 * docs/CLUSTERING.md), so they do not count. A piece that many records of ONE problem repeat (its error
 * message) is what they share, and still counts: the rest of its holders' texts are alike.
 */
export const BOILERPLATE = {
  /** A line or sentence is a candidate when at least this share of the records holds it... */
  share: 0.02,
  /** ...and at least this many. */
  minRecords: 5,
  /** Holders compared per candidate piece: enough to tell a template from a problem's error message. */
  sample: 40,
  /**
   * Holders whose other words are on average at least this alike (idf-weighted cosine) are about one thing.
   * Measured on the fixtures: at most 0.03 for the holders of a template or of stack-trace frames, 0.047 to
   * 0.098 for the records of one problem sharing their error message (tests/unit/clustering/boilerplate.test.ts).
   */
  relatedRest: 0.04,
};

/** A piece as it is compared: lower case, letters and digits only, single spaces. */
function pieceKey(piece: string): string {
  return piece
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

/** A text's lines, and each line's sentences: the pieces that a template or a habit repeats whole. */
function piecesOf(text: string): string[] {
  return text.split('\n').flatMap((line) => line.split(SENTENCE_END));
}
const SENTENCE_END = /(?<=[.!?])\s+/u;
/** A text without a line break or a sentence's end followed by more is one piece. */
const MAY_HAVE_PIECES = /\n|[.!?]\s/u;

/** FNV-1a over the piece's characters: counting hashes, not strings, keeps the first pass small at 100,000 records. */
function hashOf(key: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < key.length; i += 1) hash = Math.imul(hash ^ key.charCodeAt(i), 0x01000193);
  return hash >>> 0;
}

const NO_KEYS: ReadonlySet<string> = new Set();

/** Records read between two steps: some 25 ms of work. */
const RECORDS_PER_STEP = 500;

/**
 * The boilerplate pieces (lines and sentences) of the records' descriptions, as `pieceKey` writes them.
 */
export function* boilerplateSteps(records: readonly ClusterRecord[]): Steps<ReadonlySet<string>> {
  const needed = Math.max(BOILERPLATE.minRecords, BOILERPLATE.share * records.length);
  const keysOf = (record: ClusterRecord) => {
    // A description of one piece is the whole report, never boilerplate (and most are: this pass stays cheap).
    if (!MAY_HAVE_PIECES.test(record.description)) return NO_KEYS;
    const keys = new Set(
      piecesOf(record.description)
        .map(pieceKey)
        .filter((key) => key !== ''),
    );
    return keys.size > 1 ? keys : NO_KEYS;
  };

  const counts = new Map<number, number>();
  for (let index = 0; index < records.length; index += 1) {
    for (const key of keysOf(records[index]!)) {
      const hash = hashOf(key);
      counts.set(hash, (counts.get(hash) ?? 0) + 1);
    }
    if ((index + 1) % RECORDS_PER_STEP === 0) yield;
  }
  const frequent = new Set([...counts].filter(([, count]) => count >= needed).map(([hash]) => hash));
  if (frequent.size === 0) return new Set();

  const holders = new Map<string, number[]>();
  for (let index = 0; index < records.length; index += 1) {
    for (const key of keysOf(records[index]!)) {
      if (!frequent.has(hashOf(key))) continue;
      const list = holders.get(key);
      if (list) list.push(index);
      else holders.set(key, [index]);
    }
    if ((index + 1) % RECORDS_PER_STEP === 0) yield;
  }
  const repeated = [...holders].filter(([, list]) => list.length >= needed);
  const candidates = new Set(repeated.map(([key]) => key));
  const samples = repeated.map(([key, list]) => [key, list.slice(0, BOILERPLATE.sample)] as const);
  const restOf = restVectors(records, candidates, new Set(samples.flatMap(([, sample]) => sample)));
  const boilerplate = new Set<string>();
  for (const [key, sample] of samples) {
    if (averagePairCosine(sample.map(restOf)) < BOILERPLATE.relatedRest) boilerplate.add(key);
    yield;
  }
  return boilerplate;
}

/** The text without its boilerplate pieces. */
export function withoutBoilerplate(text: string, boilerplate: ReadonlySet<string>): string {
  if (boilerplate.size === 0) return text;
  return piecesOf(text)
    .filter((piece) => !boilerplate.has(pieceKey(piece)))
    .join('\n');
}

type WordVector = Map<string, number>;

/**
 * The sampled records' words apart from the candidate pieces, each an idf-weighted unit vector (the idf taken
 * over the sampled records, which is all the comparison needs).
 */
function restVectors(
  records: readonly ClusterRecord[],
  candidates: ReadonlySet<string>,
  sampled: ReadonlySet<number>,
): (index: number) => WordVector {
  const stems = new Map<number, Set<string>>();
  const documentFrequency = new Map<string, number>();
  for (const index of sampled) {
    const record = records[index]!;
    const rest = piecesOf(record.description).filter((piece) => !candidates.has(pieceKey(piece)));
    const words = new Set(stemmedWords(`${record.title}\n${rest.join('\n')}`).map(({ stem }) => stem));
    stems.set(index, words);
    for (const stem of words) documentFrequency.set(stem, (documentFrequency.get(stem) ?? 0) + 1);
  }
  const vectors = new Map<number, WordVector>();
  for (const [index, words] of stems) {
    const weights = [...words].map((stem): [string, number] => [
      stem,
      Math.log(1 + sampled.size / documentFrequency.get(stem)!),
    ]);
    const norm = Math.sqrt(weights.reduce((sum, [, weight]) => sum + weight * weight, 0)) || 1;
    vectors.set(index, new Map(weights.map(([stem, weight]) => [stem, weight / norm])));
  }
  return (index) => vectors.get(index)!;
}

function averagePairCosine(vectors: readonly WordVector[]): number {
  let total = 0;
  let pairs = 0;
  for (let a = 0; a < vectors.length; a += 1) {
    for (let b = a + 1; b < vectors.length; b += 1) {
      for (const [stem, weight] of vectors[a]!) total += weight * (vectors[b]!.get(stem) ?? 0);
      pairs += 1;
    }
  }
  return pairs === 0 ? 0 : total / pairs;
}
