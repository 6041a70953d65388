import { parseFeed } from '@rowanmanning/feed-parser';
import { unzipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OPEN_DATA_DICTIONARY } from '../../src/domain/cases/open-data.ts';
import {
  startAppOnPreparedDatabase,
  temporarySqliteUrl,
  withSqliteClient,
  type RunningApp,
} from '../support/app-server.ts';
import { atomSchemaProblems } from '../support/atom-schema.ts';

// The Atom feeds and the open data downloads of the built app on the seeded pilot data, as a feed reader and
// someone downloading the data get them (docs/PUBLIC.md).

/** A public comment that a spreadsheet would run as a formula, planted before the downloads. */
const FORMULA = '=1+1 stations asked for the same part';
const withBom = new TextDecoder('utf-8', { ignoreBOM: true });

describe('the feeds and the open data over HTTP', () => {
  const database = temporarySqliteUrl();
  let app: RunningApp;

  beforeAll(async () => {
    app = await startAppOnPreparedDatabase({ DATABASE_URL: database.url });
    await withSqliteClient(database.url, async (db) => {
      const saps = await db.systemicCase.findUniqueOrThrow({ where: { reference: 'SC-2016-0002' } });
      const comment = { kind: 'commented', isPublic: true, actorLabel: 'DPME', actorRole: 'analyst', reason: FORMULA };
      await db.caseEvent.create({ data: { caseId: saps.id, ...comment } });
    });
  });

  afterAll(async () => {
    await app?.stop();
    database.remove();
  });

  it.each([
    '/cases.atom',
    '/departments/SAPS/cases.atom',
    '/provinces/mpumalanga/cases.atom',
    '/tags/vehicles/cases.atom',
  ])('serves %s as valid Atom that a feed parser reads, without the internal case', async (path) => {
    const response = await fetch(`${app.url}${path}`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/atom+xml; charset=utf-8');
    const xml = await response.text();
    expect(atomSchemaProblems(xml)).toEqual([]);
    const feed = parseFeed(xml).toJSON();
    expect(feed.self).toBe(`${app.url}${path}`);
    expect(feed.items.length).toBeGreaterThan(0);
    expect(feed.items.every((item) => item.url?.startsWith(`${app.url}/cases/SC-2016-000`))).toBe(true);
    expect(xml).not.toContain('SC-2016-0004');
  });

  it('links the feeds from the public list, filtered or not, and from a public case page', async () => {
    const alternates = async (path: string) => {
      const html = await (await fetch(`${app.url}${path}`)).text();
      return [
        ...html.matchAll(/<link rel="alternate" type="application\/atom\+xml" title="[^"]*" href="([^"]+)"/g),
      ].map((match) => match[1]);
    };
    expect(await alternates('/cases')).toEqual(['/cases.atom']);
    expect(await alternates('/cases?department=SAPS&province=mpumalanga&tag=vehicles')).toEqual([
      '/cases.atom',
      '/departments/SAPS/cases.atom',
      '/provinces/mpumalanga/cases.atom',
      '/tags/vehicles/cases.atom',
    ]);
    expect(await alternates('/cases/SC-2016-0002')).toEqual([
      '/departments/SAPS/cases.atom',
      '/tags/maintenance-turnaround/cases.atom',
    ]);
  });

  it('downloads the CSV files in a zip: UTF-8 with a byte-order mark, stable columns, formulas neutralised', async () => {
    const response = await fetch(`${app.url}/open-data/cbm-public.zip`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/zip');
    expect(response.headers.get('cache-control')).toBe('no-cache');
    const files = unzipSync(new Uint8Array(await response.arrayBuffer()));
    for (const table of OPEN_DATA_DICTIONARY) {
      const csv = withBom.decode(files[`${table.name}.csv`]!);
      expect(csv.startsWith(`\uFEFF${table.columns.map((column) => column.name).join(',')}\r\n`), table.name).toBe(
        true,
      );
    }
    const cases = withBom.decode(files['cases.csv']!).split('\r\n');
    expect(cases.filter((line) => /^SC-/.test(line)).map((line) => line.slice(0, 12))).toEqual([
      'SC-2016-0001',
      'SC-2016-0002',
      'SC-2016-0003',
    ]);
    // Numbers stay numbers: the facilities column of SC-2016-0002 is a bare count.
    expect(cases.find((line) => line.startsWith('SC-2016-0002'))).toMatch(/,\d+,\d+,\d+,\d+,\d+,(true|false),http/);
    expect(withBom.decode(files['case_events.csv']!)).toContain(`,'${FORMULA},`);
    // The pilot's charters, as the facilities' public pages show them.
    expect(withBom.decode(files['public_commitments.csv']!)).toContain('KIC-KABOKWENI-CLINIC,Kabokweni Clinic,');
    expect(Object.keys(files)).toEqual(expect.arrayContaining(['data_dictionary.csv', 'LICENCE.txt']));
  });

  it('downloads the same tables as JSON, texts as written', async () => {
    const response = await fetch(`${app.url}/open-data/cbm-public.json`);
    expect(response.headers.get('content-type')).toBe('application/json; charset=utf-8');
    const data = await response.json();
    expect(data.licence).toEqual({ name: 'CC BY 4.0', url: 'https://creativecommons.org/licenses/by/4.0/' });
    expect(data.tables.cases.map((row: { reference: string }) => row.reference)).toEqual([
      'SC-2016-0001',
      'SC-2016-0002',
      'SC-2016-0003',
    ]);
    expect(data.tables.case_events.map((row: { reason: string | null }) => row.reason)).toContain(FORMULA);
    expect(Object.keys(data.tables)).toEqual(OPEN_DATA_DICTIONARY.map((table) => table.name));
  });
});
