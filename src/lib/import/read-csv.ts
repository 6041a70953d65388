import Papa from 'papaparse';
import type { ImportProblem, ImportRow } from '../../domain/import/local-issue-rows.ts';

export interface CsvFile {
  header: string[];
  rows: ImportRow[];
  problems: ImportProblem[];
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

/**
 * Parses CSV with a header row: "," or ";" (or tab) between fields, quoted fields with commas and
 * line breaks, Windows or Unix line ends. Every row keeps the line it starts on, for the report.
 */
export function parseCsv(text: string): CsvFile {
  const lineOf = lineFinder(text);
  const problems: ImportProblem[] = [];
  const rows: ImportRow[] = [];
  let header: string[] = [];
  // Rows start after the header line (a header with a quoted line break is not supported).
  let rowStart = text.includes('\n') ? text.indexOf('\n') + 1 : text.length;
  Papa.parse<Record<string, string>>(text, {
    header: true,
    skipEmptyLines: 'greedy',
    delimitersToGuess: [',', ';', '\t'],
    transformHeader: (name) => name.trim().toLowerCase(),
    step: (result) => {
      header = result.meta.fields ?? header;
      // The row starts at the first character after the previous row's line break.
      while (rowStart < text.length && (text[rowStart] === '\n' || text[rowStart] === '\r')) rowStart += 1;
      const line = lineOf(rowStart);
      rowStart = result.meta.cursor;
      for (const error of result.errors) {
        const reason =
          error.code === 'TooManyFields'
            ? `more fields than the header's ${header.length} columns (a stray separator or quote?)`
            : error.code === 'TooFewFields'
              ? `fewer fields than the header's ${header.length} columns`
              : error.message;
        problems.push({ line, column: 'row', value: '', reason });
      }
      const { __parsed_extra: _extra, ...values } = result.data as Record<string, string> & {
        __parsed_extra?: unknown;
      };
      rows.push({ line, values });
    },
  });
  return { header, rows, problems };
}
