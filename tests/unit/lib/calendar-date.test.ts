import { describe, expect, it } from 'vitest';
import { addDays, fromCalendarDate, toCalendarDate } from '../../../src/lib/calendar-date.ts';

describe('calendar dates', () => {
  it('round-trips a South African calendar date through UTC midnight', () => {
    expect(fromCalendarDate('2015-09-30').toISOString()).toBe('2015-09-30T00:00:00.000Z');
    expect(toCalendarDate(fromCalendarDate('2016-02-29'))).toBe('2016-02-29');
  });

  it('refuses dates that do not exist', () => {
    expect(() => fromCalendarDate('2015-02-29')).toThrow(/Not a calendar date/);
    expect(() => fromCalendarDate('30/09/2015')).toThrow(/Not a YYYY-MM-DD date/);
  });

  it('adds whole days', () => {
    expect(toCalendarDate(addDays(fromCalendarDate('2016-12-25'), 14))).toBe('2017-01-08');
  });
});
