/** Levenshtein distance, stopping early once it exceeds `limit` (the answer is then `limit + 1`). */
export function editDistance(a: string, b: string, limit = Number.POSITIVE_INFINITY): number {
  if (Math.abs(a.length - b.length) > limit) return limit + 1;
  let previous = Array.from({ length: b.length + 1 }, (_, index) => index);
  for (let i = 1; i <= a.length; i += 1) {
    const current = [i];
    let rowMinimum = i;
    for (let j = 1; j <= b.length; j += 1) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      const value = Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, (previous[j - 1] ?? 0) + cost);
      current.push(value);
      rowMinimum = Math.min(rowMinimum, value);
    }
    if (rowMinimum > limit) return limit + 1;
    previous = current;
  }
  return previous[b.length] ?? 0;
}

/**
 * The known term nearest to what someone typed, for "did you mean …?": within two edits (one for
 * words of four letters or fewer, where two edits reach unrelated words), or null.
 */
export function closestTerm(typed: string, known: Iterable<string>): string | null {
  const word = typed.trim().toLowerCase();
  const limit = word.length <= 4 ? 1 : 2;
  let best: { term: string; distance: number } | null = null;
  for (const term of known) {
    const distance = editDistance(word, term.toLowerCase(), limit);
    if (distance <= limit && (!best || distance < best.distance || (distance === best.distance && term < best.term))) {
      best = { term, distance };
    }
  }
  return best?.term ?? null;
}
