export type Likeness = 'close' | 'good' | 'loose' | 'weak';

/**
 * The engine's own thresholds (DEFAULT_CLUSTERING: cohesion 0.08, edge threshold 0.17; a unit test keeps
 * them equal), here without the engine so that the duplicate hint's script can grade in the browser too.
 */
export const LIKENESS_THRESHOLDS = { loose: 0.08, good: 0.17, close: 0.34 } as const;

/**
 * One scale for every likeness the product shows (a member to its cluster, a draft to an issue, a cluster
 * to another), so that the same percentage gets the same word on every page. Graded against the engine:
 * at least the cohesion a member needs to stay in its cluster is loose, at least the similarity that links
 * two issues is good, twice that is close, and below the cohesion (an issue an analyst placed) weak.
 */
export function likenessOf(similarity: number): Likeness {
  if (similarity >= LIKENESS_THRESHOLDS.close) return 'close';
  if (similarity >= LIKENESS_THRESHOLDS.good) return 'good';
  if (similarity >= LIKENESS_THRESHOLDS.loose) return 'loose';
  return 'weak';
}

const LIKENESS_NAMES: Record<Likeness, string> = {
  close: 'close match',
  good: 'good match',
  loose: 'loose match',
  weak: 'weak match',
};

/** A likeness in words: 0.25 -> "good match". The one place that names a likeness. */
export function likenessWord(similarity: number): string {
  return LIKENESS_NAMES[likenessOf(similarity)];
}

const percent = (share: number) => `${Math.round(share * 100)}%`;

/** How the words are graded, said once on each page that shows them. */
export const LIKENESS_SCALE = `Likeness is graded against the clustering engine’s thresholds: from ${percent(LIKENESS_THRESHOLDS.loose)} alike a loose match (what an issue needs to stay in its cluster), from ${percent(LIKENESS_THRESHOLDS.good)} a good match (what links two issues), from ${percent(LIKENESS_THRESHOLDS.close)} a close match, and below ${percent(LIKENESS_THRESHOLDS.loose)} a weak match.`;
