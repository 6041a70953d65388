import { describe, expect, test } from 'vitest';
import { closestTerm, editDistance } from '../../../src/domain/text/closest.ts';

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

describe('closestTerm', () => {
  const known = ['medicines', 'stock-out', 'vehicles', 'queues', 'staff-attitude'];

  test('suggests the nearest known term within two edits', () => {
    expect(closestTerm('medicnes', known)).toBe('medicines');
    expect(closestTerm('Vehicels', known)).toBe('vehicles');
    expect(closestTerm('stock-ot', known)).toBe('stock-out');
  });

  test('suggests nothing for a word unlike any term', () => {
    expect(closestTerm('potholes', known)).toBeNull();
    expect(closestTerm('abc', ['xyz'])).toBeNull();
  });
});
