import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import taxonomy from '../../../content/taxonomy.json' with { type: 'json' };
import facilities from '../../../prisma/seed/data/facilities.json' with { type: 'json' };
import rounds from '../../../prisma/seed/data/rounds.json' with { type: 'json' };
import {
  checkHeader,
  checkImportRows,
  IMPORT_COLUMNS,
  type ImportReferences,
} from '../../../src/domain/imports/local-issue-rows.ts';
import {
  inExportTerms,
  mapSurveyExport,
  parseSurveyMapping,
  parseSurveyMappingText,
  southAfricanDateOf,
  surveyImportSource,
  type SurveyMapping,
} from '../../../src/domain/imports/survey-mapping.ts';
import { tagVocabulary } from '../../../src/domain/taxonomy/resolve-term.ts';
import { parseCsv } from '../../../src/lib/imports/read-csv.ts';

const fixture = (name: string) =>
  readFileSync(new URL(`../../fixtures/survey-exports/${name}`, import.meta.url), 'utf8');
const exportFixture = (name: string) => parseCsv(fixture(name));
const mappingFixture = (name: string): SurveyMapping => {
  const parsed = parseSurveyMappingText(fixture(name));
  if (!parsed.ok) throw new Error(parsed.problems.join('\n'));
  return parsed.mapping;
};

/** What the seeded database knows: every seed facility and round, every taxonomy slug and synonym. */
const facilityIdByCode = new Map(facilities.map((facility) => [facility.code, `facility:${facility.code}`]));
const references: ImportReferences = {
  facilityIdByCode,
  roundIdsByFacilityWave: new Map(
    rounds.map((round) => [
      `facility:${round.facilityCode}:${round.wave}`,
      [`round:${round.facilityCode}:${round.wave}`],
    ]),
  ),
  tags: tagVocabulary(taxonomy.tags.map((tag) => ({ ...tag, id: tag.slug }))),
  today: '2025-12-31',
};

/** A small export, written as CSV and read the way the import reads files. */
const anExport = (header: string[], ...rows: string[][]) =>
  parseCsv([header, ...rows].map((fields) => fields.map((field) => `"${field}"`).join(',')).join('\n'));

const aMapping = (overrides: Record<string, unknown> = {}): SurveyMapping => {
  const parsed = parseSurveyMapping({
    tool: 'kobotoolbox',
    form: 'test-form',
    columns: { facility_code: 'facility_code', title: 'issue_title', raised_on: 'today' },
    defaults: { source: 'citizen_survey' },
    ...overrides,
  });
  if (!parsed.ok) throw new Error(parsed.problems.join('\n'));
  return parsed.mapping;
};

const problemsOfMapping = (json: unknown) => {
  const parsed = parseSurveyMapping(json);
  return parsed.ok ? [] : parsed.problems;
};

