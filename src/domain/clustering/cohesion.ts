import type { SparseVector } from './features.ts';
import type { Neighbour } from './neighbours.ts';

/** A group's summed vector, kept as a map so that members can be added and removed. */
export type SummedVector = Map<number, number>;

export function sumOf(vectors: readonly SparseVector[], members: readonly number[]): SummedVector {
  const sum: SummedVector = new Map();
  for (const member of members) addTo(sum, vectors[member]!, 1);
  return sum;
}

export function addTo(sum: SummedVector, vector: SparseVector, sign: 1 | -1): void {
  for (let i = 0; i < vector.ids.length; i += 1) {
    const id = vector.ids[i]!;
    sum.set(id, (sum.get(id) ?? 0) + sign * vector.weights[i]!);
  }
}

/**
 * A member's average similarity to the other members: its vector against the group's sum without it,
 * divided by their number. Exact for cosine similarity, without comparing every pair.
 */
export function averageSimilarity(vector: SparseVector, sum: SummedVector, size: number): number {
  if (size < 2) return 1;
  let total = 0;
  for (let i = 0; i < vector.ids.length; i += 1) {
    const weight = vector.weights[i]!;
    total += weight * ((sum.get(vector.ids[i]!) ?? 0) - weight);
  }
  return total / (size - 1);
}

/** A record's average similarity to the members of a group it is not part of. */
export function similarityToGroup(vector: SparseVector, sum: SummedVector, size: number): number {
  let total = 0;
  for (let i = 0; i < vector.ids.length; i += 1) total += vector.weights[i]! * (sum.get(vector.ids[i]!) ?? 0);
  return total / size;
}

/**
 * Takes out of each group the members that are, on average, less similar than `threshold` to the rest:
 * they stand alone instead. Repeats until every member holds, since each removal changes the others'
 * averages. A group of two that fails falls apart into two.
 */
export function keepCohesiveMembers(
  vectors: readonly SparseVector[],
  groups: readonly (readonly number[])[],
  threshold: number,
): number[][] {
  const result: number[][] = [];
  for (const group of groups) {
    let members = [...group];
    const sum = sumOf(vectors, members);
    for (let round = 0; round < 20 && members.length > 1; round += 1) {
      const scores = members.map((member) => averageSimilarity(vectors[member]!, sum, members.length));
      const weakest = Math.min(...scores);
      if (weakest >= threshold) break;
      // Only the clearly weak go in one round; the others are judged again once they have left.
      const cut = Math.min(threshold, weakest + (threshold - weakest) / 2);
      const leaving = members.filter((_, index) => scores[index]! <= cut);
      for (const member of leaving) {
        addTo(sum, vectors[member]!, -1);
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
  vectors: readonly SparseVector[],
  neighbours: readonly (readonly Neighbour[])[],
  groups: readonly (readonly number[])[],
  threshold: number,
): number[][] {
  const result = groups.map((group) => [...group]);
  const groupOf = new Map<number, number>();
  result.forEach((group, index) => group.forEach((record) => groupOf.set(record, index)));
  const sums = result.map((group) => (group.length > 1 ? sumOf(vectors, group) : null));
  result.forEach((group, index) => {
    if (group.length !== 1) return;
    const record = group[0]!;
    const vector = vectors[record]!;
    const candidates = new Set(neighbours[record]!.map((neighbour) => groupOf.get(neighbour.index)!));
    let best = -1;
    let bestScore = threshold;
    for (const candidate of [...candidates].sort((a, b) => a - b)) {
      const sum = sums[candidate];
      if (!sum || candidate === index) continue;
      const score = similarityToGroup(vector, sum, result[candidate]!.length);
      if (score >= bestScore) [best, bestScore] = [candidate, score];
    }
    if (best < 0) return;
    result[best]!.push(record);
    addTo(sums[best]!, vector, 1);
    groupOf.set(record, best);
    result[index] = [];
  });
  return result.filter((group) => group.length > 0);
}
