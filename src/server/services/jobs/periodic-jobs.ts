import type { Db } from '../../../db/client.ts';
import { runLoggedJob } from '../../log/job-log.ts';
import { isUniqueViolation } from '../shared/versioned-edit.ts';

/**
 * Runs `run` for one period of a job (e.g. one day) on one worker of several: the worker that inserts the
 * period's row, or takes it over once the lease of a worker that died or failed has passed, runs it; the
 * others skip it. A run cut off half-way is run again whole by the next one, so `run` must skip what it
 * already did (the notices do, by their once-keys).
 */
export async function runOncePerPeriod<T>(
  db: Db,
  { job, period, now, leaseMs }: { job: string; period: string; now: Date; leaseMs: number },
  run: () => Promise<T>,
): Promise<{ ran: true; result: T } | { ran: false }> {
  if (!(await claimPeriod(db, { job, period, now, leaseMs }))) return { ran: false };
  const result = await runLoggedJob({ job, jobId: period }, run);
  await db.periodicJobRun.update({ where: { job_period: { job, period } }, data: { finishedAt: new Date() } });
  return { ran: true, result };
}

/** Takes a period of a job for this worker until `now + leaseMs`; false when another has it or it is done. */
export async function claimPeriod(
  db: Db,
  { job, period, now, leaseMs }: { job: string; period: string; now: Date; leaseMs: number },
): Promise<boolean> {
  const leaseUntil = new Date(now.getTime() + leaseMs);
  // Read first: the workers poll all day, and a day already run should not cost a refused insert each time.
  const existing = await db.periodicJobRun.findUnique({ where: { job_period: { job, period } } });
  if (existing?.finishedAt) return false;
  if (!existing) {
    try {
      await db.periodicJobRun.create({ data: { job, period, leaseUntil } });
      return true;
    } catch (error) {
      if (!isUniqueViolation(error)) throw error;
    }
  }
  // The row exists: take it over only when unfinished and its lease has passed (a conditional update, so
  // that of two workers trying at once only one succeeds).
  const { count } = await db.periodicJobRun.updateMany({
    where: { job, period, finishedAt: null, leaseUntil: { lte: now } },
    data: { leaseUntil },
  });
  return count === 1;
}