describe('parseSurveyMapping', () => {
  it('reads the sample mappings and fills in the defaults of each tool', () => {
    expect(mappingFixture('kobo-mapping.json')).toMatchObject({
      tool: 'kobotoolbox',
      submissionKey: '_uuid',
      defaults: { wave: '1' },
      tagSeparator: ' ',
      timesWithoutZone: 'south_africa',
    });
    expect(mappingFixture('odk-mapping.json')).toMatchObject({
      tool: 'odk-central',
      submissionKey: 'KEY',
      tagSeparator: ' ',
      values: {},
    });
  });

  it('names the import source after the tool and the form', () => {
    expect(surveyImportSource(mappingFixture('kobo-mapping.json'))).toBe('kobo:citizen-survey-2025');
    expect(surveyImportSource(mappingFixture('odk-mapping.json'))).toBe('odk:cbm_citizen_survey');
  });

  const valid = {
    tool: 'odk-central',
    form: 'cbm_citizen_survey',
    columns: { facility_code: 'facility', title: 'issue_title', raised_on: 'SubmissionDate' },
    defaults: { source: 'citizen_survey' },
  };
  it.each([
    ['a file that is not an object', [], 'expected a JSON object with "tool", "form" and "columns"'],
    ['no title', { ...valid, columns: { ...valid.columns, title: undefined } }, 'columns.title: required'],
    [
      'no source, neither column nor default',
      { ...valid, defaults: {} },
      'columns.source: required: name the export column that holds source (or give a constant in defaults.source)',
    ],
    ['an unknown tool', { ...valid, tool: 'kobo' }, 'tool: expected "kobotoolbox" or "odk-central"'],
    ['no form', { ...valid, form: undefined }, 'form: required'],
    ['a form id with spaces', { ...valid, form: 'citizen survey' }, "form: expected the form's id"],
    ['an unknown mapping key', { ...valid, respondent: 'name' }, 'respondent: unknown mapping key; the keys are tool'],
    [
      'an unknown import column',
      { ...valid, columns: { ...valid.columns, respondent_name: 'respondent_name' } },
      'columns.respondent_name: unknown import column; the columns are facility_code, wave',
    ],
    [
      'external_ref in columns',
      { ...valid, columns: { ...valid.columns, external_ref: 'KEY' } },
      'columns.external_ref: external_ref always holds the submission key; set "submissionKey" instead',
    ],
    [
      'a column name that is not text',
      { ...valid, columns: { ...valid.columns, title: 3 } },
      'columns.title: expected the name of a column of the export',
    ],
    ['an unknown source as default', { ...valid, defaults: { source: 'rumour' } }, 'defaults.source: expected one of'],
    [
      'a wave out of range as default',
      { ...valid, defaults: { ...valid.defaults, wave: 12 } },
      'defaults.wave: expected a wave number from 1 to 9',
    ],
    [
      'a recoding into an unknown source',
      { ...valid, columns: { ...valid.columns, source: 'type' }, values: { source: { citizen: 'citizens' } } },
      'values.source.citizen: expected one of citizen_survey',
    ],
    [
      'a recoding of a column that is not mapped',
      { ...valid, values: { wave: { first: '1' } } },
      'values.wave: columns.wave is not set, so there are no answers to recode',
    ],
    ['an empty tag separator', { ...valid, tagSeparator: '' }, 'tagSeparator: expected the text between tags'],
    ['an unknown time zone rule', { ...valid, timesWithoutZone: 'local' }, 'timesWithoutZone: expected "south_africa"'],
    [
      'the submitter as a column',
      { ...valid, columns: { ...valid.columns, description: 'SubmitterName' } },
      'columns.description: "SubmitterName" identifies the person or device that submitted',
    ],
    [
      "Kobo's _submitted_by as the submission key",
      { ...valid, submissionKey: '_submitted_by' },
      'submissionKey: "_submitted_by" identifies the person or device that submitted',
    ],
  ])('refuses %s, naming the field', (_case, json, expected) => {
    expect(problemsOfMapping(json).join('\n')).toContain(expected);
  });

  it('lists every problem of a file at once', () => {
    expect(problemsOfMapping({ tool: 'kobo', columns: { respondent_name: 'x' }, extra: true })).toEqual([
      'tool: expected "kobotoolbox" or "odk-central"',
      'form: required: the form\'s id, such as "citizen-survey-2025"',
      expect.stringContaining('columns.respondent_name: unknown import column'),
      expect.stringContaining('extra: unknown mapping key'),
    ]);
  });

  it('refuses a control character or bidirectional override in any text, and writes out one in a key', () => {
    expect(
      problemsOfMapping({
        tool: 'kobotoolbox',
        form: 'test-form',
        columns: { facility_code: 'facility_code', title: 'issue\u0000title', raised_on: 'today' },
        defaults: { source: 'citizen_survey', description: 'From the \u202Edialogue' },
        values: { tags: { 'stock\u0007out': 'stock-out' } },
      }),
    ).toEqual([
      'columns.title: contains a control character (U+0000) at position 6; remove it',
      'defaults.description: contains the character U+202E (right-to-left override) at position 10; remove it',
      'values.tags.stock[U+0007]out: contains a control character (U+0007) at position 6; remove it',
    ]);
  });

  it('refuses text that is not JSON in one line', () => {
    expect(parseSurveyMappingText('{ "tool": "kobotoolbox", }')).toMatchObject({
      ok: false,
      problems: [expect.stringMatching(/^the mapping file is not valid JSON: /)],
    });
  });
});

