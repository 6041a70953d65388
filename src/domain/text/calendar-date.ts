const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

/**
 * True for a `YYYY-MM-DD` date that exists (no 31 April, no 29 February outside leap years): the one check
 * behind the import's dates, the form's three boxes and the dates the services store.
 */
export function isCalendarDate(value: string): boolean {
  if (!ISO_DATE.test(value)) return false;
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === value;
}

const longDay = new Intl.DateTimeFormat('en-ZA', { dateStyle: 'long', timeZone: 'UTC' });

/** A calendar date (YYYY-MM-DD) written out, e.g. "14 March 2026"; never shifted by a time zone. */
export function formatDay(isoDate: string): string {
  return longDay.format(new Date(`${isoDate}T00:00:00Z`));
}
