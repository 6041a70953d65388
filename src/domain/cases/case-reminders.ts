import { standingOf, type RunningDeadline } from './deadlines.ts';
import type { WorkingCalendar } from './working-days.ts';

/** The daily notices (deadline reminders and digests) go out from this hour, South African time (UTC+2). */
export const DAILY_NOTICES_HOUR = 7;
/** A running deadline's department is reminded this many working days before its due date. */
export const REMINDER_WORKING_DAYS = 2;

/** The South African day whose daily notices are due at `now`: null before 07:00 there. */
export function dailyNoticesDay(now: Date): string | null {
  const inSouthAfrica = new Date(now.getTime() + 2 * 3_600_000);
  return inSouthAfrica.getUTCHours() >= DAILY_NOTICES_HOUR ? inSouthAfrica.toISOString().slice(0, 10) : null;
}

/**
 * What a running deadline's department is to be told today: a reminder from two working days before the due
 * date (later if the job did not run then), or that it was missed once the due date has passed; nothing
 * while it is paused or further away.
 */
export function deadlineNoticeDue(
  deadline: Pick<RunningDeadline, 'dueOn' | 'pausedOn' | 'extensions'>,
  today: string,
  calendar: WorkingCalendar,
): 'deadline_soon' | 'deadline_missed' | null {
  const standing = standingOf(deadline, today, calendar);
  if (standing.kind === 'overdue') return 'deadline_missed';
  if (standing.kind === 'due' && standing.workingDays <= REMINDER_WORKING_DAYS) return 'deadline_soon';
  return null;
}
