import { describe, expect, test } from 'vitest';
import { editDistance } from '../../../src/domain/text/closest.ts';

describe('editDistance', () => {
  test.each([
    ['medicine', 'medicine', 0],
    ['medicne', 'medicine', 1],
    ['vehicles', 'vehicle', 1],
    ['kitten', 'sitting', 3],
    ['', 'abc', 3],
  ])('%s -> %s is %i', (a, b, distance) => {
    expect(editDistance(a, b)).toBe(distance);
  });

  test('stops at the limit', () => {
    expect(editDistance('abcdefgh', 'zyxwvuts', 2)).toBe(3);
    expect(editDistance('a', 'abcdef', 2)).toBe(3);
  });
});
