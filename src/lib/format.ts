const wholeNumber = new Intl.NumberFormat('en-ZA');

/** 25982 -> "25 982", as South African style writes thousands. */
export function formatCount(value: number): string {
  return wholeNumber.format(value);
}

const momentInSouthAfrica = new Intl.DateTimeFormat('en-ZA', {
  dateStyle: 'medium',
  timeStyle: 'short',
  timeZone: 'Africa/Johannesburg',
});

/** A moment as South Africans read it, e.g. "01 Dec 2026, 08:10" (South African time). */
export function formatMoment(date: Date): string {
  return momentInSouthAfrica.format(date);
}

export { formatDay } from '../domain/text/calendar-date.ts';
