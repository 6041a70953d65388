import type { CommitmentStatus } from '../vocabulary.ts';

/** Commitments still to be kept; past their due date they are overdue. */
export const OPEN_COMMITMENT_STATUSES: readonly CommitmentStatus[] = ['not_started', 'in_progress'];

/** Dates as YYYY-MM-DD; `today` is South African today. Due today is not yet overdue. */
export function isCommitmentOverdue(commitment: { status: CommitmentStatus; dueOn: string }, today: string): boolean {
  return OPEN_COMMITMENT_STATUSES.includes(commitment.status) && commitment.dueOn < today;
}

/** Whole days an open commitment is past its due date (YYYY-MM-DD dates, `today` South African); 0 when not overdue. */
export function daysOverdue(commitment: { status: CommitmentStatus; dueOn: string }, today: string): number {
  if (!isCommitmentOverdue(commitment, today)) return 0;
  return Math.round((Date.parse(today) - Date.parse(commitment.dueOn)) / 86_400_000);
}

/**
 * Where a progress update may move a commitment: on, never back. Work may start, finish or be
 * missed; a missed commitment may still be taken up again or done late. Done is the end; a mistaken
 * status is corrected by editing the commitment, which the audit trail records as an edit.
 */
const PROGRESS_MOVES: Record<CommitmentStatus, readonly CommitmentStatus[]> = {
  not_started: ['in_progress', 'done', 'missed'],
  in_progress: ['done', 'missed'],
  missed: ['in_progress', 'done'],
  done: [],
};

export function progressStatuses(from: CommitmentStatus): readonly CommitmentStatus[] {
  return PROGRESS_MOVES[from];
}

/** Why a progress update may not move the status this way, or null when it may. */
export function progressStatusRefusal(from: CommitmentStatus, to: CommitmentStatus): string | null {
  if (from === to || PROGRESS_MOVES[from].includes(to)) return null;
  const name = (status: CommitmentStatus) => status.replaceAll('_', ' ');
  return from === 'done'
    ? 'the commitment is done; edit it if that was a mistake'
    : `a progress update moves a commitment on, not from ${name(from)} back to ${name(to)}; edit it to correct the status`;
}

/** The words of the box a person ticks to keep a due date in the past (CommitmentForm.astro). */
export const PAST_DUE_CONFIRMATION = 'Yes, the due date is in the past (the charter was agreed earlier)';

/**
 * Why a due date needs confirming, or null: a date in the past is usually a slip, but a charter entered
 * after its dialogue has them, so a person confirms it. Only a date being set is checked (`before`, the
 * stored one on an edit), so that editing an overdue commitment's other fields asks nothing.
 */
export function pastDueProblem(
  dueOn: string,
  { today, before, isConfirmed }: { today: string; before?: string; isConfirmed: boolean },
): string | null {
  if (isConfirmed || dueOn >= today || dueOn === before) return null;
  return `The due date is in the past: check it, or tick "${PAST_DUE_CONFIRMATION}" and send the form again`;
}
