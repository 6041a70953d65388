import { dot, type SparseVector } from './features.ts';
import type { Neighbour } from './neighbours.ts';
import { blendSimilarity, embeddingDot, LEXICAL_ONLY, type SemanticBlend } from './semantic.ts';

/**
 * How records' similarity is scored: the cosine of their feature vectors, blended with the cosine of their
 * embeddings when they carry them (`embeddings` parallel to `vectors`, or null for lexical alone).
 */
export interface SimilaritySpace {
  vectors: readonly SparseVector[];
  embeddings: readonly Float32Array[] | null;
  blend: SemanticBlend;
}

export const lexicalSimilarity = (vectors: readonly SparseVector[]): SimilaritySpace => ({
  vectors,
  embeddings: null,
  blend: LEXICAL_ONLY,
});

/** A sparse sum of feature vectors, kept as a map so that members can be added and removed. */
export type SummedVector = Map<number, number>;

/**
 * A group's summed vectors: its feature vectors, and its embeddings when records carry them. A group of one
 * holds its member's own embedding (most groups are one-offs: a copy each would cost 4 KB per record), and
 * copies it when a second member is added.
 */
export interface GroupSum {
  lexical: SummedVector;
  semantic: Float64Array | Float32Array | null;
}

export function sumOf(space: SimilaritySpace, members: readonly number[]): GroupSum {
  const { embeddings } = space;
  if (embeddings && members.length === 1) {
    const sum: GroupSum = { lexical: new Map(), semantic: embeddings[members[0]!]! };
    addTo(sum, space.vectors[members[0]!]!, null, 1);
    return sum;
  }
  const sum: GroupSum = {
    lexical: new Map(),
    semantic: embeddings && embeddings.length > 0 ? new Float64Array(embeddings[0]!.length) : null,
  };
  for (const member of members) addTo(sum, space.vectors[member]!, embeddings?.[member] ?? null, 1);
  return sum;
}

export function addTo(sum: GroupSum, vector: SparseVector, embedding: Float32Array | null, sign: 1 | -1): void {
  for (let i = 0; i < vector.ids.length; i += 1) {
    const id = vector.ids[i]!;
    sum.lexical.set(id, (sum.lexical.get(id) ?? 0) + sign * vector.weights[i]!);
  }
  if (!sum.semantic || !embedding) return;
  if (!(sum.semantic instanceof Float64Array)) sum.semantic = Float64Array.from(sum.semantic);
  for (let i = 0; i < embedding.length; i += 1) sum.semantic[i]! += sign * embedding[i]!;
}

/**
 * A member's average similarity to the other members: its vectors against the group's sums without it,
 * divided by their number. Exact for cosine similarity (and for the blend of two), without comparing
 * every pair.
 */
export function averageSimilarity(space: SimilaritySpace, member: number, sum: GroupSum, size: number): number {
  if (size < 2) return 1;
  const vector = space.vectors[member]!;
  let lexical = 0;
  for (let i = 0; i < vector.ids.length; i += 1) {
    const weight = vector.weights[i]!;
    lexical += weight * ((sum.lexical.get(vector.ids[i]!) ?? 0) - weight);
  }
  const embedding = space.embeddings?.[member];
  if (!embedding || !sum.semantic) return lexical / (size - 1);
  const semantic = embeddingDot(embedding, sum.semantic) - embeddingDot(embedding, embedding);
  return blendSimilarity(space.blend, lexical / (size - 1), semantic / (size - 1));
}

/** A record's average similarity to the members of a group it is not part of. */
export function similarityToGroup(
  blend: SemanticBlend,
  vector: SparseVector,
  embedding: Float32Array | null,
  sum: GroupSum,
  size: number,
): number {
  let lexical = 0;
  for (let i = 0; i < vector.ids.length; i += 1) lexical += vector.weights[i]! * (sum.lexical.get(vector.ids[i]!) ?? 0);
  if (!embedding || !sum.semantic) return lexical / size;
  return blendSimilarity(blend, lexical / size, embeddingDot(embedding, sum.semantic) / size);
}

