import { applyClock, type DeadlineDays, type DeadlineOutcome, type RunningDeadline } from './deadlines.ts';
import type { WorkingCalendar } from './working-days.ts';
import { CASE_WORKFLOW, stateAfter, type CaseMoveName } from './workflow.ts';
import type { CaseStatus } from '../vocabulary.ts';

/** One move of a case's known history (seeded or demo data), on a South African date. */
export interface HistoricMove {
  move: CaseMoveName;
  on: string;
  /** The department the case moves to, for a transfer or an escalation to another department. */
  toDepartmentId?: string;
  newDueOn?: string;
}

export interface ReplayedDeadline extends RunningDeadline {
  departmentId: string;
  endedOn: string | null;
  outcome: DeadlineOutcome | null;
}

export interface ReplayedCase {
  status: CaseStatus;
  resumeStatus: CaseStatus | null;
  owningDepartmentId: string;
  /** The state before and after each move, in order. */
  steps: { from: CaseStatus; to: CaseStatus; fromDepartmentId: string; toDepartmentId: string }[];
  deadlines: ReplayedDeadline[];
  /** The running deadline's due date, when one runs and is not paused. */
  nextDueOn: string | null;
}

/**
 * A case's state and deadlines after a known history of moves from a draft, worked out by the same table and
 * clock as live moves, so that seeded and demo cases hold what the application itself would have written.
 * Throws on a move the table does not allow from where the case stands: such data is wrong.
 */
export function replayCase(
  moves: readonly HistoricMove[],
  firstDepartmentId: string,
  days: DeadlineDays,
  calendar: WorkingCalendar,
): ReplayedCase {
  let status: CaseStatus = 'draft';
  let resumeStatus: CaseStatus | null = null;
  let owner = firstDepartmentId;
  const steps: ReplayedCase['steps'] = [];
  const deadlines: ReplayedDeadline[] = [];
  let running: ReplayedDeadline | null = null;
  for (const historic of moves) {
    const move = CASE_WORKFLOW[historic.move];
    if (!move.from.includes(status)) throw new Error(`${historic.move} is not allowed from ${status}`);
    const to = stateAfter(move, status, resumeStatus);
    const nextOwner = historic.toDepartmentId ?? owner;
    const clock = applyClock(move.clock, running, historic.on, days, calendar, {
      newDueOn: historic.newDueOn ?? null,
      cancels: historic.move === 'withdraw',
    });
    if (clock.ended && running) Object.assign(running, { endedOn: historic.on, outcome: clock.ended.outcome });
    if (clock.running && (clock.ended || !running)) {
      running = { ...clock.running, departmentId: nextOwner, endedOn: null, outcome: null };
      deadlines.push(running);
    } else if (clock.running && running) {
      Object.assign(running, clock.running);
    } else {
      running = null;
    }
    steps.push({ from: status, to, fromDepartmentId: owner, toDepartmentId: nextOwner });
    resumeStatus = to === 'information_requested' ? status : null;
    status = to;
    owner = nextOwner;
  }
  return {
    status,
    resumeStatus,
    owningDepartmentId: owner,
    steps,
    deadlines,
    nextDueOn: running && !running.pausedOn ? running.dueOn : null,
  };
}
