import {
  answerTimesOf,
  deadlineRecordOf,
  durationFiguresOf,
  isOverdueOn,
  type DashboardCase,
  type DashboardDeadline,
  type Measurement,
} from './dashboard-figures.ts';
import type { DeadlineKind } from './deadlines.ts';
import { FINISHED_STATES } from './workflow.ts';
import type { WorkingCalendar } from './working-days.ts';
import type { CaseStatus } from '../vocabulary.ts';

/**
 * How each department answers the systemic cases escalated to it, for the public pages /departments and
 * /departments/<code>: counts over every escalated case, public or internal, and no case's text. A share or a
 * median is shown only when enough cases stand behind it (an administrator's setting, 10 by default), so that
 * one quick answer cannot top the comparison. The answers, deadlines and medians are the KSA 3 dashboard's
 * (dashboard-figures.ts), counted the same way; docs/PUBLIC.md says it in words.
 */

/** A median number of working days, withheld (null) while fewer answers than the minimum stand behind it. */
export interface MedianFigure {
  /** The answers measured: one per hand-over of a case that the department answered. */
  cases: number;
  median: number | null;
}

/** How one kind of deadline ended, as shares of those that ended; withheld (null) below the minimum. */
export interface OnTimeFigure {
  /** The deadlines of this kind that ended met or missed (not those cancelled by a withdrawal). */
  cases: number;
  shares: { metOnTime: number; metAfterExtension: number; missed: number } | null;
}

export interface DepartmentResponsiveness {
  departmentId: string;
  /** Cases escalated, escalated again or transferred to the department, each counted once. */
  received: number;
  acknowledged: OnTimeFigure;
  decided: OnTimeFigure;
  daysToAcknowledge: MedianFigure;
  daysToDecide: MedianFigure;
  /** Cases the department owns today that are not finished (verified, closed, closed as not fixed, withdrawn). */
  open: number;
  /** Cases whose running deadline at the department is past its due date today (a paused one is not). */
  overdue: number;
  /** Cases the department owns that monitors found improved and DPME verified (closed since, too). */
  verified: number;
}

/** An escalated case as the figures read it: drafts are no department's. */
export type ResponsivenessCase = Pick<DashboardCase, 'id' | 'status' | 'owningDepartmentId' | 'events'>;

export interface ResponsivenessInput {
  /** The departments to give figures for, in the order wanted; one with no case gets zeros. */
  departmentIds: readonly string[];
  cases: readonly ResponsivenessCase[];
  /** The cases' deadlines. */
  deadlines: readonly DashboardDeadline[];
  today: string;
  calendar: WorkingCalendar;
  /** The cases a share or a median needs behind it before it is shown. */
  minimumCases: number;
}

/** States a case reaches once monitors found it improved and DPME verified it; closing follows verifying only. */
const VERIFIED: readonly CaseStatus[] = ['verified', 'closed'];

/** Rows grouped by their department, in one pass: 2,000 cases and 40 departments need no scan per department. */
function byDepartment<Row>(rows: readonly Row[], departmentOf: (row: Row) => string): Map<string, Row[]> {
  const grouped = new Map<string, Row[]>();
  for (const row of rows) {
    const id = departmentOf(row);
    const list = grouped.get(id);
    if (list) list.push(row);
    else grouped.set(id, [row]);
  }
  return grouped;
}

