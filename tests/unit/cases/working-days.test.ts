import { describe, expect, it, test } from 'vitest';
import {
  addWorkingDays,
  publicHolidaysIn,
  southAfricanCalendar,
  workingDaysBetween,
  type WorkingCalendar,
} from '../../../src/domain/cases/working-days.ts';

const calendar = southAfricanCalendar();
const ELECTION_DAY_2016 = { date: '2016-08-03', name: 'Local government elections' };
const withElection = southAfricanCalendar([ELECTION_DAY_2016]);

/** The next calendar day, the slow and obvious way, for the references below. */
const nextDay = (date: string) => new Date(Date.parse(`${date}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);

/** Counting one day at a time: what the year tables must agree with. */
function referenceBetween(working: WorkingCalendar, from: string, to: string): number {
  let count = 0;
  for (let day = nextDay(from); day <= to; day = nextDay(day)) if (working.isWorkingDay(day)) count += 1;
  return count;
}

function referenceAdd(working: WorkingCalendar, from: string, days: number): string {
  let day = from;
  for (let counted = 0; counted < days;) {
    day = nextDay(day);
    if (working.isWorkingDay(day)) counted += 1;
  }
  return day;
}

describe('southAfricanCalendar', () => {
  test.each([
    ['2026-04-03', 'Good Friday'],
    ['2026-04-06', 'Family Day'],
    ['2026-04-27', 'Freedom Day'],
    ['2016-05-02', "Workers' Day (observed)"],
    ['2024-06-17', 'Youth Day (observed)'],
    ['2023-01-02', "New Year's Day (observed)"],
    ['2023-09-25', 'Heritage Day (observed)'],
    ['2027-12-27', 'Day of Goodwill (observed)'],
    ['2023-12-15', 'Rugby World Cup Win Public Holiday'],
    ['2024-05-29', 'Voting Day'],
  ])('%s is a holiday, %s, and no working day', (date, name) => {
    expect(calendar.holidayName(date)).toBe(name);
    expect(calendar.isWorkingDay(date)).toBe(false);
  });

  it('counts weekends out and ordinary weekdays in', () => {
    expect(calendar.isWorkingDay('2026-04-11')).toBe(false); // Saturday
    expect(calendar.isWorkingDay('2026-04-12')).toBe(false); // Sunday
    expect(calendar.isWorkingDay('2026-04-13')).toBe(true); // Monday
    expect(calendar.holidayName('2026-04-11')).toBeNull();
    expect(calendar.holidayName('2026-04-13')).toBeNull();
  });

  it('keeps a declared one-off holiday the library does not know, such as a local election day', () => {
    expect(calendar.isWorkingDay('2016-08-03')).toBe(true);
    expect(withElection.isWorkingDay('2016-08-03')).toBe(false);
    expect(withElection.holidayName('2016-08-03')).toBe('Local government elections');
    expect(withElection.isWorkingDay('2016-08-04')).toBe(true);
  });

  it('keeps the law’s name where a declared holiday falls on a public holiday', () => {
    const both = southAfricanCalendar([{ date: '2026-04-27', name: 'Elections' }]);
    expect(both.holidayName('2026-04-27')).toBe('Freedom Day');
  });

  it('gives the same calendar for the same declared holidays, so that its counts are kept between requests', () => {
    expect(southAfricanCalendar([{ ...ELECTION_DAY_2016 }])).toBe(withElection);
    expect(southAfricanCalendar()).toBe(calendar);
    expect(southAfricanCalendar([{ ...ELECTION_DAY_2016, name: 'Elections' }])).not.toBe(withElection);
  });

  it('refuses what is no calendar date', () => {
    expect(() => calendar.isWorkingDay('2026-02-30')).toThrow(RangeError);
    expect(() => calendar.isWorkingDay('2023-02-29')).toThrow(RangeError);
    expect(() => calendar.isWorkingDay('1900-02-29')).toThrow(RangeError);
    expect(calendar.isWorkingDay('2024-02-29')).toBe(true);
    expect(calendar.isWorkingDay('2000-02-29')).toBe(true);
    expect(() => addWorkingDays(calendar, '2026-4-2', 1)).toThrow(RangeError);
  });
});

describe('publicHolidaysIn', () => {
  it('lists the public holidays of a year in date order, observances left out', () => {
    const holidays = publicHolidaysIn(2024);
    expect(holidays.map((holiday) => holiday.date)).toEqual([
      '2024-01-01',
      '2024-03-21',
      '2024-03-29',
      '2024-04-01',
      '2024-04-27',
      '2024-05-01',
      '2024-05-29',
      '2024-06-16',
      '2024-06-17',
      '2024-08-09',
      '2024-09-24',
      '2024-12-16',
      '2024-12-25',
      '2024-12-26',
    ]);
    expect(holidays.map((holiday) => holiday.name)).not.toContain("Father's Day");
  });

  it('hands out copies, so that a caller cannot change the calendar', () => {
    const first = publicHolidaysIn(2026);
    first[0]!.date = '2026-01-05';
    first.pop();
    expect(publicHolidaysIn(2026)[0]).toEqual({ date: '2026-01-01', name: "New Year's Day" });
    expect(calendar.isWorkingDay('2026-01-05')).toBe(true);
  });
});

describe('addWorkingDays', () => {
  test.each([
    // The case: escalated on Thursday 2 April 2026; Good Friday and Family Day do not count.
    ['across Easter 2026', '2026-04-02', 10, '2026-04-20'],
    ['across Freedom Day and Workers’ Day 2026', '2026-04-20', 10, '2026-05-06'],
    ['over Freedom Day on a Wednesday', '2016-04-26', 1, '2016-04-28'],
    ['over Workers’ Day 2016, a Sunday observed on the Monday', '2016-04-29', 1, '2016-05-03'],
    ['over Youth Day 2024, a Sunday observed on the Monday', '2024-06-14', 1, '2024-06-18'],
    ['over a weekend', '2026-04-17', 1, '2026-04-20'],
    ['from a Saturday', '2026-04-04', 1, '2026-04-07'],
    ['from a Sunday', '2026-04-12', 1, '2026-04-13'],
    ['from a holiday', '2026-04-03', 1, '2026-04-07'],
    ['over Christmas, the Day of Goodwill and New Year', '2025-12-24', 4, '2026-01-02'],
    ['over a Sunday New Year observed on the Monday', '2022-12-30', 1, '2023-01-03'],
    ['a plan’s 30 days from acceptance', '2026-04-20', 30, '2026-06-03'],
  ])('%s', (_case, from, days, expected) => {
    expect(addWorkingDays(calendar, from, days)).toBe(expected);
  });

  it('skips a declared election day', () => {
    expect(addWorkingDays(calendar, '2016-08-02', 1)).toBe('2016-08-03');
    expect(addWorkingDays(withElection, '2016-08-02', 1)).toBe('2016-08-04');
    // The election on Wednesday and Women's Day on Tuesday 9 August both fall in the next ten.
    expect(addWorkingDays(withElection, '2016-08-01', 10)).toBe('2016-08-17');
  });

  it('returns the day itself for 0 days, even a weekend day', () => {
    expect(addWorkingDays(calendar, '2026-04-02', 0)).toBe('2026-04-02');
    expect(addWorkingDays(calendar, '2026-04-04', 0)).toBe('2026-04-04');
  });

  it('refuses a negative or fractional number of days', () => {
    expect(() => addWorkingDays(calendar, '2026-04-02', -1)).toThrow(RangeError);
    expect(() => addWorkingDays(calendar, '2026-04-02', 1.5)).toThrow(RangeError);
  });

  it('lands where counting one day at a time lands, across years', () => {
    for (const [from, days] of [
      ['2016-05-01', 250],
      ['2019-12-31', 1],
      ['2020-12-24', 3],
      ['2021-03-19', 2],
      ['2016-01-01', 2_700],
    ] as const) {
      expect(addWorkingDays(withElection, from, days)).toBe(referenceAdd(withElection, from, days));
    }
  });
});

describe('workingDaysBetween', () => {
  it('counts the days after `from` up to and including `to`', () => {
    expect(workingDaysBetween(calendar, '2026-04-02', '2026-04-20')).toBe(10);
    expect(workingDaysBetween(calendar, '2026-04-02', '2026-04-17')).toBe(9);
    expect(workingDaysBetween(calendar, '2026-04-02', '2026-04-06')).toBe(0);
    expect(workingDaysBetween(calendar, '2016-04-29', '2016-05-03')).toBe(1);
  });

  it('is 0 for the same day and negative when `to` comes first', () => {
    expect(workingDaysBetween(calendar, '2026-04-20', '2026-04-20')).toBe(0);
    expect(workingDaysBetween(calendar, '2026-04-04', '2026-04-04')).toBe(0);
    expect(workingDaysBetween(calendar, '2026-04-20', '2026-04-02')).toBe(-10);
    expect(workingDaysBetween(calendar, '2026-01-02', '2025-12-24')).toBe(-4);
  });

  it('counts a declared holiday out', () => {
    expect(workingDaysBetween(calendar, '2016-08-01', '2016-08-05')).toBe(4);
    expect(workingDaysBetween(withElection, '2016-08-01', '2016-08-05')).toBe(3);
  });

  it('undoes addWorkingDays', () => {
    for (const days of [1, 10, 30, 250]) {
      expect(workingDaysBetween(calendar, '2026-04-02', addWorkingDays(calendar, '2026-04-02', days))).toBe(days);
    }
  });

  it('agrees with counting one day at a time over spans of years', () => {
    for (const [from, to] of [
      ['2016-08-01', '2026-06-30'],
      ['2016-01-01', '2026-01-01'],
      ['2019-12-31', '2020-01-01'],
      ['2020-02-28', '2021-03-01'],
      ['2015-12-31', '2016-12-31'],
    ] as const) {
      expect(workingDaysBetween(withElection, from, to)).toBe(referenceBetween(withElection, from, to));
    }
  });

  it('gives 2024 its 250 working days, counted by hand', () => {
    // 262 weekdays (a leap year from a Monday), less 12 holidays on weekdays: Freedom Day fell on a Saturday, and
    // Youth Day on a Sunday, observed on Monday 17 June.
    expect(workingDaysBetween(calendar, '2023-12-31', '2024-12-31')).toBe(250);
  });
});
