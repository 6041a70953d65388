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

const longDay = new Intl.DateTimeFormat('en-ZA', { dateStyle: 'long', timeZone: 'UTC' });

/** A calendar date (YYYY-MM-DD) written out, e.g. "14 March 2026"; never shifted by a time zone. */
export function formatDay(isoDate: string): string {
  return longDay.format(new Date(`${isoDate}T00:00:00Z`));
}
