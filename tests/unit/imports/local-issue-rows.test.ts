import { describe, expect, it } from 'vitest';
import {
  checkHeader,
  checkImportRows,
  IMPORT_COLUMNS,
  type ImportReferences,
} from '../../../src/domain/imports/local-issue-rows.ts';
import { tagVocabulary } from '../../../src/domain/taxonomy/resolve-term.ts';
import { aCsvRow } from '../../fixtures/import-csv.ts';

const references: ImportReferences = {
  facilityIdByCode: new Map([['KIC-KABOKWENI-CLINIC', 'facility-1']]),
  roundIdsByFacilityWave: new Map([['facility-1:1', ['round-1']]]),
  tags: tagVocabulary([
    { id: 'tag-stock-out', slug: 'stock-out', name: 'Medicine stock-out', aliases: [], synonyms: ['no medication'] },
    {
      id: 'tag-garage',
      slug: 'maintenance-turnaround',
      name: 'Vehicle maintenance',
      aliases: [],
      synonyms: ['government garage'],
    },
  ]),
  today: '2026-11-25',
};
const check = (rows: ReturnType<typeof aCsvRow>[]) =>
  checkImportRows(
    rows.map((values, index) => ({ line: index + 2, values })),
    references,
  );
const problemsOf = (overrides: Parameters<typeof aCsvRow>[1]) => {
  const result = check([aCsvRow(1, overrides)]);
  return result.ok ? [] : result.problems.map((problem) => `${problem.column}: ${problem.reason}`);
};

