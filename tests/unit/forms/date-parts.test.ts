import { describe, expect, it } from 'vitest';
import {
  joinDateParts,
  readTypedDate,
  splitDate,
  typedDateOf,
  typedDateSchema,
} from '../../../src/lib/forms/date-parts.ts';

const RAISED = 'the date the issue was raised';
const reading = (day: string, month: string, year: string) =>
  readTypedDate(joinDateParts({ day, month, year }), RAISED);

describe('a date typed in three boxes, as GOV.UK asks for it', () => {
  it('reads 14 3 2026 as 2026-03-14, and an ISO date as it is', () => {
    expect(reading('14', '3', '2026')).toEqual({ isoDate: '2026-03-14' });
    expect(reading(' 01 ', '03', '2026')).toEqual({ isoDate: '2026-03-01' });
    expect(readTypedDate('2026-03-14', RAISED)).toEqual({ isoDate: '2026-03-14' });
  });

  it('asks for the date when all three boxes are empty', () => {
    expect(reading('', '', '')).toEqual({ problem: 'Enter the date the issue was raised, for example 14 3 2026' });
  });

  it('names the missing parts', () => {
    expect(reading('14', '', '2026')).toEqual({ problem: 'The date the issue was raised must include a month' });
    expect(reading('', '', '2026')).toEqual({ problem: 'The date the issue was raised must include a day and month' });
    expect(reading('14', '3', '')).toEqual({ problem: 'The date the issue was raised must include a year' });
  });

  it('refuses a day that does not exist and words that are not numbers', () => {
    expect(reading('31', '2', '2026')).toEqual({ problem: 'The date the issue was raised must be a real date' });
    expect(reading('29', '2', '2025')).toEqual({ problem: 'The date the issue was raised must be a real date' });
    expect(reading('14', 'March', '2026')).toEqual({ problem: 'The date the issue was raised must be a real date' });
    expect(reading('14', '13', '2026')).toEqual({ problem: 'The date the issue was raised must be a real date' });
    expect(reading('29', '2', '2028')).toEqual({ isoDate: '2028-02-29' });
  });

  it('asks for a year of four numbers', () => {
    expect(reading('14', '3', '26')).toEqual({
      problem: 'The year of the date the issue was raised must have 4 numbers, for example 2026',
    });
  });

  it('gives the boxes back as typed, and a stored date without leading zeros', () => {
    expect(splitDate(joinDateParts({ day: '31', month: '', year: '2026' }))).toEqual({
      day: '31',
      month: '',
      year: '2026',
    });
    expect(splitDate('2026-03-04')).toEqual({ day: '4', month: '3', year: '2026' });
    expect(splitDate(null)).toEqual({ day: '', month: '', year: '' });
  });

  it('reads a posted form: the three boxes, or an ISO date a client posted in the field itself', () => {
    const boxes = new FormData();
    boxes.set('raisedOn-day', '14');
    boxes.set('raisedOn-month', '3');
    boxes.set('raisedOn-year', '2026');
    expect(typedDateOf(boxes, 'raisedOn')).toBe('2026-3-14');
    const plain = new FormData();
    plain.set('raisedOn', ' 2026-03-14 ');
    expect(typedDateOf(plain, 'raisedOn')).toBe('2026-03-14');
    expect(typedDateOf(new FormData(), 'raisedOn')).toBe('');
  });

  it('as a schema field: the ISO date, or the problem as the message', () => {
    const schema = typedDateSchema(RAISED);
    expect(schema.parse('2026-3-14')).toBe('2026-03-14');
    expect(schema.safeParse('2026-2-31').error?.issues.map((issue) => issue.message)).toEqual([
      'The date the issue was raised must be a real date',
    ]);
    expect(schema.safeParse(undefined).error?.issues.map((issue) => issue.message)).toEqual([
      'Enter the date the issue was raised, for example 14 3 2026',
    ]);
  });
});
