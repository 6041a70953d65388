import Papa from 'papaparse';
import type { ImportProblem, ImportRow } from '../../domain/imports/local-issue-rows.ts';

export interface CsvFile {
  header: string[];
  rows: ImportRow[];
  problems: ImportProblem[];
}

/** What the first record says about the file: its columns, its separator and where the rows begin. */
export interface CsvLayout {
  /** Column names, trimmed and lower-cased; a repeated name gets `_1`, `_2`, ... */
  header: string[];
  delimiter: string;
  /** The character offset of the first row below the header. */
  rowsStart: number;
  /** The line (1-based) a character offset is on. */
  lineOf: (offset: number) => number;
}

const fileProblem = (reason: string): ImportProblem => ({ line: 0, column: 'file', value: '', reason });

/** Refuses what is not a UTF-8 text file before any parsing: a NUL byte or an invalid sequence. */
export function decodeTextFile(bytes: Uint8Array): { text: string } | { problem: ImportProblem } {
  if (bytes.subarray(0, 65_536).includes(0)) {
    return { problem: fileProblem('this is not a text file (it holds binary data); export the sheet as CSV') };
  }
  try {
    const text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return { text: text.replace(/^\uFEFF/, '') };
  } catch {
    return { problem: fileProblem('the file is not UTF-8 text; save it as "CSV UTF-8"') };
  }
}

/** Line number (1-based) of each character offset, for rows whose quoted fields span lines. */
function lineFinder(text: string): (offset: number) => number {
  const starts = [0];
  for (let index = text.indexOf('\n'); index !== -1; index = text.indexOf('\n', index + 1)) starts.push(index + 1);
  return (offset) => {
    let low = 0;
    let high = starts.length - 1;
    while (low < high) {
      const middle = (low + high + 1) >> 1;
      if ((starts[middle] ?? 0) <= offset) low = middle;
      else high = middle - 1;
    }
    return low + 1;
  };
}

const DELIMITERS = [',', ';', '\t'];

/**
 * Reads the header: "," or ";" (or tab) between fields, guessed from the first lines. A header with a quoted
 * line break is not supported.
 */
export function readCsvLayout(text: string): CsvLayout {
  const first = Papa.parse<string[]>(text, { preview: 1, delimitersToGuess: DELIMITERS, skipEmptyLines: 'greedy' });
  const seen = new Map<string, number>();
  const header = (first.data[0] ?? []).map((raw) => {
    const name = raw.trim().toLowerCase();
    const times = seen.get(name) ?? 0;
    seen.set(name, times + 1);
    return times === 0 ? name : `${name}_${times}`;
  });
  const lineEnd = text.indexOf('\n');
  return {
    header,
    delimiter: first.meta.delimiter,
    rowsStart: lineEnd === -1 ? text.length : lineEnd + 1,
    lineOf: lineFinder(text),
  };
}

export interface RowRange {
  /** Character offsets of the part of the text to read: from a row's start to the next one's, or the end. */
  from: number;
  to?: number;
}

/**
 * Reads rows one at a time and hands each to `visit`, with the offset it starts at, keeping none of them:
 * quoted fields with separators and line breaks, Windows or Unix line ends. Every row keeps the line it
 * starts on, for the report. Returns the problems of the file's structure (too many or too few fields,
 * stray quotes).
 */
export function scanCsvRows(
  text: string,
  layout: CsvLayout,
  range: RowRange,
  visit: (row: ImportRow, offset: number) => void,
): ImportProblem[] {
  const { header, lineOf } = layout;
  const part = text.slice(range.from, range.to ?? text.length);
  const problems: ImportProblem[] = [];
  let rowStart = 0;
  Papa.parse<string[]>(part, {
    delimiter: layout.delimiter,
    skipEmptyLines: 'greedy',
    step: (result) => {
      // The row starts at the first character after the previous row's line break.
      while (rowStart < part.length && (part[rowStart] === '\n' || part[rowStart] === '\r')) rowStart += 1;
      const offset = range.from + rowStart;
      const line = lineOf(offset);
      rowStart = result.meta.cursor;
      const fields = result.data;
      if (fields.length > header.length) {
        const reason = `more fields than the header's ${header.length} columns (a stray separator or quote?)`;
        problems.push({ line, column: 'row', value: '', reason });
      } else if (fields.length < header.length) {
        problems.push({
          line,
          column: 'row',
          value: '',
          reason: `fewer fields than the header's ${header.length} columns`,
        });
      }
      for (const error of result.errors) problems.push({ line, column: 'row', value: '', reason: error.message });
      const values: Record<string, string> = {};
      header.forEach((name, index) => {
        const value = fields[index];
        if (value !== undefined) values[name] = value;
      });
      visit({ line, values }, offset);
    },
  });
  return problems;
}

/** The whole file at once: its header, every row and the problems of its structure. */
export function parseCsv(text: string): CsvFile {
  const layout = readCsvLayout(text);
  const rows: ImportRow[] = [];
  const problems = scanCsvRows(text, layout, { from: layout.rowsStart }, (row) => rows.push(row));
  return { header: layout.header, rows, problems };
}
