import type { Db } from '../../../db/client.ts';
import type { OutboxMessage } from '../../../db/generated/sqlite/client.ts';
import { runLoggedJob } from '../../log/job-log.ts';
import { claimDueMessages, markAttemptFailed, markDelivered } from './outbox.ts';

/**
 * Runs the due jobs of one kind, one at a time, each claimed with a lease longer than it may take, so that
 * no other worker starts it meanwhile. A job that throws is retried later with back-off (the outbox's rule).
 */
export async function runDueJobs(
  db: Db,
  kind: string,
  leaseMs: number,
  handle: (message: OutboxMessage) => Promise<void>,
  now = new Date(),
): Promise<number> {
  let ran = 0;
  for (;;) {
    const [message] = await claimDueMessages(db, kind, { now, leaseMs, batchSize: 1 });
    if (!message) return ran;
    try {
      await runLoggedJob({ job: kind, jobId: message.id }, () => handle(message));
      await markDelivered(db, message.id);
    } catch (error) {
      await markAttemptFailed(db, message, error, now);
    }
    ran += 1;
  }
}
