import { describe, expect, it } from 'vitest';
import { pageWindow, shownRange } from '../../../src/lib/lists/pagination.ts';

describe('shownRange', () => {
  it('counts the items of a page from 1', () => {
    expect(shownRange({ page: 2, pageSize: 25, total: 185 })).toEqual({ first: 26, last: 50 });
    expect(shownRange({ page: 8, pageSize: 25, total: 185 })).toEqual({ first: 176, last: 185 });
    expect(shownRange({ page: 1, pageSize: 25, total: 3 })).toEqual({ first: 1, last: 3 });
  });
});

describe('pageWindow', () => {
  it('links the first, the last and the pages next to the current one', () => {
    expect(pageWindow(1, 1)).toEqual([1]);
    expect(pageWindow(1, 8)).toEqual([1, 2, null, 8]);
    expect(pageWindow(5, 20)).toEqual([1, null, 4, 5, 6, null, 20]);
    expect(pageWindow(20, 20)).toEqual([1, null, 19, 20]);
  });

  it('shows a single left-out page rather than an ellipsis', () => {
    expect(pageWindow(4, 8)).toEqual([1, 2, 3, 4, 5, null, 8]);
    expect(pageWindow(3, 5)).toEqual([1, 2, 3, 4, 5]);
  });
});
