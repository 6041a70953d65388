import type { Db } from '../../../db/client.ts';
import { dailyNoticesDay, deadlineNoticeDue } from '../../../domain/cases/case-reminders.ts';
import { DEADLINE_NAMES, type DeadlineKind } from '../../../domain/cases/deadlines.ts';
import { WAITING_FOR_DEPARTMENT, WAITING_FOR_DPME } from '../../../domain/cases/workflow.ts';
import { formatDay } from '../../../domain/text/calendar-date.ts';
import { CASE_STATUS_NAMES } from '../../../domain/vocabulary.ts';
import { addDays, fromCalendarDate, toCalendarDate } from '../../../lib/calendar-date.ts';
import { deadlineMissedNotice, deadlineSoonNotice, digestNotice, type Notice } from '../../mail/case-mails.ts';
import { runOncePerPeriod } from '../jobs/periodic-jobs.ts';
import { activeAnalysts, activeOfficialsOf, notifyOnce, type Recipient } from './case-notifications.ts';
import { workingCalendarOf } from './deadline-settings-service.ts';

export const DAILY_CASE_NOTICES_JOB = 'daily-case-notices';
/** Longer than a day's run takes; a worker that dies mid-run leaves the rest to another after this. */
const LEASE_MS = 15 * 60_000;
/** A digest lists this many lines at most, then says how many more the page has. */
const DIGEST_LINES = 40;

export interface DailyNoticesReport {
  ran: boolean;
  /** Notices written (one per recipient). */
  written: number;
}

/**
 * The worker's daily round, from 07:00 South African time, once per day across all workers: deadline
 * reminders and missed-deadline notices to the departments, then the digests. Each notice is written with
 * its mail in one transaction and a once-key, so that a round run again after a crash writes none twice.
 */
export async function runDailyCaseNotices(
  db: Db,
  { publicUrl, now = new Date() }: { publicUrl: string; now?: Date },
): Promise<DailyNoticesReport> {
  const day = dailyNoticesDay(now);
  if (!day) return { ran: false, written: 0 };
  const outcome = await runOncePerPeriod(
    db,
    { job: DAILY_CASE_NOTICES_JOB, period: day, now, leaseMs: LEASE_MS },
    async () => {
      const options = { publicUrl, now };
      return (
        (await sendDeadlineNotices(db, day, options)) +
        (await sendDepartmentDigests(db, day, options)) +
        (await sendAnalystDigests(db, day, options))
      );
    },
  );
  return outcome.ran ? { ran: true, written: outcome.result } : { ran: false, written: 0 };
}

type Options = { publicUrl: string; now: Date };

/** Reminders two working days before a running deadline's due date, and a notice once it is missed. */
async function sendDeadlineNotices(db: Db, day: string, options: Options): Promise<number> {
  const calendar = await workingCalendarOf(db);
  // Two working days are at most a week of calendar days, even across Easter.
  const running = await db.caseDeadline.findMany({
    where: {
      endedOn: null,
      pausedOn: null,
      dueOn: { lte: fromCalendarDate(toCalendarDate(addDays(fromCalendarDate(day), 10))) },
    },
    include: { case: { select: { id: true, reference: true, title: true } } },
    orderBy: { dueOn: 'asc' },
  });
  let written = 0;
  for (const deadline of running) {
    const dueOn = toCalendarDate(deadline.dueOn);
    const due = deadlineNoticeDue({ dueOn, pausedOn: null, extensions: deadline.extensions }, day, calendar);
    if (!due) continue;
    const details = { name: DEADLINE_NAMES[deadline.kind as DeadlineKind], dueOn };
    const notice =
      due === 'deadline_soon'
        ? deadlineSoonNotice(deadline.case, details)
        : deadlineMissedNotice(deadline.case, details);
    written += await notifyOnce(db, await activeOfficialsOf(db, deadline.departmentId), notice, {
      ...options,
      onceKey: `${due}:${deadline.id}:${dueOn}`,
    });
  }
  return written;
}

/** Each department's overdue cases and overdue response actions, to its officials who want the digest. */
async function sendDepartmentDigests(db: Db, day: string, options: Options): Promise<number> {
  const readers = await db.user.findMany({
    where: { role: 'official', deactivatedAt: null, wantsDigest: true, departmentId: { not: null } },
    select: { id: true, name: true, email: true, isDemo: true, departmentId: true },
    orderBy: { id: 'asc' },
  });
  const byDepartment = Map.groupBy(readers, (reader) => reader.departmentId!);
  const today = fromCalendarDate(day);
  let written = 0;
  for (const [departmentId, officials] of byDepartment) {
    const [cases, actions] = await Promise.all([
      db.systemicCase.findMany({
        where: { owningDepartmentId: departmentId, nextDueOn: { lt: today } },
        select: { reference: true, title: true, nextDueOn: true },
        orderBy: [{ nextDueOn: 'asc' }, { reference: 'asc' }],
      }),
      db.responseAction.findMany({
        where: {
          case: { owningDepartmentId: departmentId, status: { in: [...WAITING_FOR_DEPARTMENT] } },
          status: { in: ['planned', 'in_progress'] },
          dueOn: { lt: today },
        },
        select: { action: true, responsible: true, dueOn: true, case: { select: { reference: true } } },
        orderBy: [{ dueOn: 'asc' }, { id: 'asc' }],
      }),
    ]);
    const lines = [
      ...cases.map(
        (row) => `${row.reference}, "${row.title}": was due on ${formatDay(toCalendarDate(row.nextDueOn!))}`,
      ),
      ...actions.map(
        (row) =>
          `${row.case.reference}, response action "${row.action}" (${row.responsible}): was due on ${formatDay(toCalendarDate(row.dueOn))}`,
      ),
    ];
    written += await sendDigest(db, officials, 'department', day, lines, '/inbox?view=overdue', options);
  }
  return written;
}

/** The cases waiting for DPME, to the analysts who want the digest. */
async function sendAnalystDigests(db: Db, day: string, options: Options): Promise<number> {
  const analysts = await activeAnalysts(db, { wantingDigest: true });
  if (analysts.length === 0) return 0;
  const waiting = await db.systemicCase.findMany({
    where: { status: { in: [...WAITING_FOR_DPME] } },
    select: { reference: true, title: true, status: true, owningDepartment: { select: { name: true } } },
    orderBy: [{ updatedAt: 'asc' }, { reference: 'asc' }],
  });
  const lines = waiting.map(
    (row) => `${row.reference}, "${row.title}": ${CASE_STATUS_NAMES[row.status]} (${row.owningDepartment.name})`,
  );
  return sendDigest(db, analysts, 'analyst', day, lines, '/cases?view=awaiting_dpme', options);
}

/** One digest a day per reader, only when it has something to say. */
async function sendDigest(
  db: Db,
  readers: readonly Recipient[],
  whose: 'department' | 'analyst',
  day: string,
  lines: readonly string[],
  path: string,
  options: Options,
): Promise<number> {
  if (lines.length === 0) return 0;
  const shown =
    lines.length > DIGEST_LINES
      ? [...lines.slice(0, DIGEST_LINES), `and ${lines.length - DIGEST_LINES} more on the page`]
      : lines;
  const notice: Notice = digestNotice(whose, day, shown, path);
  return notifyOnce(db, readers, notice, { ...options, onceKey: `digest:${day}` });
}
