import { publicWordsOf, type PublicTextReviews } from '../privacy/public-text.ts';
import { formatDay } from '../text/calendar-date.ts';
import { COMMITMENT_STATUS_NAMES, type CommitmentStatus } from '../vocabulary.ts';
import { daysOverdue, isCommitmentOverdue } from './commitments.ts';

/**
 * What the public may know of a facility's commitment charter. Promises made in a public dialogue are public,
 * but the words were typed by monitors and can name people, so every free text (the commitment, who is
 * responsible, each progress note) passes the personal-data gate (src/domain/privacy/public-text.ts). The view
 * never names a person: a progress update's author is not part of it, and a linked local issue is only said to
 * exist (its text stays staff-only).
 */

/** A commitment as stored; dates are YYYY-MM-DD. */
export interface CharterCommitmentSource {
  id: string;
  commitment: string;
  responsibleParty: string;
  dueOn: string;
  status: CommitmentStatus;
  localIssueId: string | null;
  /** Every progress update; the newest is shown first. */
  updates: readonly { on: string; note: string }[];
}

/** The commitments in the order the charter lists them (by due date, as the staff page does), numbered from 1. */
export function inCharterOrder<C extends Pick<CharterCommitmentSource, 'id' | 'dueOn'>>(
  commitments: readonly C[],
): (C & { number: number })[] {
  // Plain comparison, not localeCompare: the database orders ids by their bytes, and so must the numbers.
  const byDueDate = (a: C, b: C) => (a.dueOn < b.dueOn ? -1 : a.dueOn > b.dueOn ? 1 : a.id < b.id ? -1 : 1);
  return [...commitments].sort(byDueDate).map((commitment, index) => ({ ...commitment, number: index + 1 }));
}

/** Progress updates newest first; updates of one day keep the order they came in (the latest recorded first). */
function newestFirst<U extends { on: string }>(updates: readonly U[]): U[] {
  return [...updates].sort((a, b) => (a.on < b.on ? 1 : a.on > b.on ? -1 : 0));
}

/** A facility's charter as the public reads it; `today` is South African today (YYYY-MM-DD). */
export function publicCharterView(
  commitments: readonly CharterCommitmentSource[],
  reviews: PublicTextReviews,
  today: string,
) {
  const words = (text: string) => publicWordsOf(text, reviews);
  return inCharterOrder(commitments).map((commitment) => ({
    id: commitment.id,
    number: commitment.number,
    commitment: words(commitment.commitment),
    responsible: words(commitment.responsibleParty),
    dueOn: commitment.dueOn,
    status: commitment.status,
    statusName: COMMITMENT_STATUS_NAMES[commitment.status],
    isOverdue: isCommitmentOverdue(commitment, today),
    daysOverdue: daysOverdue(commitment, today),
    answersLocalIssue: commitment.localIssueId !== null,
    progress: newestFirst(commitment.updates).map((update) => ({ on: update.on, note: words(update.note) })),
  }));
}

export type PublicCommitment = ReturnType<typeof publicCharterView>[number];

/** Every free text the public charter shows of these commitments, for loading the analysts' reviews of them. */
export function charterTextsOf(commitments: readonly CharterCommitmentSource[]): string[] {
  return commitments.flatMap((commitment) => [
    commitment.commitment,
    commitment.responsibleParty,
    ...commitment.updates.map((update) => update.note),
  ]);
}

/**
 * Every free text of a facility's charter that would be published, with where it stands in words ("Kabokweni
 * Clinic charter, commitment 3: who is responsible"), for the analysts' review queue.
 */
export function publicCharterTextsOf(facilityName: string, commitments: readonly CharterCommitmentSource[]) {
  return inCharterOrder(commitments).flatMap((commitment) => {
    const where = `${facilityName} charter, commitment ${commitment.number}`;
    return [
      { commitmentId: commitment.id, where, text: commitment.commitment },
      { commitmentId: commitment.id, where: `${where}: who is responsible`, text: commitment.responsibleParty },
      ...newestFirst(commitment.updates).map((update) => ({
        commitmentId: commitment.id,
        where: `${where}: progress of ${formatDay(update.on)}`,
        text: update.note,
      })),
    ].filter((entry) => entry.text.trim() !== '');
  });
}
