import { describe, expect, it } from 'vitest';
import { DEFAULT_CLUSTERING } from '../../../src/domain/clustering/cluster-records.ts';
import {
  LIKENESS_SCALE,
  LIKENESS_THRESHOLDS,
  likenessOf,
  likenessWord,
} from '../../../src/domain/clustering/likeness.ts';

describe('likeness', () => {
  it('grades on the engine’s own thresholds', () => {
    expect(LIKENESS_THRESHOLDS.loose).toBe(DEFAULT_CLUSTERING.cohesion);
    expect(LIKENESS_THRESHOLDS.good).toBe(DEFAULT_CLUSTERING.edgeThreshold);
    expect(LIKENESS_THRESHOLDS.close).toBe(2 * DEFAULT_CLUSTERING.edgeThreshold);
  });

  it('gives one word to one likeness, each boundary in the grade above', () => {
    expect([0.69, 0.44, 0.34, 0.33, 0.25, 0.2, 0.17, 0.1, 0.08, 0.04, 0].map(likenessOf)).toEqual([
      'close',
      'close',
      'close',
      'good',
      'good',
      'good',
      'good',
      'loose',
      'loose',
      'weak',
      'weak',
    ]);
  });

  it('names the likenesses the issue found contradicting each other the same way wherever they are shown', () => {
    // The hint called 33% loose and 44% good, cluster pages 25% close and 20% good, the move list 4% weak.
    expect([0.33, 0.44, 0.25, 0.69, 0.2, 0.04].map(likenessWord)).toEqual([
      'good match',
      'close match',
      'good match',
      'close match',
      'good match',
      'weak match',
    ]);
  });

  it('says how it grades, with the thresholds', () => {
    expect(LIKENESS_SCALE).toContain('from 8% alike a loose match');
    expect(LIKENESS_SCALE).toContain('from 17% a good match');
    expect(LIKENESS_SCALE).toContain('from 34% a close match');
  });
});
