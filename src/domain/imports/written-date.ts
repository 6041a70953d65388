import { isCalendarDate } from '../text/calendar-date.ts';

/** A date as the import reads it: the ISO calendar date, or why the cell is not one. */
export type WrittenDate = { ok: true; date: string } | { ok: false; reason: string };

const YEAR_FIRST = /^(\d{4})[-/](\d{1,2})[-/](\d{1,2})$/;
// South African spreadsheets write the day first: 16/03/2016, 16-03-2016.
const DAY_FIRST = /^(\d{1,2})([-/])(\d{1,2})\2(\d{4})$/;

const EXAMPLES = 'such as 2016-03-16, 2016/03/16, 16/03/2016 or 16-03-2016';

/**
 * Reads a date as people write it in a spreadsheet: year first with dashes or slashes, or day first with
 * slashes or dashes. A day-first date is never read month first: 03/16/2016 is refused, not guessed.
 */
export function readWrittenDate(value: string): WrittenDate {
  const text = value.trim();
  const yearFirst = YEAR_FIRST.exec(text);
  const dayFirst = DAY_FIRST.exec(text);
  if (!yearFirst && !dayFirst) return { ok: false, reason: `expected a date ${EXAMPLES}` };
  const [year, month, day] = yearFirst
    ? [yearFirst[1], yearFirst[2], yearFirst[3]]
    : [dayFirst?.[4], dayFirst?.[3], dayFirst?.[1]];
  if (Number(month) < 1 || Number(month) > 12) {
    const hint = dayFirst ? ': write the day first, then the month (16/03/2016)' : '';
    return { ok: false, reason: `there is no month ${Number(month)}${hint}` };
  }
  const date = `${year}-${month?.padStart(2, '0')}-${day?.padStart(2, '0')}`;
  if (!isCalendarDate(date)) return { ok: false, reason: `there is no day ${Number(day)} in that month` };
  return { ok: true, date };
}
