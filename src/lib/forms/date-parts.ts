import { z } from 'zod';
import { isCalendarDate } from '../../domain/text/calendar-date.ts';
import { textField } from '../../domain/text/text-schema.ts';

/**
 * Dates as people write them (GOV.UK's date input): three boxes, day, month and year, posted as
 * `<name>-day`, `<name>-month` and `<name>-year`. The page joins them into one text as typed
 * (`2026-3-14`, or `2026--31` with the month missing), so that a refused form shows the boxes as they
 * were; the schema (typedDateSchema) checks that text and turns it into the ISO date the services store.
 */

export interface DateParts {
  day: string;
  month: string;
  year: string;
}

const PART_NAMES = ['day', 'month', 'year'] as const;

/** The name of one box of a date field: `raisedOn-day`. */
export const datePartName = (name: string, part: keyof DateParts) => `${name}-${part}`;

/** The three boxes as one text, as typed: '' when all are empty; an ISO date (`2026-03-14`) passes as it is. */
export function joinDateParts(parts: DateParts): string {
  const [day, month, year] = PART_NAMES.map((part) => parts[part].trim().replaceAll('-', ''));
  if (day === '' && month === '' && year === '') return '';
  return `${year}-${month}-${day}`;
}

/** A date's three boxes back from its text (an ISO date or the text joinDateParts made); '' gives three empty boxes. */
export function splitDate(text: string | null | undefined): DateParts {
  const [year = '', month = '', day = ''] = (text ?? '').split('-');
  const withoutZero = (part: string) => (/^0\d$/.test(part) ? part.slice(1) : part);
  return { day: withoutZero(day), month: withoutZero(month), year };
}

/** A posted date field as one text: its three boxes joined, or the field itself when a client posted an ISO date. */
export function typedDateOf(form: FormData, name: string): string {
  const text = (key: string) => {
    const value = form.get(key);
    return typeof value === 'string' ? value : '';
  };
  if (!PART_NAMES.some((part) => form.has(datePartName(name, part)))) return text(name).trim();
  return joinDateParts({
    day: text(datePartName(name, 'day')),
    month: text(datePartName(name, 'month')),
    year: text(datePartName(name, 'year')),
  });
}

export type DateReading = { isoDate: string } | { problem: string };

/**
 * A typed date as the ISO date it names, or what to do about it in GOV.UK's words, where `what` names the
 * date as the form does ("the date the issue was raised"): "Enter the date the issue was raised, for example
 * 14 3 2026", "The date the issue was raised must include a month", "… must be a real date".
 */
export function readTypedDate(text: string, what: string): DateReading {
  const example = `, for example 14 3 2026`;
  if (text.trim() === '') return { problem: `Enter ${what}${example}` };
  const parts = splitDate(text.trim());
  const missing = PART_NAMES.filter((part) => parts[part] === '');
  const What = what.charAt(0).toUpperCase() + what.slice(1);
  if (missing.length > 0) return { problem: `${What} must include a ${wordsOfList(missing)}` };
  if (!PART_NAMES.every((part) => /^\d+$/.test(parts[part]))) return { problem: `${What} must be a real date` };
  if (parts.year.length !== 4) return { problem: `The year of ${what} must have 4 numbers, for example 2026` };
  const isoDate = `${parts.year}-${parts.month.padStart(2, '0')}-${parts.day.padStart(2, '0')}`;
  if (!isCalendarDate(isoDate)) return { problem: `${What} must be a real date` };
  return { isoDate };
}

/** "day", "day and month", "day, month and year". */
function wordsOfList(words: readonly string[]): string {
  if (words.length <= 1) return words.join('');
  return `${words.slice(0, -1).join(', ')} and ${words.at(-1)}`;
}

/**
 * A date field of an input schema: takes the text typedDateOf read (or an ISO date from a client) and gives the
 * ISO date, or refuses it saying what to do, naming the date as `what` does ("the date the issue was raised").
 */
export function typedDateSchema(what: string) {
  return textField({ error: `Enter ${what}, for example 14 3 2026` }).transform((text, context) => {
    const reading = readTypedDate(text, what);
    if ('isoDate' in reading) return reading.isoDate;
    context.issues.push({ code: 'custom', message: reading.problem, input: text });
    return z.NEVER;
  });
}
