import { describe, expect, it } from 'vitest';
import { DEFAULT_CLUSTERING } from '../../../src/domain/clustering/cluster-records.ts';
import { likenessOf, memberLikeness, pairLikeness } from '../../../src/domain/clustering/likeness.ts';

describe('likeness', () => {
  it('grades a similarity against its threshold, each boundary included in the grade above', () => {
    expect([0.375, 0.25, 0.2, 0.125, 0.12, 0].map((similarity) => likenessOf(similarity, 0.125))).toEqual([
      'close',
      'good',
      'loose',
      'loose',
      'weak',
      'weak',
    ]);
  });

  it('grades members by the cohesion a member needs, and pairs by the threshold that links two issues', () => {
    const { cohesion, edgeThreshold } = DEFAULT_CLUSTERING;
    expect(memberLikeness(cohesion)).toBe('loose');
    expect(memberLikeness(3 * cohesion)).toBe('close');
    expect(pairLikeness(edgeThreshold * 0.9)).toBe('weak');
    expect(pairLikeness(2 * edgeThreshold)).toBe('good');
  });
});
