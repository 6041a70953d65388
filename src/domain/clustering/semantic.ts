import { titleCutFromDescription, type ClusterRecord } from './features.ts';

/**
 * What of a record the sentence encoder reads: its title and description, cut at a word near
 * `SEMANTIC_TEXT_LENGTH` characters (the encoder's cost grows with the length, and a stack trace or a long
 * story adds little to what the opening says). A title an export cut from the description is left out, so
 * that the encoder reads the opening words once. Whoever stores embeddings must embed this same text.
 */
export function semanticTextOf(record: Pick<ClusterRecord, 'title' | 'description'>): string {
  const title = titleCutFromDescription(record.title, record.description) ? '' : record.title.trim();
  const description = record.description.trim();
  const text =
    title && description ? `${/[.!?:;]$/.test(title) ? title : `${title}.`} ${description}` : title || description;
  if (text.length <= SEMANTIC_TEXT_LENGTH) return text;
  const cut = text.lastIndexOf(' ', SEMANTIC_TEXT_LENGTH);
  return text.slice(0, cut > SEMANTIC_TEXT_LENGTH / 2 ? cut : SEMANTIC_TEXT_LENGTH);
}

export const SEMANTIC_TEXT_LENGTH = 500;

/**
 * How a pair's similarity is made when records carry embeddings: `(1 − weight) · lexical + weight ·
 * semantic`, where semantic is the embeddings' cosine measured from `baseline` (what two records picked
 * at random score), so that unrelated records score near 0 on both. Both parts are linear in the
 * cosines, so the average over all pairs of a group is still exact from the group's sums.
 */
export interface SemanticBlend {
  weight: number;
  baseline: number;
}

/** No blend: lexical similarity alone. */
export const LEXICAL_ONLY: SemanticBlend = { weight: 0, baseline: 0 };

export function blendSimilarity(blend: SemanticBlend, lexical: number, cosine: number): number {
  return (1 - blend.weight) * lexical + blend.weight * ((cosine - blend.baseline) / (1 - blend.baseline));
}

/** The cosine of two unit-length embeddings, or of one against a sum of them (a dot product). */
export function embeddingDot(a: Float32Array, b: ArrayLike<number>): number {
  let sum = 0;
  for (let i = 0; i < a.length; i += 1) sum += a[i]! * b[i]!;
  return sum;
}

/**
 * The average cosine over all pairs of the embeddings, exact and in one pass: |Σe|² counts every pair
 * twice and each embedding once with itself.
 */
export function averagePairCosine(embeddings: readonly Float32Array[]): number {
  const count = embeddings.length;
  if (count < 2) return 0;
  const sum = new Float64Array(embeddings[0]!.length);
  let self = 0;
  for (const embedding of embeddings) {
    for (let i = 0; i < embedding.length; i += 1) sum[i]! += embedding[i]!;
    self += embeddingDot(embedding, embedding);
  }
  let total = 0;
  for (const value of sum) total += value * value;
  return (total - self) / (count * (count - 1));
}

/**
 * The records' embeddings in order, or null when none has one. Either every record carries an embedding
 * of the same length, or none does: a blend over some of the pairs would not be comparable.
 */
export function embeddingsOf(records: readonly Pick<ClusterRecord, 'embedding'>[]): Float32Array[] | null {
  const given = records.filter((record) => record.embedding !== undefined).length;
  if (given === 0) return null;
  if (given < records.length) {
    throw new RangeError(
      `${given} of ${records.length} records carry an embedding: give every record one, or none (lexical similarity alone).`,
    );
  }
  const embeddings = records.map((record) => record.embedding!);
  const length = embeddings[0]!.length;
  if (length === 0 || embeddings.some((embedding) => embedding.length !== length)) {
    throw new RangeError('Every embedding must have the same, non-zero length.');
  }
  return embeddings;
}
