import { describe, expect, it } from 'vitest';
import {
  DEFAULT_DEADLINE_SETTINGS,
  DeadlineSettingsFieldsSchema,
  declaredHolidayLines,
  parseDeclaredHolidayLines,
} from '../../../src/domain/cases/deadline-settings.ts';

const problemsOf = (input: unknown) => {
  const result = DeadlineSettingsFieldsSchema.safeParse(input);
  return result.success ? [] : result.error.issues.map((issue) => [issue.path.join('.'), issue.message]);
};

describe('DeadlineSettingsFieldsSchema', () => {
  it('takes the defaults: 10, 10 and 30 working days, no declared holiday, findings at half the facilities, 10 cases per public figure', () => {
    expect(DeadlineSettingsFieldsSchema.parse(DEFAULT_DEADLINE_SETTINGS)).toEqual({
      acknowledgeWithin: 10,
      decideWithin: 10,
      planWithin: 30,
      declaredHolidays: [],
      followUpCoverage: 50,
      minimumCasesPerFigure: 10,
    });
  });

  it('reads settings saved before the cases per public figure existed with 10, and takes 1 to 1000 cases', () => {
    const { minimumCasesPerFigure: _, ...older } = DEFAULT_DEADLINE_SETTINGS;
    expect(DeadlineSettingsFieldsSchema.parse(older).minimumCasesPerFigure).toBe(10);
    expect(problemsOf({ ...DEFAULT_DEADLINE_SETTINGS, minimumCasesPerFigure: 1 })).toEqual([]);
    expect(problemsOf({ ...DEFAULT_DEADLINE_SETTINGS, minimumCasesPerFigure: 1000 })).toEqual([]);
    expect(problemsOf({ ...DEFAULT_DEADLINE_SETTINGS, minimumCasesPerFigure: 0 })).toEqual([
      ['minimumCasesPerFigure', 'A public figure needs 1 case or more behind it'],
    ]);
    expect(problemsOf({ ...DEFAULT_DEADLINE_SETTINGS, minimumCasesPerFigure: 1001 })).toEqual([
      ['minimumCasesPerFigure', 'A public figure needs 1000 cases or fewer behind it'],
    ]);
    expect(problemsOf({ ...DEFAULT_DEADLINE_SETTINGS, minimumCasesPerFigure: 2.5 })).toEqual([
      ['minimumCasesPerFigure', 'Enter the cases behind a public figure as a whole number, for example 10'],
    ]);
  });

  it('reads settings saved before the follow-up coverage existed with its default, and refuses a share over 100%', () => {
    const { followUpCoverage: _, ...older } = DEFAULT_DEADLINE_SETTINGS;
    expect(DeadlineSettingsFieldsSchema.parse(older).followUpCoverage).toBe(50);
    const refused = DeadlineSettingsFieldsSchema.safeParse({ ...DEFAULT_DEADLINE_SETTINGS, followUpCoverage: 120 });
    expect(refused.error?.issues.map((issue) => issue.message)).toEqual([
      'The share of facilities must be 100% or less',
    ]);
  });

  it('asks for whole numbers of 1 to 250 days, naming the field', () => {
    expect(problemsOf({ acknowledgeWithin: 1.5, decideWithin: 0, planWithin: 251, declaredHolidays: [] })).toEqual([
      ['acknowledgeWithin', 'Enter the days to acknowledge as a whole number, for example 10'],
      ['decideWithin', 'The days to decide must be 1 or more'],
      ['planWithin', 'The days to plan a response must be 250 or fewer: that is about a year of working days'],
    ]);
    expect(problemsOf({ ...DEFAULT_DEADLINE_SETTINGS, acknowledgeWithin: Number.NaN })).toEqual([
      ['acknowledgeWithin', 'Enter the days to acknowledge as a whole number, for example 10'],
    ]);
    expect(problemsOf({ ...DEFAULT_DEADLINE_SETTINGS, acknowledgeWithin: 1, planWithin: 250 })).toEqual([]);
  });

  it('refuses a declared holiday that is no date, has no proper name or comes twice', () => {
    expect(
      problemsOf({
        ...DEFAULT_DEADLINE_SETTINGS,
        declaredHolidays: [
          { date: '2016-08-03', name: 'Local government elections' },
          { date: '2016-02-30', name: 'No such day' },
          { date: '2019-05-08', name: 'X' },
          { date: '2016-08-03', name: 'Elections again' },
        ],
      }),
    ).toEqual([
      ['declaredHolidays.1', '2016-02-30 is not a date: write it as year-month-day, for example 2016-08-03'],
      ['declaredHolidays.2', 'Give the holiday on 2019-05-08 a name of 2 to 80 characters'],
      ['declaredHolidays.3', '2016-08-03 is declared twice'],
    ]);
  });

  it('keeps declared holidays in date order, trimmed', () => {
    const parsed = DeadlineSettingsFieldsSchema.parse({
      ...DEFAULT_DEADLINE_SETTINGS,
      declaredHolidays: [
        { date: '2019-05-08', name: ' National and provincial elections ' },
        { date: '2016-08-03', name: 'Local government elections' },
      ],
    });
    expect(parsed.declaredHolidays).toEqual([
      { date: '2016-08-03', name: 'Local government elections' },
      { date: '2019-05-08', name: 'National and provincial elections' },
    ]);
  });
});

describe('parseDeclaredHolidayLines', () => {
  it('reads one holiday a line, skipping blank lines, and writes them back the same way', () => {
    const text = '2016-08-03 Local government elections\r\n\n  2019-05-08\tNational and provincial elections  \n';
    const { holidays, problems } = parseDeclaredHolidayLines(text);
    expect(problems).toEqual([]);
    expect(holidays).toEqual([
      { date: '2016-08-03', name: 'Local government elections' },
      { date: '2019-05-08', name: 'National and provincial elections' },
    ]);
    expect(declaredHolidayLines(holidays)).toBe(
      '2016-08-03 Local government elections\n2019-05-08 National and provincial elections',
    );
    expect(parseDeclaredHolidayLines('  \n')).toEqual({ holidays: [], problems: [] });
  });

  it('names the line of each problem, in line order', () => {
    const text = [
      '2016-08-03 Local government elections',
      'Elections on 2019-05-08',
      '',
      '2016-8-3 Typed short',
      '2021-11-01',
      '2016-08-03 Local government elections',
    ].join('\n');
    expect(parseDeclaredHolidayLines(text).problems).toEqual([
      "Line 2: Start the line with the date, then the holiday's name, for example 2016-08-03 Local government elections",
      'Line 4: 2016-8-3 is not a date: write it as year-month-day, for example 2016-08-03',
      'Line 5: Give the holiday on 2021-11-01 a name of 2 to 80 characters',
      'Line 6: 2016-08-03 is declared twice',
    ]);
  });
});
