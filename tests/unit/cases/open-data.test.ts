import { strFromU8, unzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import {
  OPEN_DATA_COLUMN_NAMES,
  OPEN_DATA_DICTIONARY,
  openDataTables,
  type OpenDataTable,
} from '../../../src/domain/cases/open-data.ts';
import { publicCaseView } from '../../../src/domain/cases/public-case.ts';
import { publicCharterView } from '../../../src/domain/capture/public-charter.ts';
import { NO_REVIEWS, WITHHELD_TEXT } from '../../../src/domain/privacy/public-text.ts';
import {
  DEFAULT_OPEN_DATA_LICENCE,
  openDataCsv,
  openDataJson,
  openDataLicenceOf,
  openDataZip,
  type OpenData,
} from '../../../src/lib/cases/open-data-files.ts';
import { aCase, at, DEPARTMENTS } from '../../fixtures/public-cases.ts';

const SITE = 'https://cbm.example.org';
const TAGS = [
  {
    slug: 'vehicles',
    name: 'Vehicles',
    description: '',
    parentSlug: 'resources',
    synonyms: ['police vans', 'cars'],
    routingDepartmentCode: 'SAPS',
  },
];
/** The fixture case after follow-up monitoring, with a response action a spreadsheet would run as a formula. */
const viewOf = (more: Parameters<typeof aCase>[0] = {}) =>
  publicCaseView(
    aCase({
      responseActions: [{ ...aCase().responseActions[0]!, action: '=HYPERLINK("http://example.org")' }],
      followUpResults: ['improved', 'improved', 'still_reported'],
      followUpFindings: [
        { facilityId: 'f1', result: 'improved', foundOn: at('2026-06-01'), citizensAsked: 20, citizensCiting: 2 },
        { facilityId: 'f2', result: 'improved', foundOn: at('2026-06-03'), citizensAsked: null, citizensCiting: null },
        { facilityId: 'f3', result: 'still_reported', foundOn: at('2026-06-02'), citizensAsked: 15, citizensCiting: 9 },
      ],
      ...more,
    }),
    DEPARTMENTS,
    NO_REVIEWS,
    '2026-04-02',
  )!;

/** A table's rows as objects keyed by column name. */
function rowsOf(tables: OpenDataTable[], name: string) {
  const table = tables.find((entry) => entry.name === name)!;
  return table.rows.map((row) => Object.fromEntries(table.columns.map((column, index) => [column.name, row[index]])));
}

describe('openDataTables', () => {
  it('lists the facilities’ public charters, each text as the public page shows it', () => {
    const commitments = publicCharterView(
      [
        {
          id: 'c1',
          commitment: 'Open the clinic at 07:00 every weekday.',
          responsibleParty: 'Clinic manager',
          dueOn: '2026-02-01',
          status: 'in_progress',
          localIssueId: null,
          updates: [{ on: '2026-01-20', note: 'Rosters changed.' }],
        },
        {
          id: 'c2',
          commitment: 'Mrs Zanele Khumalo will call 072 123 4567 back.',
          responsibleParty: 'Mrs Zanele Khumalo',
          dueOn: '2026-03-01',
          status: 'not_started',
          localIssueId: null,
          updates: [],
        },
      ],
      NO_REVIEWS,
      '2026-02-10',
    );
    const charters = [
      {
        facilityCode: 'KIC-KABOKWENI-CLINIC',
        facilityName: 'Kabokweni Clinic',
        province: 'mpumalanga' as const,
        commitments,
      },
    ];
    const tables = openDataTables({ cases: [], tags: [], charters, publicUrl: SITE });
    expect(rowsOf(tables, 'public_commitments')).toEqual([
      expect.objectContaining({
        facility_code: 'KIC-KABOKWENI-CLINIC',
        province: 'mpumalanga',
        commitment_number: 1,
        commitment: 'Open the clinic at 07:00 every weekday.',
        due_on: '2026-02-01',
        status: 'in_progress',
        overdue: true,
        last_progress_on: '2026-01-20',
        last_progress: 'Rosters changed.',
      }),
      expect.objectContaining({ commitment_number: 2, commitment: WITHHELD_TEXT, responsible: WITHHELD_TEXT }),
    ]);
    expect(JSON.stringify(tables)).not.toMatch(/Khumalo|072 123/);
  });

  it('makes a row per case from its public view, with ISO dates, numbers as numbers and the page address', () => {
    const tables = openDataTables({ cases: [viewOf()], tags: TAGS, charters: [], publicUrl: `${SITE}/` });
    expect(rowsOf(tables, 'cases')).toEqual([
      expect.objectContaining({
        reference: 'SC-2026-0007',
        status: 'accepted',
        status_name: 'Accepted',
        escalated_at: '2026-03-02T08:00:00Z',
        owning_department_code: 'SAPS',
        supporting_department_codes: 'NT',
        primary_tag: 'vehicles',
        facilities: 3,
        provinces: 2,
        people_citing: 25,
        follow_up_recorded: 3,
        follow_up_better: 2,
        facilities_named: false,
        url: `${SITE}/cases/SC-2026-0007`,
      }),
    ]);
    expect(rowsOf(tables, 'case_events').map((row) => [row.kind, row.by_office])).toEqual([
      ['escalate', 'DPME CBM analyst'],
      ['acknowledge', 'Sector official, South African Police Service'],
      ['commented', 'DPME CBM analyst'],
      ['accept', 'Sector official, South African Police Service'],
    ]);
    expect(rowsOf(tables, 'case_deadlines').map((row) => [row.due_on, row.outcome, row.extensions])).toEqual([
      ['2026-03-09', 'met', 0],
      ['2026-03-30', 'met_after_extension', 1],
      ['2026-04-10', 'running', 0],
    ]);
    expect(rowsOf(tables, 'taxonomy')).toEqual([
      {
        slug: 'vehicles',
        name: 'Vehicles',
        parent_slug: 'resources',
        description: null,
        synonyms: 'police vans; cars',
        routing_department_code: 'SAPS',
      },
    ]);
    expect(JSON.stringify(tables)).not.toMatch(/Mokoena|Internal: ask/);
  });

  it('counts follow-up findings per district and result where the case does not name its facilities', () => {
    const tables = openDataTables({ cases: [viewOf()], tags: [], charters: [], publicUrl: SITE });
    expect(rowsOf(tables, 'follow_up_findings')).toEqual([
      expect.objectContaining({
        province: 'gauteng',
        district: 'Tshwane',
        facility_name: null,
        result: 'still_reported',
        facilities: 1,
        citizens_asked: 15,
      }),
      expect.objectContaining({
        province: 'mpumalanga',
        district: 'Ehlanzeni',
        facility_name: null,
        result: 'improved',
        facilities: 2,
        citizens_asked: 20,
        found_on: '2026-06-03',
      }),
    ]);
    expect(rowsOf(tables, 'case_facilities')).toEqual([]);
    expect(rowsOf(tables, 'case_districts')).toEqual([
      {
        case_reference: 'SC-2026-0007',
        province: 'gauteng',
        province_name: 'Gauteng',
        district: 'Tshwane',
        facilities: 1,
        people_citing: 5,
      },
      {
        case_reference: 'SC-2026-0007',
        province: 'mpumalanga',
        province_name: 'Mpumalanga',
        district: 'Ehlanzeni',
        facilities: 2,
        people_citing: 20,
      },
    ]);
    expect(JSON.stringify(tables)).not.toMatch(/Kabokweni|Hazyview|Ga-Rankuwa/);
  });

  it('lists findings and facilities one by one where the case names its facilities', () => {
    const tables = openDataTables({
      cases: [viewOf({ publicFacilityNames: true })],
      tags: [],
      charters: [],
      publicUrl: SITE,
    });
    expect(rowsOf(tables, 'follow_up_findings').map((row) => [row.facility_name, row.facilities])).toEqual([
      ['Ga-Rankuwa SAPS', 1],
      ['Hazyview SAPS', 1],
      ['Kabokweni SAPS', 1],
    ]);
    expect(rowsOf(tables, 'case_facilities').map((row) => row.facility_name)).toEqual([
      'Ga-Rankuwa SAPS',
      'Hazyview SAPS',
      'Kabokweni SAPS',
    ]);
  });

  it('describes every column it writes, each table’s names once', () => {
    const tables = openDataTables({ cases: [viewOf()], tags: TAGS, charters: [], publicUrl: SITE });
    expect(tables.map((table) => table.name)).toEqual(OPEN_DATA_DICTIONARY.map((table) => table.name));
    for (const table of tables) {
      const names = table.columns.map((column) => column.name);
      expect(new Set(names).size).toBe(names.length);
      expect(names.every((name) => /^[a-z][a-z_]*$/.test(name))).toBe(true);
      expect(table.columns.every((column) => column.meaning.length > 10)).toBe(true);
      for (const row of table.rows) expect(row).toHaveLength(names.length);
    }
    expect(OPEN_DATA_COLUMN_NAMES).toContain('case_reference');
  });
});

describe('the open data files', () => {
  const data = (): OpenData => ({
    tables: openDataTables({ cases: [viewOf()], tags: TAGS, charters: [], publicUrl: SITE }),
    licence: DEFAULT_OPEN_DATA_LICENCE,
    source: `${SITE}/open-data`,
    updated: at('2026-03-10'),
  });

  it('writes CSV with a byte-order mark, CRLF, formulas neutralised and numbers left alone', () => {
    const csv = openDataCsv({
      columns: [
        { name: 'text', type: 'text', meaning: '' },
        { name: 'count', type: 'integer', meaning: '' },
      ],
      rows: [
        ['=SUM(A1)', -3],
        ['-3', 4],
        ['@home, "quoted"', null],
      ],
    });
    expect(csv).toBe('\uFEFFtext,count\r\n\'=SUM(A1),-3\r\n\'-3,4\r\n"\'@home, ""quoted""",\r\n');
  });

  it('zips every table, the dictionary and the licence, the same bytes for the same data', () => {
    const zip = openDataZip(data());
    expect(openDataZip(data())).toEqual(zip);
    const files = unzipSync(zip);
    expect(Object.keys(files).sort()).toEqual(
      [...OPEN_DATA_DICTIONARY.map((table) => `${table.name}.csv`), 'data_dictionary.csv', 'LICENCE.txt'].sort(),
    );
    // TextDecoder would drop the byte-order mark this checks for.
    const actions = new TextDecoder('utf-8', { ignoreBOM: true }).decode(files['response_actions.csv']!);
    expect(actions.startsWith('\uFEFFcase_reference,action_id,action,')).toBe(true);
    expect(actions).toContain('"\'=HYPERLINK(""http://example.org"")"');
    expect(strFromU8(files['LICENCE.txt']!)).toContain('CC BY 4.0 (https://creativecommons.org/licenses/by/4.0/)');
  });

  it('gives the same rows as JSON, keyed by column, texts as written', () => {
    const json = JSON.parse(new TextDecoder().decode(openDataJson(data())));
    expect(json.licence).toEqual(DEFAULT_OPEN_DATA_LICENCE);
    expect(json.tables.response_actions[0]).toMatchObject({ action: '=HYPERLINK("http://example.org")' });
    expect(json.tables.cases[0]).toMatchObject({ reference: 'SC-2026-0007', facilities: 3 });
    expect(json.dictionary.map((table: { name: string }) => table.name)).toEqual(
      OPEN_DATA_DICTIONARY.map((table) => table.name),
    );
  });

  it('uses CC BY 4.0 unless the deployment names another licence', () => {
    expect(openDataLicenceOf({ OPEN_DATA_LICENCE: 'CC BY 4.0' })).toEqual(DEFAULT_OPEN_DATA_LICENCE);
    expect(openDataLicenceOf({ OPEN_DATA_LICENCE: 'CC0 1.0' })).toEqual({ name: 'CC0 1.0', url: null });
    expect(
      openDataLicenceOf({
        OPEN_DATA_LICENCE: 'ODbL',
        OPEN_DATA_LICENCE_URL: 'https://opendatacommons.org/licenses/odbl/',
      }),
    ).toEqual({ name: 'ODbL', url: 'https://opendatacommons.org/licenses/odbl/' });
  });
});
