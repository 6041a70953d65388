import { addWorkingDays, workingDaysBetween, type WorkingCalendar } from './working-days.ts';
import { DEADLINE_KINDS, type DeadlineKind, type RunningDeadline } from './deadlines.ts';
import { FINISHED_STATES } from './workflow.ts';
import { CASE_STATUSES, type CaseStatus } from '../vocabulary.ts';

/**
 * The KSA 3 dashboard's figures, computed from plain rows: every definition is here, in one place, and
 * docs/CASES.md ("The KSA 3 dashboard") says the same in words. Dates are South African calendar dates
 * (YYYY-MM-DD); nothing here reads the clock, `today` comes in.
 */

/** The periods the dashboard filters by; South Africa's government financial year runs from 1 April. */
export const DASHBOARD_PERIODS = [
  'last_12_months',
  'last_3_months',
  'this_financial_year',
  'last_financial_year',
  'all_time',
] as const;
export type DashboardPeriodName = (typeof DASHBOARD_PERIODS)[number];

export const DASHBOARD_PERIOD_NAMES: Record<DashboardPeriodName, string> = {
  last_12_months: 'The last 12 months',
  last_3_months: 'The last 3 months',
  this_financial_year: 'This financial year',
  last_financial_year: 'Last financial year',
  all_time: 'All time',
};

/** The days a period covers, both included; `from` is null for all time. */
export interface DashboardPeriod {
  from: string | null;
  to: string;
}

const monthOf = (date: string) => date.slice(0, 7);
const two = (value: number) => String(value).padStart(2, '0');

/** The first day of the month `months` months before `date`'s month. */
function monthStartBefore(date: string, months: number): string {
  const index = Number(date.slice(0, 4)) * 12 + Number(date.slice(5, 7)) - 1 - months;
  return `${Math.floor(index / 12)}-${two((index % 12) + 1)}-01`;
}

/**
 * The days a named period covers on `today`: "the last 12 months" are this month and the 11 before it, whole
 * months, so that each month's bar counts a whole month; a financial year runs from 1 April to 31 March.
 */
export function periodOf(name: DashboardPeriodName, today: string): DashboardPeriod {
  const year = Number(today.slice(0, 4));
  const financialYearStart = today.slice(5) >= '04-01' ? year : year - 1;
  switch (name) {
    case 'last_12_months':
      return { from: monthStartBefore(today, 11), to: today };
    case 'last_3_months':
      return { from: monthStartBefore(today, 2), to: today };
    case 'this_financial_year':
      return { from: `${financialYearStart}-04-01`, to: today };
    case 'last_financial_year':
      return { from: `${financialYearStart - 1}-04-01`, to: `${financialYearStart}-03-31` };
    case 'all_time':
      return { from: null, to: today };
  }
}

const isInPeriod = (date: string, period: DashboardPeriod) =>
  (period.from === null || date >= period.from) && date <= period.to;

/** A case event as the dashboard reads it: a workflow move's name, its day, and the department of who made it. */
export interface DashboardEvent {
  kind: string;
  on: string;
  /** The acting official's department; null for DPME's moves and for the system. */
  departmentId: string | null;
}

export interface DashboardCase {
  id: string;
  reference: string;
  title: string;
  status: CaseStatus;
  owningDepartmentId: string;
  /** The day the case was first escalated; for a draft, the day it was saved. */
  escalatedOn: string;
  /** In the order they happened. */
  events: readonly DashboardEvent[];
}

/** A deadline of a case, running or ended, as the clock (deadlines.ts) keeps it. */
export interface DashboardDeadline extends RunningDeadline {
  caseId: string;
  departmentId: string;
  endedOn: string | null;
  /** met | missed | cancelled, once ended. */
  outcome: string | null;
}

/** Median and 90th percentile of a set of durations in working days; null when nothing was measured. */
export interface DurationFigures {
  count: number;
  median: number | null;
  percentile90: number | null;
}

/**
 * The median (the middle value; the mean of the two middle values of an even count) and the 90th
 * percentile by the nearest-rank method: the smallest value that at least 90% of the values do not exceed,
 * the ⌈0.9·n⌉-th smallest.
 */