describe('mapSurveyExport', () => {
  it('turns the KoboToolbox sample into rows that pass the import checks against the seed', () => {
    const csv = exportFixture('kobo-citizen-survey.csv');
    expect(csv.problems).toEqual([]);
    const mapped = mapSurveyExport(csv.header, csv.rows, mappingFixture('kobo-mapping.json'));
    if (!mapped.ok) throw new Error(JSON.stringify(mapped.problems));

    expect(checkHeader(mapped.header)).toEqual([]);
    expect(mapped.rows).toHaveLength(13);
    expect(mapped.rows[0]).toEqual({
      line: 2,
      values: {
        external_ref: 'f3d91d41-8fd1-4bcb-8f2e-97dcfdae9d6b',
        facility_code: 'KIC-KABOKWENI-CLINIC',
        wave: '1',
        source: 'citizen_survey',
        title: 'Chronic medication not ready on collection day',
        description: expect.stringContaining('parcels had not come from the depot'),
        respondents_citing: '14',
        respondents_asked: '40',
        tags: 'stock-out',
        raised_on: '2025-03-10',
      },
    });
    const check = checkImportRows(mapped.rows, references);
    expect(check.ok ? [] : check.problems).toEqual([]);
  });

  it('turns the ODK Central sample into rows that pass the import checks against the seed', () => {
    const csv = exportFixture('odk-citizen-survey.csv');
    expect(csv.problems).toEqual([]);
    const mapped = mapSurveyExport(csv.header, csv.rows, mappingFixture('odk-mapping.json'));
    if (!mapped.ok) throw new Error(JSON.stringify(mapped.problems));

    expect(mapped.header).toEqual([
      'external_ref',
      'facility_code',
      'source',
      'title',
      'description',
      'respondents_citing',
      'respondents_asked',
      'tags',
      'raised_on',
    ]);
    expect(mapped.exportColumnOf).toMatchObject({
      external_ref: 'key',
      facility_code: 'group_facility-facility_code',
      title: 'group_issue-issue_title',
      raised_on: 'submissiondate',
    });
    expect(mapped.rows).toHaveLength(11);
    expect(mapped.rows.every((row) => /^uuid:[0-9a-f-]{36}$/.test(row.values.external_ref ?? ''))).toBe(true);
    expect(mapped.rows[0]?.values).toMatchObject({ source: 'citizen_survey', tags: 'pay-points|queues-waiting-times' });
    const check = checkImportRows(mapped.rows, references);
    expect(check.ok ? [] : check.problems).toEqual([]);
  });

  it('uses KEY, not the edited meta-instanceID, so an edited ODK submission keeps its reference', () => {
    const csv = exportFixture('odk-citizen-survey.csv');
    const edited = csv.rows.find((row) => row.values.edits === '1');
    expect(edited?.values['meta-instanceid']).not.toBe(edited?.values.key);
    const mapped = mapSurveyExport(csv.header, csv.rows, mappingFixture('odk-mapping.json'));
    expect(mapped.ok && mapped.rows.find((row) => row.line === edited?.line)?.values.external_ref).toBe(
      edited?.values.key,
    );
  });

  it('maps a re-export to the same rows, so that importing it again changes nothing', () => {
    const mapping = mappingFixture('kobo-mapping.json');
    const first = exportFixture('kobo-citizen-survey.csv');
    const again = exportFixture('kobo-citizen-survey.csv');
    expect(mapSurveyExport(again.header, again.rows, mapping)).toEqual(
      mapSurveyExport(first.header, first.rows, mapping),
    );
  });

  it.each([
    ['kobo-citizen-survey.csv', 'kobo-mapping.json', ['respondent_name', '_submitted_by', 'deviceid']],
    ['odk-citizen-survey.csv', 'odk-mapping.json', ['respondent_name', 'submittername', 'deviceid']],
  ])('drops every column the mapping does not name from %s, names included', (file, mappingFile, personal) => {
    const csv = exportFixture(file);
    const mapped = mapSurveyExport(csv.header, csv.rows, mappingFixture(mappingFile));
    if (!mapped.ok) throw new Error(JSON.stringify(mapped.problems));
    const leaked = new Set(
      csv.rows
        .flatMap((row) => personal.map((column) => row.values[column] ?? ''))
        .filter((value) => /[a-z]/i.test(value)),
    );
    expect(leaked.size).toBeGreaterThan(csv.rows.length);
    for (const row of mapped.rows) {
      for (const [column, value] of Object.entries(row.values)) {
        expect(IMPORT_COLUMNS).toContain(column);
        expect(leaked.has(value ?? '')).toBe(false);
      }
    }
    expect(JSON.stringify(mapped.rows)).not.toMatch(/Thandi Mokoena|Lindiwe Mahlangu|cbm_monitor|Lerato Phiri/);
  });

  it('refuses a Kobo export whose mapped column is missing, naming the column and listing those present', () => {
    const csv = exportFixture('kobo-citizen-survey-missing-column.csv');
    const mapped = mapSurveyExport(csv.header, csv.rows, mappingFixture('kobo-mapping.json'));
    expect(mapped).toEqual({
      ok: false,
      problems: [
        {
          line: 1,
          column: 'issue_title',
          value: 'issue_title',
          reason: expect.stringMatching(
            /^the mapping's "title" column "issue_title" is not in this export \(columns are: start, end, today, .*group_issue\/issue_detail, .*_index\)$/,
          ),
        },
      ],
    });
  });

  it('names a missing submission key and how to set another', () => {
    const csv = anExport(
      ['facility_code', 'issue_title', 'today'],
      ['KIC-KABOKWENI-CLINIC', 'Long queue', '2025-03-10'],
    );
    const mapped = mapSurveyExport(csv.header, csv.rows, aMapping());
    expect(mapped.ok ? [] : mapped.problems.map((problem) => problem.reason)).toEqual([
      `the mapping's submission key "_uuid" is not in this export (columns are: facility_code, issue_title, today); it is kobotoolbox's usual submission key: set "submissionKey" in the mapping if the export names it otherwise`,
    ]);
  });

  it('keeps the line of each row, after an answer that spans two lines', () => {
    const csv = exportFixture('kobo-citizen-survey.csv');
    const mapped = mapSurveyExport(csv.header, csv.rows, mappingFixture('kobo-mapping.json'));
    if (!mapped.ok) throw new Error(JSON.stringify(mapped.problems));
    expect(mapped.rows.map((row) => row.line)).toEqual(csv.rows.map((row) => row.line));
    expect(mapped.rows.map((row) => row.line).slice(5, 8)).toEqual([7, 9, 10]);
    expect(mapped.rows[5]?.values.description).toContain('since January.\nMembers share');
  });

  it('recodes choice names and joins select_multiple answers with |', () => {
    const csv = exportFixture('kobo-citizen-survey.csv');
    const mapped = mapSurveyExport(csv.header, csv.rows, mappingFixture('kobo-mapping.json'));
    if (!mapped.ok) throw new Error(JSON.stringify(mapped.problems));
    const byTitle = (start: string) => mapped.rows.find((row) => row.values.title?.startsWith(start))?.values;
    expect(byTitle('One professional nurse')).toMatchObject({
      source: 'staff_survey',
      tags: 'staff-shortage|queues-waiting-times',
    });
    expect(byTitle('Patrols do not reach')).toMatchObject({ tags: 'informal-settlements|vehicles' });
    expect(byTitle('Applicants asked to pay')).toMatchObject({
      title: 'Applicants asked to pay "helpers" outside the office',
      tags: 'corruption',
    });
    expect(byTitle('Patients sent home')).toMatchObject({ tags: '' });
  });

  it('fills empty answers from the defaults, and drops a tag recoded to nothing', () => {
    const mapping = aMapping({
      columns: {
        facility_code: 'facility_code',
        title: 'issue_title',
        raised_on: 'today',
        source: 'respondent_type',
        tags: 'issue_tags',
      },
      defaults: { source: 'citizen_survey', tags: 'queues-waiting-times' },
      values: { source: { dont_know: '' }, tags: { none: '' } },
    });
    const csv = anExport(
      ['_uuid', 'facility_code', 'issue_title', 'today', 'respondent_type', 'issue_tags'],
      ['a1', 'KIC-KABOKWENI-CLINIC', 'Long queue', '2025-03-10', 'dont_know', 'none'],
      ['a2', 'KIC-KABOKWENI-CLINIC', 'No water', '2025-03-10', 'staff_survey', 'none  stock-out'],
    );
    const mapped = mapSurveyExport(csv.header, csv.rows, mapping);
    expect(mapped.ok && mapped.rows.map((row) => [row.values.source, row.values.tags])).toEqual([
      ['citizen_survey', 'queues-waiting-times'],
      ['staff_survey', 'stock-out'],
    ]);
  });

  it('converts times to the South African date, across midnight', () => {
    const csv = exportFixture('odk-citizen-survey.csv');
    const mapped = mapSurveyExport(csv.header, csv.rows, mappingFixture('odk-mapping.json'));
    if (!mapped.ok) throw new Error(JSON.stringify(mapped.problems));
    const lateRow = csv.rows.findIndex((row) => row.values.submissiondate === '2025-03-14T23:30:00.000Z');
    expect(mapped.rows[lateRow]?.values.raised_on).toBe('2025-03-15');
    expect(mapped.rows[0]?.values.raised_on).toBe('2025-03-14');
  });

  it("reads Kobo's _submission_time as UTC when the mapping says so", () => {
    const csv = exportFixture('kobo-citizen-survey.csv');
    const late = csv.rows.findIndex((row) => row.values._submission_time?.startsWith('2025-03-14T22:'));
    expect(csv.rows[late]?.values.today).toBe('2025-03-15');
    const kobo = mappingFixture('kobo-mapping.json');
    const raisedOn = (timesWithoutZone: SurveyMapping['timesWithoutZone']) => {
      const mapped = mapSurveyExport(csv.header, csv.rows, {
        ...kobo,
        columns: { ...kobo.columns, raised_on: '_submission_time' },
        timesWithoutZone,
      });
      return mapped.ok ? mapped.rows[late]?.values.raised_on : mapped.problems;
    };
    expect(raisedOn('utc')).toBe('2025-03-15');
    expect(raisedOn('south_africa')).toBe('2025-03-14');
  });

  it('refuses a date it cannot read, naming the export column', () => {
    const csv = anExport(
      ['_uuid', 'facility_code', 'issue_title', 'today'],
      ['a1', 'KIC-KABOKWENI-CLINIC', 'Long queue', '03/14/2025'],
    );
    expect(mapSurveyExport(csv.header, csv.rows, aMapping())).toEqual({
      ok: false,
      problems: [{ line: 2, column: 'today', value: '03/14/2025', reason: expect.stringContaining('expected a date') }],
    });
  });

  it('refuses a row whose submission key is empty', () => {
    const csv = anExport(
      ['_uuid', 'facility_code', 'issue_title', 'today'],
      ['a1', 'KIC-KABOKWENI-CLINIC', 'Long queue', '2025-03-10'],
      ['  ', 'KIC-KABOKWENI-CLINIC', 'No water', '2025-03-10'],
    );
    expect(mapSurveyExport(csv.header, csv.rows, aMapping())).toEqual({
      ok: false,
      problems: [
        { line: 3, column: '_uuid', value: '', reason: expect.stringContaining('the submission key is empty') },
      ],
    });
  });

  describe('group prefixes', () => {
    const row = ['a1', 'KIC-KABOKWENI-CLINIC', 'SR-MP-KABOKWENI-SAPS', 'Long queue', '2025-03-10'];

    it('finds a column inside a Kobo or ODK group, whatever its case', () => {
      for (const header of [
        ['_uuid', 'group_facility/facility_code', 'other', 'group_issue/issue_title', 'today'],
        ['_uuid', 'Group_Facility-Facility_Code', 'other', 'group_issue-issue_title', 'today'],
      ]) {
        const csv = anExport(header, row);
        const mapped = mapSurveyExport(csv.header, csv.rows, aMapping());
        expect(mapped.ok && mapped.rows[0]?.values.facility_code).toBe('KIC-KABOKWENI-CLINIC');
      }
    });

    it('reports a name that matches columns in two groups, and takes the full name', () => {
      const csv = anExport(['_uuid', 'group_a/facility_code', 'group_b/facility_code', 'issue_title', 'today'], row);
      expect(mapSurveyExport(csv.header, csv.rows, aMapping())).toEqual({
        ok: false,
        problems: [
          {
            line: 1,
            column: 'facility_code',
            value: 'facility_code',
            reason: `the mapping's "facility_code" column "facility_code" matches several columns of this export (group_a/facility_code, group_b/facility_code); write the full name of one of them`,
          },
        ],
      });
      const full = aMapping({
        columns: { facility_code: 'group_b/facility_code', title: 'issue_title', raised_on: 'today' },
      });
      const mapped = mapSurveyExport(csv.header, csv.rows, full);
      expect(mapped.ok && mapped.rows[0]?.values.facility_code).toBe('SR-MP-KABOKWENI-SAPS');
    });

    it('prefers a column with exactly the name over columns in groups', () => {
      const csv = anExport(['_uuid', 'facility_code', 'group_b/facility_code', 'issue_title', 'today'], row);
      const mapped = mapSurveyExport(csv.header, csv.rows, aMapping());
      expect(mapped.ok && mapped.rows[0]?.values.facility_code).toBe('KIC-KABOKWENI-CLINIC');
    });
  });

  it("reports the import checks' problems in the export's terms", () => {
    const csv = exportFixture('kobo-citizen-survey.csv');
    const mapping = mappingFixture('kobo-mapping.json');
    const mapped = mapSurveyExport(csv.header, csv.rows, { ...mapping, defaults: { wave: '2' } });
    if (!mapped.ok) throw new Error(JSON.stringify(mapped.problems));
    const withUnknownFacility = mapped.rows.map((row, index) =>
      index === 0 ? { ...row, values: { ...row.values, facility_code: 'NOPE' } } : row,
    );
    const check = checkImportRows(withUnknownFacility, references);
    const problems = check.ok ? [] : inExportTerms(check.problems, mapped.exportColumnOf);
    expect(problems[0]).toMatchObject({
      line: 2,
      column: 'group_facility/facility_code (facility_code)',
      reason: 'no facility has this code',
    });
    expect(problems[1]).toMatchObject({ line: 3, column: 'wave (defaults.wave in the mapping)' });
  });
});

