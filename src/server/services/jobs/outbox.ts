import type { Db, Tx } from '../../../db/client.ts';
import type { OutboxMessage } from '../../../db/generated/sqlite/client.ts';
import { afterFailedDelivery } from '../../../domain/jobs/retry.ts';
import type { Mail } from '../../mail/templates.ts';

export const EMAIL = 'email';

/** Writes a mail to the outbox in the caller's transaction; the outbox worker sends it after commit. */
export async function queueMail(tx: Tx | Db, mail: Mail): Promise<void> {
  await tx.outboxMessage.create({ data: { kind: EMAIL, payload: { ...mail } } });
}

/**
 * Takes the due messages of one kind for this worker: of the first `batchSize` due, at most `most`. Each is
 * claimed by moving its next attempt past the lease in a conditional update, so that two workers (two
 * processes) never both take it; a worker that dies leaves it to be taken again once the lease has passed.
 */
export async function claimDueMessages(
  db: Db,
  kind: string,
  { now, leaseMs, batchSize, most = batchSize }: { now: Date; leaseMs: number; batchSize: number; most?: number },
): Promise<OutboxMessage[]> {
  const due = await db.outboxMessage.findMany({
    where: { kind, status: 'pending', nextAttemptAt: { lte: now } },
    orderBy: { nextAttemptAt: 'asc' },
    take: batchSize,
  });
  const claimed: OutboxMessage[] = [];
  for (const message of due) {
    if (claimed.length >= most) break;
    const { count } = await db.outboxMessage.updateMany({
      where: { id: message.id, status: 'pending', nextAttemptAt: message.nextAttemptAt },
      data: { nextAttemptAt: new Date(now.getTime() + leaseMs) },
    });
    if (count === 1) claimed.push(message);
  }
  return claimed;
}

/**
 * Makes a job due now: its pending outbox message (claimed with a lease by a worker that died), or a new one
 * when there is none. `payload` names the job (e.g. `{ importRunId }`). Pending jobs of a kind are few (the
 * queued ones), so they are read and matched here, alike on both databases.
 */
export async function makeJobDue(tx: Tx, kind: string, payload: Record<string, string>, now: Date) {
  const pending = await tx.outboxMessage.findMany({
    where: { kind, status: 'pending' },
    select: { id: true, payload: true },
  });
  const ids = pending
    .filter((message) => {
      const fields = (message.payload ?? {}) as Record<string, unknown>;
      return Object.entries(payload).every(([name, value]) => fields[name] === value);
    })
    .map((message) => message.id);
  if (ids.length > 0) {
    await tx.outboxMessage.updateMany({ where: { id: { in: ids }, status: 'pending' }, data: { nextAttemptAt: now } });
  } else {
    await tx.outboxMessage.create({ data: { kind, payload } });
  }
}

export async function markDelivered(db: Db, messageId: string): Promise<void> {
  await db.outboxMessage.update({
    where: { id: messageId },
    data: { status: 'delivered', deliveredAt: new Date(), attempts: { increment: 1 }, lastError: null },
  });
}

/** Records a failed attempt: retried later with back-off, or given up after the last attempt. */
export async function markAttemptFailed(
  db: Db,
  message: OutboxMessage,
  error: unknown,
  now: Date,
): Promise<'pending' | 'failed'> {
  const outcome = afterFailedDelivery(message.attempts, now);
  await db.outboxMessage.update({
    where: { id: message.id },
    data: {
      status: outcome.status,
      attempts: { increment: 1 },
      lastError: (error instanceof Error ? error.message : String(error)).slice(0, 1000),
      ...(outcome.status === 'pending' ? { nextAttemptAt: outcome.nextAttemptAt } : {}),
    },
  });
  return outcome.status === 'failed' ? 'failed' : 'pending';
}
