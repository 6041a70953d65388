import { describe, expect, it } from 'vitest';
import { MAX_PAGE, PageRequestSchema, toPage, toSkipTake } from '../../../src/lib/lists/pagination.ts';

describe('pagination', () => {
  it('turns a page number into an offset', () => {
    expect(toSkipTake({ page: 3, pageSize: 25 })).toEqual({ skip: 50, take: 25 });
  });

  it('counts at least one page, even when there is nothing', () => {
    expect(toPage([], 0, { page: 1, pageSize: 25 }).pageCount).toBe(1);
    expect(toPage([], 51, { page: 1, pageSize: 25 }).pageCount).toBe(3);
  });

  it('refuses pages below 1, past the last page served and page sizes above 100', () => {
    expect(PageRequestSchema.safeParse({ page: 0 }).success).toBe(false);
    expect(PageRequestSchema.safeParse({ page: MAX_PAGE }).success).toBe(true);
    expect(PageRequestSchema.safeParse({ page: MAX_PAGE + 1 }).error?.issues[0]?.message).toBe(
      `at most ${MAX_PAGE}: narrow the filters to see what lies further`,
    );
    expect(PageRequestSchema.safeParse({ pageSize: 101 }).success).toBe(false);
  });

  it('counts no more pages than are served', () => {
    expect(toPage([], 100_000, { page: 1, pageSize: 25 }).pageCount).toBe(MAX_PAGE);
  });
});
