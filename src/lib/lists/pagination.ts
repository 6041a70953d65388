import { z } from 'zod';

export const MAX_PAGE_SIZE = 100;
/**
 * The deepest page a list serves. Reaching page n makes the database walk past every row before it
 * (OFFSET), which over 100,000 local issues took 0.6 s at page 1,000 of 100 on SQLite, blocking the
 * web process; past this, filters narrow the list (and a CSV download holds all of it).
 */
export const MAX_PAGE = 100;

export const PageRequestSchema = z.object({
  page: z.int().min(1).max(MAX_PAGE, `at most ${MAX_PAGE}: narrow the filters to see what lies further`).default(1),
  pageSize: z.int().min(1).max(MAX_PAGE_SIZE).default(25),
});
export type PageRequest = z.infer<typeof PageRequestSchema>;

export interface Page<T> {
  items: T[];
  page: number;
  pageSize: number;
  total: number;
  /** Pages that can be asked for: at most MAX_PAGE, however many items there are. */
  pageCount: number;
}

export function toSkipTake({ page, pageSize }: PageRequest): { skip: number; take: number } {
  return { skip: (page - 1) * pageSize, take: pageSize };
}

export function toPage<T>(items: T[], total: number, { page, pageSize }: PageRequest): Page<T> {
  return { items, page, pageSize, total, pageCount: Math.min(MAX_PAGE, Math.max(1, Math.ceil(total / pageSize))) };
}

/** The items a page shows, counted from 1: page 2 of 25 shows 26 to 50. */
export function shownRange({ page, pageSize, total }: Pick<Page<unknown>, 'page' | 'pageSize' | 'total'>) {
  const first = Math.min(total, (page - 1) * pageSize + 1);
  return { first, last: Math.min(total, page * pageSize) };
}

/**
 * The page numbers a list links to: the first, the last, and those next to the current one, with null
 * where numbers are left out (shown as an ellipsis): 1 … 4 5 6 … 20.
 */
export function pageWindow(page: number, pageCount: number): (number | null)[] {
  const wanted = new Set([1, pageCount, page - 1, page, page + 1].filter((n) => n >= 1 && n <= pageCount));
  const numbers = [...wanted].sort((a, b) => a - b);
  return numbers.flatMap((n, index) => {
    const previous = numbers[index - 1];
    if (previous === undefined || n === previous + 1) return [n];
    return n === previous + 2 ? [previous + 1, n] : [null, n];
  });
}
