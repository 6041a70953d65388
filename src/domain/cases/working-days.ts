import Holidays from 'date-holidays';

/**
 * Which South African calendar days count toward a case's deadlines. Dates are 'YYYY-MM-DD' strings naming
 * days in Africa/Johannesburg; a caller turns a moment into one before asking.
 */
export interface WorkingCalendar {
  isWorkingDay(date: string): boolean;
  /** The public or declared holiday on `date`, or null on any other day (a weekend day too). */
  holidayName(date: string): string | null;
}

export interface Holiday {
  date: string;
  name: string;
}

/*
 * Day numbers (days since 1970-01-01) in integer arithmetic, without Date objects: a page of cases asks
 * thousands of times, and building a Date and its ISO text costs far more than a map look-up.
 * The conversions are H. Hinnant's days_from_civil and civil_from_days (proleptic Gregorian calendar).
 */
const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

const isLeapYear = (year: number) => (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;

function dayNumberOfParts(year: number, month: number, day: number): number {
  const shiftedYear = month <= 2 ? year - 1 : year;
  const era = Math.floor(shiftedYear / 400);
  const yearOfEra = shiftedYear - era * 400;
  const dayOfYear = Math.floor((153 * (month > 2 ? month - 3 : month + 9) + 2) / 5) + day - 1;
  const dayOfEra = yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear;
  return era * 146_097 + dayOfEra - 719_468;
}

/** A calendar date's day number, refusing what is no date (31 April): a caller's mistake, not a person's. */
function dayNumberOf(date: string): number {
  const [year, month, day] = [Number(date.slice(0, 4)), Number(date.slice(5, 7)), Number(date.slice(8, 10))];
  const monthLength = month === 2 && isLeapYear(year) ? 29 : (DAYS_IN_MONTH[month - 1] ?? 0);
  if (!ISO_DATE.test(date) || day < 1 || day > monthLength) {
    throw new RangeError(`"${date}" is not a calendar date (YYYY-MM-DD).`);
  }
  return dayNumberOfParts(year, month, day);
}

function dateOfDayNumber(dayNumber: number): string {
  const shifted = dayNumber + 719_468;
  const era = Math.floor(shifted / 146_097);
  const dayOfEra = shifted - era * 146_097;
  const yearOfEra = Math.floor(
    (dayOfEra - Math.floor(dayOfEra / 1460) + Math.floor(dayOfEra / 36_524) - Math.floor(dayOfEra / 146_096)) / 365,
  );
  const dayOfYear = dayOfEra - (365 * yearOfEra + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100));
  const shiftedMonth = Math.floor((5 * dayOfYear + 2) / 153);
  const day = dayOfYear - Math.floor((153 * shiftedMonth + 2) / 5) + 1;
  const month = shiftedMonth < 10 ? shiftedMonth + 3 : shiftedMonth - 9;
  const year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0);
  const two = (value: number) => String(value).padStart(2, '0');
  return `${String(year).padStart(4, '0')}-${two(month)}-${two(day)}`;
}

/** 1 January 1970 was a Thursday; 0 is Sunday and 6 Saturday, as Date.getUTCDay counts. */
const weekdayOf = (dayNumber: number) => (((dayNumber + 4) % 7) + 7) % 7;
const isWeekend = (date: string) => {
  const weekday = weekdayOf(dayNumberOf(date));
  return weekday === 0 || weekday === 6;
};
const firstDayOfYear = (year: number) => dayNumberOfParts(year, 1, 1);

// One instance serves every calendar: the library builds its rules once, and each year's holidays are kept.
let southAfrica: Holidays | null = null;
const publicHolidaysByYear = new Map<number, readonly Holiday[]>();

/**
 * The public holidays of South Africa in `year`, from date-holidays: the Public Holidays Act's days, the Monday
 * after one that falls on a Sunday, and the one-off days the government proclaimed that the library knows.
 */
export function publicHolidaysIn(year: number): Holiday[] {
  let holidays = publicHolidaysByYear.get(year);
  if (!holidays) {
    southAfrica ??= new Holidays('ZA');
    const found: Holiday[] = [];
    for (const entry of southAfrica.getHolidays(year)) {
      const date = entry.date.slice(0, 10);
      if (entry.type !== 'public' || found.some((holiday) => holiday.date === date)) continue;
      found.push({ date, name: observedName(entry.name, date, found) });
    }
    holidays = found;
    publicHolidaysByYear.set(year, holidays);
  }
  return holidays.map((holiday) => ({ ...holiday }));
}

/** The library calls the Monday after a Sunday holiday "Public Holiday"; say which holiday it stands for. */
function observedName(name: string, date: string, earlier: readonly Holiday[]): string {
  if (name !== 'Public Holiday') return name;
  const sunday = dateOfDayNumber(dayNumberOf(date) - 1);
  const held = earlier.find((holiday) => holiday.date === sunday);
  return held ? `${held.name} (observed)` : 'Public holiday';
}