/**
 * A record's average similarity to the members of the group that holds `member`, an earlier version of the
 * same record (an edited issue placed again), leaving `member` out.
 */
export function similarityToGroupWithout(
  space: SimilaritySpace,
  member: number,
  vector: SparseVector,
  embedding: Float32Array | null,
  sum: GroupSum,
  size: number,
): number {
  if (size < 2) return 0;
  let lexical = -dot(vector, space.vectors[member]!);
  for (let i = 0; i < vector.ids.length; i += 1) lexical += vector.weights[i]! * (sum.lexical.get(vector.ids[i]!) ?? 0);
  const own = space.embeddings?.[member];
  if (!embedding || !own || !sum.semantic) return lexical / (size - 1);
  const semantic = embeddingDot(embedding, sum.semantic) - embeddingDot(embedding, own);
  return blendSimilarity(space.blend, lexical / (size - 1), semantic / (size - 1));
}

/**
 * Takes out of each group the members that are, on average, less similar than `threshold` to the rest:
 * they stand alone instead. Repeats until every member holds, since each removal changes the others'
 * averages. A group of two that fails falls apart into two.
 */
export function keepCohesiveMembers(
  space: SimilaritySpace,
  groups: readonly (readonly number[])[],
  threshold: number,
): number[][] {
  const result: number[][] = [];
  for (const group of groups) {
    if (group.length === 1) {
      result.push([...group]);
      continue;
    }
    let members = [...group];
    const sum = sumOf(space, members);
    for (let round = 0; round < 20 && members.length > 1; round += 1) {
      const scores = members.map((member) => averageSimilarity(space, member, sum, members.length));
      const weakest = Math.min(...scores);
      if (weakest >= threshold) break;
      // Only the clearly weak go in one round; the others are judged again once they have left.
      const cut = Math.min(threshold, weakest + (threshold - weakest) / 2);
      const leaving = members.filter((_, index) => scores[index]! <= cut);
      for (const member of leaving) {
        addTo(sum, space.vectors[member]!, space.embeddings?.[member] ?? null, -1);
        result.push([member]);
      }
      members = members.filter((_, index) => scores[index]! > cut);
    }
    if (members.length > 0) result.push(members);
  }
  return result;
}

/**
 * Gives each record left alone a second chance: it joins the cluster of one of its neighbours when it is,
 * on average, at least `threshold` similar to that cluster's members (the test every member passed), the
 * most similar such cluster if several are. Records that pass no such test stay alone.
 */
export function attachLoners(
  space: SimilaritySpace,
  neighbours: readonly (readonly Neighbour[])[],
  groups: readonly (readonly number[])[],
  threshold: number,
): number[][] {
  const result = groups.map((group) => [...group]);
  const groupOf = new Map<number, number>();
  result.forEach((group, index) => group.forEach((record) => groupOf.set(record, index)));
  const sums = result.map((group) => (group.length > 1 ? sumOf(space, group) : null));
  result.forEach((group, index) => {
    if (group.length !== 1) return;
    const record = group[0]!;
    const vector = space.vectors[record]!;
    const embedding = space.embeddings?.[record] ?? null;
    const candidates = new Set(neighbours[record]!.map((neighbour) => groupOf.get(neighbour.index)!));
    let best = -1;
    let bestScore = threshold;
    for (const candidate of [...candidates].sort((a, b) => a - b)) {
      const sum = sums[candidate];
      if (!sum || candidate === index) continue;
      const score = similarityToGroup(space.blend, vector, embedding, sum, result[candidate]!.length);
      if (score >= bestScore) [best, bestScore] = [candidate, score];
    }
    if (best < 0) return;
    result[best]!.push(record);
    addTo(sums[best]!, vector, embedding, 1);
    groupOf.set(record, best);
    result[index] = [];
  });
  return result.filter((group) => group.length > 0);
}
