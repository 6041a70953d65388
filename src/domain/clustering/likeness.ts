import { DEFAULT_CLUSTERING } from './cluster-records.ts';

export type Likeness = 'close' | 'good' | 'loose' | 'weak';

/**
 * A similarity graded against the threshold the engine itself applies to it. Similarities of texts run
 * low: the pilot data's clustered issues are 20% like their clusters at the median, which as a bare
 * percentage reads as "hardly alike". Three times the threshold or more is close, twice is good, at least the
 * threshold is loose, and below it (an issue an analyst placed, a hint the engine would not link) weak.
 */
export function likenessOf(similarity: number, threshold: number): Likeness {
  if (similarity >= 3 * threshold) return 'close';
  if (similarity >= 2 * threshold) return 'good';
  if (similarity >= threshold) return 'loose';
  return 'weak';
}

/** A member's average similarity to the rest of its cluster, against the cohesion a member needs. */
export const memberLikeness = (similarity: number): Likeness => likenessOf(similarity, DEFAULT_CLUSTERING.cohesion);

/** Two issues' similarity, against the threshold at which the engine links two issues. */
export const pairLikeness = (similarity: number): Likeness => likenessOf(similarity, DEFAULT_CLUSTERING.edgeThreshold);
