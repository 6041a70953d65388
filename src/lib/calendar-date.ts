import { isCalendarDate } from '../domain/text/calendar-date.ts';

/**
 * Calendar dates (a due date, the day an issue was raised) are stored as UTC midnight of the South
 * African date they name, so that they never shift by a day between servers in other time zones.
 */
export function fromCalendarDate(isoDate: string): Date {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(isoDate)) throw new RangeError(`Not a YYYY-MM-DD date: ${isoDate}`);
  if (!isCalendarDate(isoDate)) throw new RangeError(`Not a calendar date: ${isoDate}`);
  return new Date(`${isoDate}T00:00:00.000Z`);
}

export function toCalendarDate(date: Date): string {
  return date.toISOString().slice(0, 10);
}

export function addDays(date: Date, days: number): Date {
  return new Date(date.getTime() + days * 86_400_000);
}

/** Today's date in South Africa, which keeps UTC+2 all year (no daylight saving). */
export function todayInSouthAfrica(now: Date): string {
  return new Date(now.getTime() + 2 * 3_600_000).toISOString().slice(0, 10);
}
