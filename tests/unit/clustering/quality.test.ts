import { describe, expect, it } from 'vitest';
import { measureClustering } from '../../../src/domain/clustering/quality.ts';

describe('measureClustering', () => {
  it('gives 1 for every measure when the clusters are the labels, whatever the names', () => {
    expect(measureClustering(['x', 'x', 'y', 'z'], ['a', 'a', 'b', 'c'])).toEqual({
      precision: 1,
      recall: 1,
      f1: 1,
      adjustedRandIndex: 1,
    });
  });

  it('counts pairs: one cluster of four where the labels are two pairs', () => {
    // 6 predicted pairs, 2 of them labelled together; both labelled pairs found.
    const quality = measureClustering(['c', 'c', 'c', 'c'], ['a', 'a', 'b', 'b']);
    expect(quality.precision).toBeCloseTo(2 / 6);
    expect(quality.recall).toBe(1);
    expect(quality.f1).toBeCloseTo(0.5);
    expect(quality.adjustedRandIndex).toBeCloseTo(0);
  });

  it('matches a hand-computed Adjusted Rand Index', () => {
    // Contingency [[2,1],[0,2]]: sum of pairs 2, rows 3+1, columns 1+3, n=5 (10 pairs).
    const quality = measureClustering(['p', 'p', 'p', 'q', 'q'], ['a', 'a', 'b', 'b', 'b']);
    const expected = (2 - (4 * 4) / 10) / ((4 + 4) / 2 - (4 * 4) / 10);
    expect(quality.adjustedRandIndex).toBeCloseTo(expected);
    expect(quality.precision).toBeCloseTo(2 / 4);
    expect(quality.recall).toBeCloseTo(2 / 4);
  });

  it('scores all singletons as precise but missing every pair', () => {
    expect(measureClustering(['1', '2', '3'], ['a', 'a', 'a'])).toMatchObject({ precision: 1, recall: 0, f1: 0 });
  });

  it('refuses lists of different lengths', () => {
    expect(() => measureClustering(['a'], [])).toThrow(RangeError);
  });
});