describe('checkImportRows', () => {
  it.each(['2016-03-16', '2016/03/16', '16/03/2016', '16-03-2016', ' 16/3/2016 '])(
    'reads the date %s as South African spreadsheets write it, day first',
    (raisedOn) => {
      expect(check([aCsvRow(1, { raised_on: raisedOn })])).toMatchObject({
        ok: true,
        rows: [{ raisedOn: '2016-03-16' }],
      });
    },
  );

  it('takes a tag by its name or slug in any case and punctuation', () => {
    const result = check([aCsvRow(1, { tags: 'Medicine Stock Out|NO MEDICATION.|vehicle_maintenance' })]);
    expect(result).toMatchObject({ ok: true, rows: [{ tagIds: ['tag-stock-out', 'tag-garage'] }] });
  });

  it('accepts a valid row, resolving the facility, round, tag synonyms and root causes', () => {
    const result = check([aCsvRow(1)]);
    expect(result).toMatchObject({
      ok: true,
      rows: [
        {
          line: 2,
          facilityId: 'facility-1',
          roundId: 'round-1',
          tagIds: ['tag-stock-out'],
          rootCauses: [{ level: 'provincial', category: 'supply_chain' }],
        },
      ],
    });
  });

  it.each([
    ['an unknown facility code', { facility_code: 'NOPE-1' }, 'facility_code: no facility has this code'],
    [
      'an unknown tag',
      { tags: 'stock-out|teleportation' },
      'tags: "teleportation" is not a tag; use a slug, name or synonym from the taxonomy',
    ],
    [
      'an everyday word that only resembles a tag',
      { tags: 'garage' },
      'tags: "garage" is not a tag; did you mean "maintenance-turnaround"?',
    ],
    ['a negative count', { respondents_asked: '-4' }, 'respondents_asked: expected a whole number of 0 or more'],
    [
      'a count that is not a number',
      { priority_votes: 'many' },
      'priority_votes: expected a whole number of 0 or more',
    ],
    [
      'more citing than asked',
      { respondents_citing: '50', respondents_asked: '40' },
      'respondents_citing: more respondents cite it (50) than were asked (40)',
    ],
    ['a date in words', { raised_on: 'yesterday' }, 'raised_on: expected a date such as 2016-03-16, 2016/03/16'],
    [
      'a date written month first',
      { raised_on: '03/16/2016' },
      'raised_on: there is no month 16: write the day first, then the month (16/03/2016)',
    ],
    ['a date that does not exist', { raised_on: '2015-02-29' }, 'raised_on: there is no day 29 in that month'],
    ['a date in the future', { raised_on: '2027-01-01' }, 'raised_on: in the future (today is 2026-11-25)'],
    ['an empty title', { title: '  ' }, 'title: required'],
    ['a title of 10,000 characters', { title: 'x'.repeat(10_000) }, 'title: longer than 200 characters (10000)'],
    ['an unknown source', { source: 'rumour' }, 'source: expected one of citizen_survey'],
    ['a wave the facility does not have', { wave: '3' }, 'wave: the facility has no monitoring round of wave 3'],
    [
      'a root cause without a level',
      { root_causes: 'supply_chain:Orders wait' },
      'root_causes: "supply_chain:Orders wait": the level must be one of',
    ],
    ['a missing reference', { external_ref: '' }, 'external_ref: required'],
  ])('refuses %s, naming the column', (_case, overrides, expected) => {
    expect(problemsOf(overrides).join('\n')).toContain(expected);
  });

  it('refuses a reference used twice in one file, pointing at the first', () => {
    const result = check([aCsvRow(1), aCsvRow(2), aCsvRow(3, { external_ref: 'KOBO-00001' })]);
    expect(result).toMatchObject({
      ok: false,
      problems: [{ line: 4, column: 'external_ref', reason: 'appears twice in this file (first on line 2)' }],
    });
  });

  it('refuses a control character or bidirectional override in any cell, showing it written out', () => {
    const result = check([
      aCsvRow(1, { title: 'Clinic ran out \u202Eof pills', description: 'Sent home\u0085', tags: 'stock-out\u0001' }),
    ]);
    expect(result).toEqual({
      ok: false,
      problems: [
        {
          line: 2,
          column: 'title',
          value: 'Clinic ran out [U+202E]of pills',
          reason: 'contains the character U+202E (right-to-left override) at position 16; remove it',
        },
        {
          line: 2,
          column: 'description',
          value: 'Sent home[U+0085]',
          reason: 'contains a control character (U+0085) at position 10; remove it',
        },
        {
          line: 2,
          column: 'tags',
          value: 'stock-out[U+0001]',
          reason: 'contains a control character (U+0001) at position 10; remove it',
        },
      ],
    });
  });

  it('checks the rest of a refused cell without the character, and keeps tabs, joiners and soft hyphens', () => {
    expect(problemsOf({ title: '\u0000', raised_on: '2016-05-30\u2066' })).toEqual([
      'title: contains a control character (U+0000) at position 1; remove it',
      'raised_on: contains the character U+2066 (left-to-right isolate) at position 11; remove it',
      'title: required',
    ]);
    const kept = check([aCsvRow(1, { title: 'Wo\u200Dman sent to Kabo\u00ADkweni', description: 'a\tb\r\nc' })]);
    expect(kept).toMatchObject({
      ok: true,
      rows: [{ title: 'Wo\u200Dman sent to Kabo\u00ADkweni', description: 'a\tb\r\nc' }],
    });
  });

  it('lists every problem of every row at once', () => {
    const result = check([
      aCsvRow(1, { title: '' }),
      aCsvRow(2),
      aCsvRow(3, { facility_code: 'NOPE', raised_on: 'soon' }),
    ]);
    expect(result.ok ? [] : result.problems.map((problem) => [problem.line, problem.column])).toEqual([
      [2, 'title'],
      [4, 'facility_code'],
      [4, 'raised_on'],
    ]);
  });
});

describe('checkHeader', () => {
  it('writes out a control character in an unknown column name', () => {
    expect(checkHeader([...IMPORT_COLUMNS, 'note\u0000'])).toEqual([
      expect.objectContaining({ column: 'note[U+0000]', value: 'note[U+0000]' }),
    ]);
  });

  it('names missing required columns and unknown ones', () => {
    const header = IMPORT_COLUMNS.filter((column) => column !== 'title');
    expect(checkHeader([...header, 'submitter_name']).map((problem) => problem.column)).toEqual([
      'title',
      'submitter_name',
    ]);
  });
});