export function durationFiguresOf(values: readonly number[]): DurationFigures {
  const sorted = [...values].sort((a, b) => a - b);
  const count = sorted.length;
  if (count === 0) return { count, median: null, percentile90: null };
  const middle = Math.floor(count / 2);
  const median = count % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
  return { count, median, percentile90: sorted[Math.ceil(0.9 * count) - 1]! };
}

/** One measured answer: how many working days a department took, less the days the clock was paused. */
export interface Measurement {
  caseId: string;
  departmentId: string;
  /** The day of the answer (the acknowledgement, or the acceptance or refusal). */
  on: string;
  workingDays: number;
}

/** The moves that hand a case to a department and start its wait for an acknowledgement. */
const HANDS_OVER = new Set(['escalate', 'escalate_again', 'transfer']);
const DECIDES = new Set(['accept', 'decline']);

/**
 * Times to acknowledge and to decide, from a case's events. Each escalation, escalation again or transfer
 * starts a wait at a department; the acknowledgement that follows ends the wait for it, and the acceptance
 * or refusal the wait for a decision, both counted from that start. A question to DPME pauses the count
 * until DPME answers: the working days from the question to the answer are left out, as the deadline
 * clock leaves them out.
 */
export function answerTimesOf(
  systemicCase: Pick<DashboardCase, 'id' | 'owningDepartmentId' | 'events'>,
  calendar: WorkingCalendar,
): { acknowledge: Measurement[]; decide: Measurement[] } {
  const acknowledge: Measurement[] = [];
  const decide: Measurement[] = [];
  let wait: { from: string; pausedDays: number; pausedSince: string | null; isAcknowledged: boolean } | null = null;
  const measure = (event: DashboardEvent, from: string, pausedDays: number): Measurement => ({
    caseId: systemicCase.id,
    departmentId: event.departmentId ?? systemicCase.owningDepartmentId,
    on: event.on,
    workingDays: workingDaysBetween(calendar, from, event.on) - pausedDays,
  });
  for (const event of systemicCase.events) {
    if (HANDS_OVER.has(event.kind)) {
      wait = { from: event.on, pausedDays: 0, pausedSince: null, isAcknowledged: false };
    } else if (!wait) {
      continue;
    } else if (event.kind === 'request_information') {
      wait.pausedSince ??= event.on;
    } else if (event.kind === 'answer_information' && wait.pausedSince) {
      wait.pausedDays += Math.max(0, workingDaysBetween(calendar, wait.pausedSince, event.on));
      wait.pausedSince = null;
    } else if (event.kind === 'acknowledge' && !wait.isAcknowledged) {
      acknowledge.push(measure(event, wait.from, wait.pausedDays));
      wait.isAcknowledged = true;
    } else if (DECIDES.has(event.kind)) {
      decide.push(measure(event, wait.from, wait.pausedDays));
      wait = null;
    } else if (event.kind === 'withdraw') {
      wait = null;
    }
  }
  return { acknowledge, decide };
}

/** Deadlines of one kind (or all) that ended in the period, by how they ended. */
export interface DeadlineRecord {
  kind: DeadlineKind | 'all';
  /** Met or missed; a cancelled deadline (the case was withdrawn) does not count. */
  ended: number;
  /** Met by the due date it had without any extension (pauses do move it). */
  metOnTime: number;
  /** Met, but after that date: met only thanks to an extension. */
  metAfterExtension: number;
  missed: number;
  /** (metOnTime + metAfterExtension) / ended; null when none ended. */
  shareMet: number | null;
  /** metOnTime / ended: the share met without an extension. */
  shareMetOnTime: number | null;
}

/** The due date a deadline would have had without its extensions: the first due date, moved by its pauses. */
export function dueWithoutExtensions(
  deadline: Pick<DashboardDeadline, 'originalDueOn' | 'pausedWorkingDays'>,
  calendar: WorkingCalendar,
): string {
  return addWorkingDays(calendar, deadline.originalDueOn, deadline.pausedWorkingDays);
}

