import type { Db, Tx } from '../../../db/client.ts';
import type { CaseMoveName } from '../../../domain/cases/workflow.ts';
import {
  caseArrivedNotice,
  departmentAnsweredNotice,
  noticeMail,
  type CaseSummary,
  type Notice,
} from '../../mail/case-mails.ts';
import { queueMail } from '../jobs/outbox.ts';
import { isUniqueViolation } from '../shared/versioned-edit.ts';

export interface Recipient {
  id: string;
  name: string;
  email: string;
  /** A demo account: told on its page only, never mailed (its address does not exist). */
  isDemo: boolean;
}

const RECIPIENT = { id: true, name: true, email: true, isDemo: true } as const;

/** The active officials of a department: a deactivated account is told nothing. */
export function activeOfficialsOf(tx: Tx | Db, departmentId: string): Promise<Recipient[]> {
  return tx.user.findMany({
    where: { role: 'official', departmentId, deactivatedAt: null },
    select: RECIPIENT,
    orderBy: { id: 'asc' },
  });
}

/** DPME's active analysts; with `wantingDigest`, only those who have not turned the daily digest off. */
export function activeAnalysts(tx: Tx | Db, { wantingDigest = false } = {}): Promise<Recipient[]> {
  return tx.user.findMany({
    where: { role: 'analyst', deactivatedAt: null, ...(wantingDigest ? { wantsDigest: true } : {}) },
    select: RECIPIENT,
    orderBy: { id: 'asc' },
  });
}

/**
 * Tells each recipient: a row on their notifications page and a mail through the outbox (none to a demo
 * account), both in the caller's transaction, so that neither exists without the change that caused it.
 * `onceKey` (the periodic job's) makes a second write of the same notice to the same user fail on the
 * unique index.
 */
export async function notify(
  tx: Tx | Db,
  recipients: readonly Recipient[],
  notice: Notice,
  { publicUrl, onceKey = null, now }: { publicUrl: string; onceKey?: string | null; now: Date },
): Promise<void> {
  for (const user of recipients) {
    await tx.notification.create({
      data: {
        userId: user.id,
        kind: notice.kind,
        caseId: notice.caseId,
        title: notice.title,
        body: notice.body,
        path: notice.path,
        onceKey,
        createdAt: now,
      },
    });
    if (!user.isDemo) await queueMail(tx, noticeMail(user, notice, publicUrl));
  }
}

/**
 * Tells each recipient once per `onceKey` (the periodic job's): one transaction per recipient, and a
 * recipient already told is skipped, so that a round run again after a crash, or by a second worker whose
 * lease overlapped, writes no second notice or mail. Returns how many were written.
 */
export async function notifyOnce(
  db: Db,
  recipients: readonly Recipient[],
  notice: Notice,
  options: { publicUrl: string; onceKey: string; now: Date },
): Promise<number> {
  const told = await db.notification.findMany({
    where: { onceKey: options.onceKey, userId: { in: recipients.map((user) => user.id) } },
    select: { userId: true },
  });
  const toldIds = new Set(told.map((row) => row.userId));
  let written = 0;
  for (const user of recipients.filter((recipient) => !toldIds.has(recipient.id))) {
    try {
      await db.$transaction((tx) => notify(tx, [user], notice, options));
      written += 1;
    } catch (error) {
      if (!isUniqueViolation(error)) throw error;
    }
  }
  return written;
}

/** What a move did, as the notices of it need it. */
export interface CaseMoveMade {
  move: CaseMoveName;
  found: CaseSummary;
  /** The department that owned the case before the move (the one that acted, for a department's move). */
  departmentId: string;
  /** The department that owns it after the move (differs after a transfer or an escalation elsewhere). */
  owningDepartmentId: string;
  reason: string | null;
  /** The running deadline's due date after the move. */
  dueOn: string | null;
}

/**
 * The notices a move causes, written in the move's transaction: an escalation or a transfer tells the
 * (new) owning department's officials; a department's acknowledgement, refusal, question or resolution
 * tells DPME's analysts. Other moves tell no one.
 */
export async function notifyCaseMove(tx: Tx, made: CaseMoveMade, options: { publicUrl: string; now: Date }) {
  const nameOf = async (id: string) =>
    (await tx.department.findUniqueOrThrow({ where: { id }, select: { name: true } })).name;
  switch (made.move) {
    case 'escalate':
    case 'escalate_again':
    case 'transfer': {
      const notice = caseArrivedNotice(made.move, made.found, {
        departmentName: await nameOf(made.owningDepartmentId),
        fromDepartmentName: made.move === 'transfer' ? await nameOf(made.departmentId) : undefined,
        dueOn: made.dueOn,
      });
      return notify(tx, await activeOfficialsOf(tx, made.owningDepartmentId), notice, options);
    }
    case 'acknowledge':
    case 'decline':
    case 'request_information':
    case 'resolve': {
      const notice = departmentAnsweredNotice(made.move, made.found, {
        departmentName: await nameOf(made.departmentId),
        reason: made.reason,
        dueOn: made.dueOn,
      });
      return notify(tx, await activeAnalysts(tx), notice, options);
    }
    default:
      return undefined;
  }
}