/**
 * The South African working calendar: Monday to Friday, less the public holidays (publicHolidaysIn) and the
 * one-off holidays administrators declare (an election day the library does not know).
 */
export function southAfricanCalendar(declaredHolidays: readonly Holiday[] = []): WorkingCalendar {
  // The same holidays give the same calendar, so that its year tables (below) outlive the request that built them.
  const key = declaredHolidays.map((holiday) => `${holiday.date} ${holiday.name}`).join('\n');
  let calendar = calendarsByDeclaredHolidays.get(key);
  if (!calendar) {
    if (calendarsByDeclaredHolidays.size >= KEPT_CALENDARS) calendarsByDeclaredHolidays.clear();
    calendar = buildSouthAfricanCalendar(declaredHolidays);
    calendarsByDeclaredHolidays.set(key, calendar);
  }
  return calendar;
}

/** Administrators rarely change the declared holidays: a few calendars cover every list a process serves. */
const KEPT_CALENDARS = 8;
const calendarsByDeclaredHolidays = new Map<string, WorkingCalendar>();

function buildSouthAfricanCalendar(declaredHolidays: readonly Holiday[]): WorkingCalendar {
  const declared = new Map(declaredHolidays.map((holiday) => [holiday.date, holiday.name]));
  // Deadlines over long lists ask thousands of times: each year's holidays are looked up once.
  const holidaysByYear = new Map<number, Map<string, string>>();
  const holidayName = (date: string): string | null => {
    const year = Number(date.slice(0, 4));
    let holidays = holidaysByYear.get(year);
    if (!holidays) {
      holidays = new Map(publicHolidaysIn(year).map((holiday) => [holiday.date, holiday.name]));
      for (const [day, name] of declared) if (day.startsWith(`${year}-`) && !holidays.has(day)) holidays.set(day, name);
      holidaysByYear.set(year, holidays);
    }
    return holidays.get(date) ?? null;
  };
  return Object.freeze({
    holidayName,
    isWorkingDay: (date: string) => !isWeekend(date) && holidayName(date) === null,
  });
}

/**
 * Per calendar and year, the number of working days from 1 January up to and including each day of the year.
 * Spans of years are then counted a year at a time, not a day at a time (a 2016 case is thousands of working
 * days overdue, and a list shows hundreds). A calendar never changes, so its tables can be kept with it.
 */
const workingDaysToDate = new WeakMap<WorkingCalendar, Map<number, Uint16Array>>();

function yearTable(calendar: WorkingCalendar, year: number): Uint16Array {
  let years = workingDaysToDate.get(calendar);
  if (!years) {
    years = new Map();
    workingDaysToDate.set(calendar, years);
  }
  let table = years.get(year);
  if (!table) {
    const first = firstDayOfYear(year);
    table = new Uint16Array(firstDayOfYear(year + 1) - first);
    let count = 0;
    for (let index = 0; index < table.length; index += 1) {
      if (calendar.isWorkingDay(dateOfDayNumber(first + index))) count += 1;
      table[index] = count;
    }
    years.set(year, table);
  }
  return table;
}

const yearOf = (date: string) => Number(date.slice(0, 4));
const indexInYear = (date: string) => dayNumberOf(date) - firstDayOfYear(yearOf(date));
const workingDaysInYear = (calendar: WorkingCalendar, year: number) => yearTable(calendar, year).at(-1) ?? 0;
/** The working days of `date`'s year up to and including `date`. */
const workingDaysOfYearThrough = (calendar: WorkingCalendar, date: string) =>
  yearTable(calendar, yearOf(date))[indexInYear(date)] ?? 0;

/** The working days d with from < d <= to; negative when `to` comes before `from`. */
export function workingDaysBetween(calendar: WorkingCalendar, from: string, to: string): number {
  const [start, end] = [dayNumberOf(from), dayNumberOf(to)];
  if (start === end) return 0;
  if (end < start) return -workingDaysBetween(calendar, to, from);
  let count = workingDaysOfYearThrough(calendar, to) - workingDaysOfYearThrough(calendar, from);
  for (let year = yearOf(from); year < yearOf(to); year += 1) count += workingDaysInYear(calendar, year);
  return count;
}

/** The day that is `days` working days after `from` (which is not counted itself); `from` for 0. */
export function addWorkingDays(calendar: WorkingCalendar, from: string, days: number): string {
  if (!Number.isInteger(days) || days < 0) throw new RangeError(`Cannot add ${days} working days.`);
  if (days === 0) return dateOfDayNumber(dayNumberOf(from));
  let year = yearOf(from);
  // Working days still to count from 1 January of `year` on.
  let remaining = days + workingDaysOfYearThrough(calendar, from);
  while (remaining > workingDaysInYear(calendar, year)) {
    remaining -= workingDaysInYear(calendar, year);
    year += 1;
  }
  const table = yearTable(calendar, year);
  let index = 0;
  while ((table[index] ?? 0) < remaining) index += 1;
  return dateOfDayNumber(firstDayOfYear(year) + index);
}