export function deadlineRecordOf(
  kind: DeadlineRecord['kind'],
  deadlines: readonly DashboardDeadline[],
  calendar: WorkingCalendar,
): DeadlineRecord {
  let metOnTime = 0;
  let metAfterExtension = 0;
  let missed = 0;
  for (const deadline of deadlines) {
    if (deadline.endedOn === null) continue;
    if (deadline.outcome === 'missed') missed += 1;
    if (deadline.outcome !== 'met') continue;
    if (deadline.extensions > 0 && deadline.endedOn > dueWithoutExtensions(deadline, calendar)) {
      metAfterExtension += 1;
    } else {
      metOnTime += 1;
    }
  }
  const ended = metOnTime + metAfterExtension + missed;
  const share = (count: number) => (ended === 0 ? null : count / ended);
  return {
    kind,
    ended,
    metOnTime,
    metAfterExtension,
    missed,
    shareMet: share(metOnTime + metAfterExtension),
    shareMetOnTime: share(metOnTime),
  };
}

/** A running deadline past its due date today (a paused one is not overdue: DPME has the next step). */
export interface OverdueCase {
  caseId: string;
  reference: string;
  title: string;
  departmentId: string;
  kind: DeadlineKind;
  dueOn: string;
  /** Working days since the due date, at least 1 (as standingOf counts them). */
  workingDaysOverdue: number;
}

export interface MonthCounts {
  /** YYYY-MM. */
  month: string;
  resolved: number;
  verified: number;
  closedNotFixed: number;
}

export interface DepartmentCounts {
  departmentId: string;
  /** Not in a finished state (drafts count as open). */
  open: number;
  finished: number;
  overdue: number;
}

export interface DashboardFigures {
  period: DashboardPeriod;
  /** Cases escalated in the period (drafts: saved in it), by their state today, in workflow order; states with no case left out. */
  byState: { state: CaseStatus; count: number }[];
  /** The same cases by the department that owns them today, most cases first. */
  byDepartment: DepartmentCounts[];
  caseCount: number;
  timeToAcknowledge: DurationFigures;
  timeToDecide: DurationFigures;
  /** One record per deadline kind, then all together. */
  deadlines: DeadlineRecord[];
  /** Today, whatever the period: most overdue first. */
  overdue: OverdueCase[];
  /** Each month of the period (from the first event's month for all time), oldest first. */
  monthly: MonthCounts[];
}

export interface DashboardInput {
  cases: readonly DashboardCase[];
  /** The cases' deadlines. */
  deadlines: readonly DashboardDeadline[];
  period: DashboardPeriod;
  today: string;
  calendar: WorkingCalendar;
  /**
   * One department's figures: only its answers and its deadlines count (a case transferred to it keeps the
   * first department's acknowledgement out). Null for every department's.
   */
  departmentId: string | null;
}

const MONTHLY_KINDS = { resolve: 'resolved', verify: 'verified', close_not_fixed: 'closedNotFixed' } as const;

export function dashboardFiguresOf(input: DashboardInput): DashboardFigures {
  const { period, today, calendar, departmentId } = input;
  const ofDepartment = <Row extends { departmentId: string }>(rows: Row[]) =>
    departmentId === null ? rows : rows.filter((row) => row.departmentId === departmentId);

  const opened = input.cases.filter((systemicCase) => isInPeriod(systemicCase.escalatedOn, period));
  const overdue = overdueCases(input.cases, input.deadlines, today, calendar);

  const answers = input.cases.map((systemicCase) => answerTimesOf(systemicCase, calendar));
  const inPeriod = (rows: Measurement[]) => ofDepartment(rows).filter((row) => isInPeriod(row.on, period));
  const timeToAcknowledge = durationFiguresOf(
    inPeriod(answers.flatMap((answer) => answer.acknowledge)).map((row) => row.workingDays),
  );
  const timeToDecide = durationFiguresOf(
    inPeriod(answers.flatMap((answer) => answer.decide)).map((row) => row.workingDays),
  );

  const endedDeadlines = ofDepartment(
    input.deadlines.filter((deadline) => deadline.endedOn !== null && isInPeriod(deadline.endedOn, period)),
  );
  const deadlines = [
    ...DEADLINE_KINDS.map((kind) =>
      deadlineRecordOf(
        kind,
        endedDeadlines.filter((deadline) => deadline.kind === kind),
        calendar,
      ),
    ),
    deadlineRecordOf('all', endedDeadlines, calendar),
  ];

  return {
    period,
    byState: CASE_STATUSES.map((state) => ({
      state,
      count: opened.filter((systemicCase) => systemicCase.status === state).length,
    })).filter((row) => row.count > 0),
    byDepartment: departmentCountsOf(opened, overdue),
    caseCount: opened.length,
    timeToAcknowledge,
    timeToDecide,
    deadlines,
    overdue,
    monthly: monthlyCountsOf(input.cases, period),
  };
}

