import { describe, expect, it } from 'vitest';
import { dailyNoticesDay, deadlineNoticeDue } from '../../../src/domain/cases/case-reminders.ts';
import { southAfricanCalendar } from '../../../src/domain/cases/working-days.ts';

const calendar = southAfricanCalendar();

describe('the daily notices', () => {
  it('are due from 07:00 South African time (05:00 UTC), for that South African day', () => {
    expect(dailyNoticesDay(new Date('2026-04-16T04:59:59Z'))).toBeNull();
    expect(dailyNoticesDay(new Date('2026-04-16T05:00:00Z'))).toBe('2026-04-16');
    // 23:30 UTC is 01:30 of the next day in South Africa: that day's notices are not due yet.
    expect(dailyNoticesDay(new Date('2026-04-16T23:30:00Z'))).toBeNull();
    expect(dailyNoticesDay(new Date('2026-04-16T21:59:00Z'))).toBe('2026-04-16');
  });

  it('remind two working days before the due date, counting across Easter, and say when it is missed', () => {
    // Due Monday 20 April 2026: two working days before is Thursday 16 April (Friday 17 is a working day).
    const deadline = { dueOn: '2026-04-20', pausedOn: null, extensions: 0 };
    expect(deadlineNoticeDue(deadline, '2026-04-15', calendar)).toBeNull();
    expect(deadlineNoticeDue(deadline, '2026-04-16', calendar)).toBe('deadline_soon');
    expect(deadlineNoticeDue(deadline, '2026-04-20', calendar)).toBe('deadline_soon');
    expect(deadlineNoticeDue(deadline, '2026-04-21', calendar)).toBe('deadline_missed');
    // Due Tuesday 7 April: Good Friday and Family Day do not count, so the reminder comes on Wednesday 1 April.
    const overEaster = { dueOn: '2026-04-07', pausedOn: null, extensions: 0 };
    expect(deadlineNoticeDue(overEaster, '2026-03-31', calendar)).toBeNull();
    expect(deadlineNoticeDue(overEaster, '2026-04-01', calendar)).toBe('deadline_soon');
  });

  it('say nothing of a paused deadline', () => {
    expect(
      deadlineNoticeDue({ dueOn: '2026-04-20', pausedOn: '2026-04-10', extensions: 0 }, '2026-04-22', calendar),
    ).toBeNull();
  });
});
