import { strToU8, zipSync } from 'fflate';
import Papa from 'papaparse';
import type { OpenDataCell, OpenDataTable, OpenDataTableInfo } from '../../domain/cases/open-data.ts';
import { safeCell } from '../lists/csv.ts';

/** The licence the open data is published under: CC BY 4.0 unless the deployment sets another (README.md). */
export interface OpenDataLicence {
  name: string;
  url: string | null;
}

export const DEFAULT_OPEN_DATA_LICENCE: OpenDataLicence = {
  name: 'CC BY 4.0',
  url: 'https://creativecommons.org/licenses/by/4.0/',
};

/** The licence from the settings: a licence of another name has the address given with it, or none. */
export function openDataLicenceOf(settings: { OPEN_DATA_LICENCE: string; OPEN_DATA_LICENCE_URL?: string | undefined }) {
  const name = settings.OPEN_DATA_LICENCE.trim();
  const url =
    settings.OPEN_DATA_LICENCE_URL ?? (name === DEFAULT_OPEN_DATA_LICENCE.name ? DEFAULT_OPEN_DATA_LICENCE.url : null);
  return { name, url };
}

export interface OpenData {
  tables: readonly OpenDataTable[];
  licence: OpenDataLicence;
  /** The site the data comes from. */
  source: string;
  /** The last public change the data holds: the files' date, so that the same data gives the same bytes. */
  updated: Date;
}

/**
 * A table as a CSV file that Excel opens as UTF-8 (a byte-order mark first), RFC 4180 with CRLF line ends:
 * a text cell a spreadsheet would run as a formula (= + - @) is kept as text by a leading apostrophe, as the
 * app's other CSV downloads do; numbers and true/false stay as they are, so that they sum and filter.
 */
export function openDataCsv(table: Pick<OpenDataTable, 'columns' | 'rows'>): string {
  const cell = (value: OpenDataCell) => (typeof value === 'string' ? safeCell(value) : String(value ?? ''));
  const lines = [table.columns.map((column) => column.name), ...table.rows.map((row) => row.map(cell))];
  return `\uFEFF${Papa.unparse(lines, { newline: '\r\n' })}\r\n`;
}

/** The dictionary as a CSV file of its own, in the download. */
function dictionaryCsv(dictionary: readonly OpenDataTableInfo[]): string {
  return openDataCsv({
    columns: ['file', 'column', 'type', 'meaning'].map((name) => ({ name, type: 'text' as const, meaning: '' })),
    rows: dictionary.flatMap((table) =>
      table.columns.map((column) => [`${table.name}.csv`, column.name, column.type, column.meaning]),
    ),
  });
}

function licenceText(data: OpenData): string {
  return [
    `CBM Tracker open data, from ${data.source}`,
    `Last change: ${data.updated.toISOString()}`,
    '',
    `Licence: ${data.licence.name}${data.licence.url ? ` (${data.licence.url})` : ''}`,
    'Attribute it to the Department of Planning, Monitoring and Evaluation, citizen-based monitoring programme.',
    '',
    'data_dictionary.csv describes every file and column.',
    '',
  ].join('\r\n');
}

/** Zip entries are dated in whole seconds from 1980 on. */
const ZIP_EPOCH = new Date('1980-01-01T00:00:00Z');

/** The CSV files, the dictionary and the licence, as one zip. */
export function openDataZip(data: OpenData): Uint8Array<ArrayBuffer> {
  const mtime = data.updated < ZIP_EPOCH ? ZIP_EPOCH : data.updated;
  const files = Object.fromEntries([
    ...data.tables.map((table) => [`${table.name}.csv`, strToU8(openDataCsv(table))] as const),
    ['data_dictionary.csv', strToU8(dictionaryCsv(data.tables))] as const,
    ['LICENCE.txt', strToU8(licenceText(data))] as const,
  ]);
  return zipSync(files, { level: 9, mtime });
}

/** The same tables as JSON: each row an object keyed by the CSV's column names, with the dictionary and licence. */
export function openDataJson(data: OpenData): Uint8Array<ArrayBuffer> {
  const document = {
    title: 'CBM Tracker open data',
    source: data.source,
    updated: data.updated.toISOString(),
    licence: data.licence,
    dictionary: data.tables.map(({ name, description, columns }) => ({ name, description, columns })),
    tables: Object.fromEntries(
      data.tables.map((table) => [
        table.name,
        table.rows.map((row) => Object.fromEntries(table.columns.map((column, index) => [column.name, row[index]]))),
      ]),
    ),
  };
  return new TextEncoder().encode(`${JSON.stringify(document, null, 2)}\n`);
}
