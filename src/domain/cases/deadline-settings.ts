import { z } from 'zod';
import { textField } from '../text/text-schema.ts';
import { isCalendarDate } from '../text/calendar-date.ts';
import { DEFAULT_FOLLOW_UP_COVERAGE_PERCENT } from './follow-up.ts';
import type { Holiday } from './working-days.ts';

/**
 * How many South African working days a department has for each step of a systemic case, and the one-off
 * holidays (an election day) that administrators declare on top of the public holidays the calendar knows.
 */
export interface DeadlineSettings {
  /** Working days from escalation to acknowledgement. */
  acknowledgeWithin: number;
  /** Working days from acknowledgement to a decision: accept, decline or transfer. */
  decideWithin: number;
  /** Working days from acceptance to a response plan. */
  planWithin: number;
  declaredHolidays: Holiday[];
  /** The share of a case's facilities (in per cent) that need a follow-up finding before it may be verified. */
  followUpCoverage: number;
  /**
   * The cases a department's public share or median needs behind it before it is shown: below it, one quick answer
   * would top the comparison of departments (src/domain/cases/responsiveness.ts).
   */
  minimumCasesPerFigure: number;
}

/** "Not enough cases yet (3 of 10)" below it: issue 17 asks for 10. */
export const DEFAULT_MINIMUM_CASES_PER_FIGURE = 10;

export const DEFAULT_DEADLINE_SETTINGS: DeadlineSettings = {
  acknowledgeWithin: 10,
  decideWithin: 10,
  planWithin: 30,
  declaredHolidays: [],
  followUpCoverage: DEFAULT_FOLLOW_UP_COVERAGE_PERCENT,
  minimumCasesPerFigure: DEFAULT_MINIMUM_CASES_PER_FIGURE,
};

/** The settings' fields in words: for the audit trail's "changed the days to acknowledge" and the form's errors. */
export const DEADLINE_SETTINGS_FIELD_LABELS: Record<keyof DeadlineSettings, string> = {
  acknowledgeWithin: 'days to acknowledge',
  decideWithin: 'days to decide',
  planWithin: 'days to plan a response',
  declaredHolidays: 'declared holidays',
  followUpCoverage: 'share of facilities with follow-up findings',
  minimumCasesPerFigure: 'cases behind a department’s public figure',
};

/** A year of working days is about 250: a longer deadline is a typing slip. */
const MOST_DAYS = 250;
const MOST_DECLARED_HOLIDAYS = 200;
/** More than a department is likely to receive in years: a higher minimum would hide every figure. */
const MOST_CASES_PER_FIGURE = 1000;

const workingDays = (field: keyof DeadlineSettings, example: number) => {
  const words = DEADLINE_SETTINGS_FIELD_LABELS[field];
  return z
    .int(`Enter the ${words} as a whole number, for example ${example}`)
    .min(1, `The ${words} must be 1 or more`)
    .max(MOST_DAYS, `The ${words} must be ${MOST_DAYS} or fewer: that is about a year of working days`);
};

/**
 * What is wrong with each declared holiday, by its place in the list: a date that does not exist, a name too short
 * or too long, a date declared twice. One check for the service's schema and the form's lines.
 */
export function declaredHolidayProblems(holidays: readonly Holiday[]): { index: number; message: string }[] {
  const seen = new Set<string>();
  return holidays.flatMap(({ date, name }, index) => {
    if (!isCalendarDate(date)) {
      return [{ index, message: `${date} is not a date: write it as year-month-day, for example 2016-08-03` }];
    }
    const named = name.trim().length;
    if (named < 2 || named > 80) {
      return [{ index, message: `Give the holiday on ${date} a name of 2 to 80 characters` }];
    }
    if (seen.has(date)) return [{ index, message: `${date} is declared twice` }];
    seen.add(date);
    return [];
  });
}

const DeclaredHolidaysSchema = z
  .array(z.object({ date: textField().trim(), name: textField().trim() }))
  .max(MOST_DECLARED_HOLIDAYS, `Declare ${MOST_DECLARED_HOLIDAYS} holidays or fewer`)
  .superRefine((holidays, context) => {
    for (const { index, message } of declaredHolidayProblems(holidays)) {
      context.addIssue({ code: 'custom', path: [index], message });
    }
  })
  .transform((holidays) => holidays.toSorted((a, b) => a.date.localeCompare(b.date)));

export const DeadlineSettingsFieldsSchema = z.object({
  acknowledgeWithin: workingDays('acknowledgeWithin', 10),
  decideWithin: workingDays('decideWithin', 10),
  planWithin: workingDays('planWithin', 30),
  declaredHolidays: DeclaredHolidaysSchema,
  // Settings saved before these two fields existed read as their defaults.
  followUpCoverage: z
    .int('Enter the share of facilities as a whole number of per cent, for example 50')
    .min(1, 'The share of facilities must be 1% or more')
    .max(100, 'The share of facilities must be 100% or less')
    .default(DEFAULT_FOLLOW_UP_COVERAGE_PERCENT),
  minimumCasesPerFigure: z
    .int('Enter the cases behind a public figure as a whole number, for example 10')
    .min(1, 'A public figure needs 1 case or more behind it')
    .max(MOST_CASES_PER_FIGURE, `A public figure needs ${MOST_CASES_PER_FIGURE} cases or fewer behind it`)
    .default(DEFAULT_MINIMUM_CASES_PER_FIGURE),
});

/** The settings with the version an edit must name (as stored, too). */
export const DeadlineSettingsSchema = DeadlineSettingsFieldsSchema.extend({ version: z.int().min(0) });

/** A declared holiday as the form's line: "2016-08-03 Local government elections". */
export const declaredHolidayLine = ({ date, name }: Holiday) => `${date} ${name}`;

export function declaredHolidayLines(holidays: readonly Holiday[]): string {
  return holidays.map(declaredHolidayLine).join('\n');
}

/**
 * The form's lines read back into holidays, one a line (blank lines skipped), with every problem named by its
 * line: "Line 3: 2016-02-30 is not a date ...".
 */
export function parseDeclaredHolidayLines(text: string): { holidays: Holiday[]; problems: string[] } {
  const lines = text
    .split(/\r?\n/)
    .map((line, index) => ({ text: line.trim(), number: index + 1 }))
    .filter((line) => line.text !== '');
  const problems: { line: number; message: string }[] = [];
  const parsed: (Holiday & { line: number })[] = [];
  for (const line of lines) {
    const [, date = '', name = ''] = /^(\S+)\s*(.*)$/.exec(line.text) ?? [];
    if (/^\d/.test(date)) parsed.push({ date, name, line: line.number });
    else problems.push({ line: line.number, message: START_WITH_THE_DATE });
  }
  for (const { index, message } of declaredHolidayProblems(parsed)) {
    problems.push({ line: parsed[index]?.line ?? 0, message });
  }
  return {
    holidays: parsed.map(({ date, name }) => ({ date, name })),
    problems: problems.toSorted((a, b) => a.line - b.line).map(({ line, message }) => `Line ${line}: ${message}`),
  };
}

const START_WITH_THE_DATE =
  "Start the line with the date, then the holiday's name, for example 2016-08-03 Local government elections";