/** Whether a deadline runs past its due date today; a paused one is not overdue: DPME has the next step. */
export function isOverdueOn(
  deadline: Pick<DashboardDeadline, 'endedOn' | 'pausedOn' | 'dueOn'>,
  today: string,
): boolean {
  return deadline.endedOn === null && deadline.pausedOn === null && deadline.dueOn < today;
}

function overdueCases(
  cases: readonly DashboardCase[],
  deadlines: readonly DashboardDeadline[],
  today: string,
  calendar: WorkingCalendar,
): OverdueCase[] {
  const casesById = new Map(cases.map((systemicCase) => [systemicCase.id, systemicCase]));
  const overdue: OverdueCase[] = [];
  for (const deadline of deadlines) {
    const systemicCase = casesById.get(deadline.caseId);
    if (!systemicCase || !isOverdueOn(deadline, today)) continue;
    overdue.push({
      caseId: systemicCase.id,
      reference: systemicCase.reference,
      title: systemicCase.title,
      departmentId: deadline.departmentId,
      kind: deadline.kind,
      dueOn: deadline.dueOn,
      workingDaysOverdue: Math.max(1, workingDaysBetween(calendar, deadline.dueOn, today)),
    });
  }
  return overdue.sort(
    (a, b) =>
      b.workingDaysOverdue - a.workingDaysOverdue ||
      a.dueOn.localeCompare(b.dueOn) ||
      a.reference.localeCompare(b.reference),
  );
}

function departmentCountsOf(opened: readonly DashboardCase[], overdue: readonly OverdueCase[]): DepartmentCounts[] {
  const overdueIds = new Set(overdue.map((row) => row.caseId));
  const byDepartment = new Map<string, DepartmentCounts>();
  for (const systemicCase of opened) {
    const counts = byDepartment.get(systemicCase.owningDepartmentId) ?? {
      departmentId: systemicCase.owningDepartmentId,
      open: 0,
      finished: 0,
      overdue: 0,
    };
    if (FINISHED_STATES.includes(systemicCase.status)) counts.finished += 1;
    else counts.open += 1;
    if (overdueIds.has(systemicCase.id)) counts.overdue += 1;
    byDepartment.set(systemicCase.owningDepartmentId, counts);
  }
  return [...byDepartment.values()].sort(
    (a, b) => b.open + b.finished - (a.open + a.finished) || a.departmentId.localeCompare(b.departmentId),
  );
}

function monthlyCountsOf(cases: readonly DashboardCase[], period: DashboardPeriod): MonthCounts[] {
  const counted = new Map<string, MonthCounts>();
  const monthRow = (month: string) => {
    let row = counted.get(month);
    if (!row) {
      row = { month, resolved: 0, verified: 0, closedNotFixed: 0 };
      counted.set(month, row);
    }
    return row;
  };
  for (const systemicCase of cases) {
    for (const event of systemicCase.events) {
      const field = MONTHLY_KINDS[event.kind as keyof typeof MONTHLY_KINDS];
      if (field && isInPeriod(event.on, period)) monthRow(monthOf(event.on))[field] += 1;
    }
  }
  const first = period.from ? monthOf(period.from) : [...counted.keys()].sort()[0];
  if (first === undefined) return [];
  const months: MonthCounts[] = [];
  for (let month = first; month <= monthOf(period.to); month = monthOf(monthStartBefore(`${month}-01`, -1))) {
    months.push(counted.get(month) ?? { month, resolved: 0, verified: 0, closedNotFixed: 0 });
  }
  return months;
}