export function responsivenessOf(input: ResponsivenessInput): DepartmentResponsiveness[] {
  const { calendar, today, minimumCases } = input;
  const answers = input.cases.map((systemicCase) => answerTimesOf(systemicCase, calendar));
  const acknowledgements = byDepartment(
    answers.flatMap((answer) => answer.acknowledge),
    (row) => row.departmentId,
  );
  const decisions = byDepartment(
    answers.flatMap((answer) => answer.decide),
    (row) => row.departmentId,
  );
  const deadlines = byDepartment(input.deadlines, (deadline) => deadline.departmentId);
  const owned = byDepartment(input.cases, (systemicCase) => systemicCase.owningDepartmentId);

  const median = (measured: readonly Measurement[] = []): MedianFigure => {
    const figures = durationFiguresOf(measured.map((row) => row.workingDays));
    return { cases: figures.count, median: figures.count >= minimumCases ? figures.median : null };
  };
  const onTime = (kind: DeadlineKind, ofDepartment: readonly DashboardDeadline[]): OnTimeFigure => {
    const record = deadlineRecordOf(
      kind,
      ofDepartment.filter((deadline) => deadline.kind === kind),
      calendar,
    );
    const { ended } = record;
    return {
      cases: ended,
      shares:
        ended >= minimumCases && ended > 0
          ? {
              metOnTime: record.metOnTime / ended,
              metAfterExtension: record.metAfterExtension / ended,
              missed: record.missed / ended,
            }
          : null,
    };
  };

  return input.departmentIds.map((departmentId) => {
    const ownDeadlines = deadlines.get(departmentId) ?? [];
    const ownCases = owned.get(departmentId) ?? [];
    // Every hand-over starts an acknowledgement deadline at the department that receives the case.
    const received = new Set([
      ...ownDeadlines.filter((deadline) => deadline.kind === 'acknowledge').map((deadline) => deadline.caseId),
      ...ownCases.map((systemicCase) => systemicCase.id),
    ]);
    return {
      departmentId,
      received: received.size,
      acknowledged: onTime('acknowledge', ownDeadlines),
      decided: onTime('decide', ownDeadlines),
      daysToAcknowledge: median(acknowledgements.get(departmentId)),
      daysToDecide: median(decisions.get(departmentId)),
      open: ownCases.filter((systemicCase) => !FINISHED_STATES.includes(systemicCase.status)).length,
      overdue: new Set(
        ownDeadlines.filter((deadline) => isOverdueOn(deadline, today)).map((deadline) => deadline.caseId),
      ).size,
      verified: ownCases.filter((systemicCase) => VERIFIED.includes(systemicCase.status)).length,
    };
  });
}

/** The comparison's columns that sort, as its address names them (?sort=…&direction=…). */
export const RESPONSIVENESS_SORTS = [
  'name',
  'received',
  'acknowledged_on_time',
  'decided_on_time',
  'days_to_acknowledge',
  'days_to_decide',
  'open',
  'overdue',
  'verified',
] as const;
export type ResponsivenessSort = (typeof RESPONSIVENESS_SORTS)[number];

type Named = DepartmentResponsiveness & { name: string };

/** The value a column sorts by; null where the figure is withheld. */
const SORT_VALUE: Record<ResponsivenessSort, (row: Named) => number | string | null> = {
  name: (row) => row.name,
  received: (row) => row.received,
  acknowledged_on_time: (row) => row.acknowledged.shares?.metOnTime ?? null,
  decided_on_time: (row) => row.decided.shares?.metOnTime ?? null,
  days_to_acknowledge: (row) => row.daysToAcknowledge.median,
  days_to_decide: (row) => row.daysToDecide.median,
  open: (row) => row.open,
  overdue: (row) => row.overdue,
  verified: (row) => row.verified,
};

/**
 * The departments sorted by a column. Those whose figure in that column is withheld come last in either
 * direction, by name: a department with too few cases is never ranked above one with enough. Ties go by name.
 */
export function sortedDepartments<Row extends Named>(
  rows: readonly Row[],
  sort: ResponsivenessSort,
  direction: 'asc' | 'desc',
): Row[] {
  const valueOf = SORT_VALUE[sort];
  const sign = direction === 'asc' ? 1 : -1;
  const byName = (a: Row, b: Row) => a.name.localeCompare(b.name, 'en-ZA');
  return rows.toSorted((a, b) => {
    const [first, second] = [valueOf(a), valueOf(b)];
    if (first === null || second === null) {
      return first === second ? byName(a, b) : first === null ? 1 : -1;
    }
    const order =
      typeof first === 'string' || typeof second === 'string'
        ? String(first).localeCompare(String(second), 'en-ZA')
        : first - second;
    return sign * order || byName(a, b);
  });
}
