import Papa from 'papaparse';
import { z } from 'zod';
import { MAX_PAGE, MAX_PAGE_SIZE, type Page } from './pagination.ts';

/** A spreadsheet opens a cell starting with = + - @ as a formula; a leading apostrophe keeps it text. */
export const safeCell = (value: string) => (/^[=+\-@\t\r]/.test(value) ? `'${value}` : value);

/** A CSV column: its header and how an item fills its cell. */
export interface CsvColumn<T> {
  header: string;
  cell: (item: T) => string | number | boolean | null | undefined;
}

/**
 * Rows as RFC 4180 CSV (quoted where needed, CRLF line ends), each cell made safe to open in a
 * spreadsheet. The first chunk of a download starts with a byte-order mark, so that spreadsheets read it
 * as UTF-8, and the header row.
 */
export function csvText(
  header: readonly string[],
  rows: readonly (readonly (string | number | boolean | null | undefined)[])[],
  { isFirstChunk }: { isFirstChunk: boolean },
): string {
  const cells = rows.map((row) => row.map((value) => safeCell(String(value ?? ''))));
  const body = cells.length > 0 ? `${Papa.unparse(cells, { newline: '\r\n' })}\r\n` : '';
  return isFirstChunk ? `\uFEFF${Papa.unparse([[...header]], { newline: '\r\n' })}\r\n${body}` : body;
}

/** At most this many rows leave in a CSV download of a paged list: every page a list serves. */
export const MAX_PAGED_EXPORT_ROWS = MAX_PAGE * MAX_PAGE_SIZE;

/** The cursor of a paged list's CSV download: the page its next chunk holds (none for the first). */
export const PagedExportSchema = z.object({ after: z.int().min(2).max(MAX_PAGE).optional() });

/**
 * One chunk of a paged list's CSV download, with the cursor of the next (null after the last): the
 * download reads the list through the list's own query (`listPage`), MAX_PAGE_SIZE items at a time, so it
 * holds what the page shows, filtered, scoped and sorted alike.
 */
export async function pagedCsvChunk<T>(
  columns: readonly CsvColumn<T>[],
  after: number | undefined,
  listPage: (request: { page: number; pageSize: number }) => Promise<Page<T>>,
) {
  const page = await listPage({ page: after ?? 1, pageSize: MAX_PAGE_SIZE });
  return {
    csv: csvText(
      columns.map((column) => column.header),
      page.items.map((item) => columns.map((column) => column.cell(item))),
      { isFirstChunk: page.page === 1 },
    ),
    count: page.items.length,
    next: page.page < page.pageCount && page.items.length > 0 ? page.page + 1 : null,
  };
}