describe('southAfricanDateOf', () => {
  it.each([
    ['2025-03-14', '2025-03-14'],
    ['2025-03-14T09:21:07', '2025-03-14'],
    ['2025-03-14T23:59:59', '2025-03-14'],
    ['2025-03-14T09:21:07.123Z', '2025-03-14'],
    ['2025-03-14T21:59:59Z', '2025-03-14'],
    ['2025-03-14T22:00:00Z', '2025-03-15'],
    ['2025-03-14T23:30:00Z', '2025-03-15'],
    ['2025-12-31T23:30:00.000Z', '2026-01-01'],
    ['2025-03-15T00:30:05.120+02:00', '2025-03-15'],
    ['2025-03-14T20:30:00-05:00', '2025-03-15'],
    ['2025-03-15T01:00:00+0300', '2025-03-15'],
    ['2025-03-14 09:21:07', '2025-03-14'],
    ['14/03/2025', '2025-03-14'],
    ['2025/03/14', '2025-03-14'],
  ])('reads %s as %s', (value, expected) => {
    expect(southAfricanDateOf(value, 'south_africa')).toBe(expected);
  });

  it('reads a time without a zone as UTC when asked', () => {
    expect(southAfricanDateOf('2025-03-14T22:45:10', 'utc')).toBe('2025-03-15');
    expect(southAfricanDateOf('2025-03-14', 'utc')).toBe('2025-03-14');
  });

  it.each(['03/14/2025', '2025-02-29', '2025-03-14T25:00:00', 'yesterday', ''])('refuses %j', (value) => {
    expect(southAfricanDateOf(value, 'south_africa')).toBeNull();
  });
});
