// Placeholder until the i15-deadlines branch lands (it brings the real calendar): weekends only.
export interface WorkingCalendar {
  isWorkingDay(date: string): boolean;
  holidayName(date: string): string | null;
}
const DAY = 86_400_000;
const shift = (date: string, days: number) =>
  new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY).toISOString().slice(0, 10);
export function southAfricanCalendar(): WorkingCalendar {
  return { isWorkingDay: (d) => ![0, 6].includes(new Date(`${d}T00:00:00Z`).getUTCDay()), holidayName: () => null };
}
export function addWorkingDays(calendar: WorkingCalendar, from: string, days: number): string {
  let date = from;
  for (let left = days; left > 0;) {
    date = shift(date, 1);
    if (calendar.isWorkingDay(date)) left -= 1;
  }
  return date;
}
export function workingDaysBetween(calendar: WorkingCalendar, from: string, to: string): number {
  if (to < from) return -workingDaysBetween(calendar, to, from);
  let count = 0;
  for (let date = shift(from, 1); date <= to; date = shift(date, 1)) if (calendar.isWorkingDay(date)) count += 1;
  return count;
}
