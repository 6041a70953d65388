import { addWorkingDays, workingDaysBetween, type WorkingCalendar } from './working-days.ts';
import type { ClockEffect } from './workflow.ts';
import type { CaseStatus } from '../vocabulary.ts';

/** The three deadlines a department answers to, one at a time. */
export const DEADLINE_KINDS = ['acknowledge', 'decide', 'plan'] as const;
export type DeadlineKind = (typeof DEADLINE_KINDS)[number];

export const DEADLINE_NAMES: Record<DeadlineKind, string> = {
  acknowledge: 'Acknowledge',
  decide: 'Accept, decline or transfer',
  plan: 'Plan the response',
};

/** Working days allowed for each deadline (an administrators' setting). */
export interface DeadlineDays {
  acknowledgeWithin: number;
  decideWithin: number;
  planWithin: number;
}

const DAYS_OF: Record<DeadlineKind, keyof DeadlineDays> = {
  acknowledge: 'acknowledgeWithin',
  decide: 'decideWithin',
  plan: 'planWithin',
};

/** A deadline that is running (or paused). Dates are South African calendar dates, YYYY-MM-DD. */
export interface RunningDeadline {
  kind: DeadlineKind;
  startedOn: string;
  dueOn: string;
  /** The due date before any extension or pause moved it. */
  originalDueOn: string;
  pausedOn: string | null;
  pausedWorkingDays: number;
  extensions: number;
}

/** Met on or before its due date; missed after it; cancelled when DPME withdrew the case. */
export type DeadlineOutcome = 'met' | 'missed' | 'cancelled';

const STARTS: Partial<Record<ClockEffect, DeadlineKind>> = {
  starts_acknowledge: 'acknowledge',
  restarts_acknowledge: 'acknowledge',
  starts_decide: 'decide',
  starts_plan: 'plan',
};

export function startDeadline(
  kind: DeadlineKind,
  on: string,
  days: DeadlineDays,
  calendar: WorkingCalendar,
): RunningDeadline {
  const dueOn = addWorkingDays(calendar, on, days[DAYS_OF[kind]]);
  return { kind, startedOn: on, dueOn, originalDueOn: dueOn, pausedOn: null, pausedWorkingDays: 0, extensions: 0 };
}

/** What a move does to the clock: the deadline it ends (and how) and the one running after it. */
export interface ClockChange {
  ended: { deadline: RunningDeadline; outcome: DeadlineOutcome } | null;
  running: RunningDeadline | null;
}

/**
 * Applies a move's clock effect on `on`. A move that answers a deadline ends it as met or missed by the
 * date; a withdrawal cancels it; a pause keeps it until the answer, which adds the paused working days.
 */
export function applyClock(
  effect: ClockEffect,
  current: RunningDeadline | null,
  on: string,
  days: DeadlineDays,
  calendar: WorkingCalendar,
  options: { newDueOn?: string | null; cancels?: boolean } = {},
): ClockChange {
  const end = (): ClockChange['ended'] =>
    current
      ? { deadline: current, outcome: options.cancels ? 'cancelled' : on <= current.dueOn ? 'met' : 'missed' }
      : null;
  const starts = STARTS[effect];
  if (starts) return { ended: end(), running: startDeadline(starts, on, days, calendar) };
  switch (effect) {
    case 'stops':
      return { ended: end(), running: null };
    case 'pauses':
      return { ended: null, running: current && !current.pausedOn ? { ...current, pausedOn: on } : current };
    case 'resumes':
      return { ended: null, running: current?.pausedOn ? resumed(current, current.pausedOn, on, calendar) : current };
    case 'extends':
      return {
        ended: null,
        running:
          current && options.newDueOn
            ? { ...current, dueOn: options.newDueOn, extensions: current.extensions + 1 }
            : current,
      };
    default:
      return { ended: null, running: current };
  }
}

function resumed(deadline: RunningDeadline, pausedOn: string, on: string, calendar: WorkingCalendar): RunningDeadline {
  const paused = Math.max(0, workingDaysBetween(calendar, pausedOn, on));
  return {
    ...deadline,
    dueOn: addWorkingDays(calendar, deadline.dueOn, paused),
    pausedOn: null,
    pausedWorkingDays: deadline.pausedWorkingDays + paused,
  };
}

/** Where a deadline stands today, as every list shows it. */
export type DeadlineStanding =
  | { kind: 'paused' }
  | { kind: 'overdue'; workingDays: number; extended: boolean }
  | { kind: 'due'; workingDays: number; extended: boolean };

export function standingOf(
  deadline: Pick<RunningDeadline, 'dueOn' | 'pausedOn' | 'extensions'>,
  today: string,
  calendar: WorkingCalendar,
): DeadlineStanding {
  if (deadline.pausedOn) return { kind: 'paused' };
  const extended = deadline.extensions > 0;
  if (today > deadline.dueOn) {
    // Overdue from the day after the due date, even when that day is a Saturday: at least 1.
    return { kind: 'overdue', workingDays: Math.max(1, workingDaysBetween(calendar, deadline.dueOn, today)), extended };
  }
  return { kind: 'due', workingDays: workingDaysBetween(calendar, today, deadline.dueOn), extended };
}

const workingDays = (count: number) => (count === 1 ? '1 working day' : `${count} working days`);

/** "Overdue by 3 working days", "Due in 4 working days", "Due today", "Paused", each "(extended)" when so. */
export function describeStanding(standing: DeadlineStanding): string {
  if (standing.kind === 'paused') return 'Paused: waiting for DPME';
  const text =
    standing.kind === 'overdue'
      ? `Overdue by ${workingDays(standing.workingDays)}`
      : standing.workingDays === 0
        ? 'Due today'
        : `Due in ${workingDays(standing.workingDays)}`;
  return standing.extended ? `${text} (extended)` : text;
}

/** Which deadline, if any, runs while a case rests in `state` (for checks of stored data). */
export function deadlineKindIn(state: CaseStatus): DeadlineKind | null {
  if (state === 'escalated') return 'acknowledge';
  if (state === 'acknowledged') return 'decide';
  if (state === 'accepted') return 'plan';
  return null;
}
