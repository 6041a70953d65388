import { hostname } from 'node:os';
import type { Db } from '../../../db/client.ts';

/**
 * Each worker process says it is alive by moving the lease of its own PeriodicJobRun row forward (one row per
 * process, so that several workers on one database never contend for a row), and /health/ready asks whether
 * any worker's lease is still running.
 */
export const WORKER_HEARTBEAT_JOB = 'worker-heartbeat';
export const WORKER_HEARTBEAT_INTERVAL_MS = 10_000;
/**
 * How long a heartbeat counts: three intervals, plus the 30 s a write may wait on SQLite while an import or a
 * clustering run holds the write lock (SQLITE_BUSY_WAIT_MS), so that a busy worker is not taken for a dead one.
 */
export const WORKER_HEARTBEAT_STALE_AFTER_MS = 3 * WORKER_HEARTBEAT_INTERVAL_MS + 30_000;
/** Rows of workers gone this long are deleted by the next heartbeat of any worker. */
const FORGET_AFTER_MS = 24 * 60 * 60_000;

/** This process's name among the workers: its host and process id. */
export function workerName(): string {
  return `${hostname()}/${process.pid}`;
}

export async function writeWorkerHeartbeat(db: Db, worker: string, now = new Date()): Promise<void> {
  const leaseUntil = new Date(now.getTime() + WORKER_HEARTBEAT_STALE_AFTER_MS);
  await db.periodicJobRun.upsert({
    where: { job_period: { job: WORKER_HEARTBEAT_JOB, period: worker } },
    create: { job: WORKER_HEARTBEAT_JOB, period: worker, leaseUntil },
    update: { leaseUntil, finishedAt: null },
  });
  await db.periodicJobRun.deleteMany({
    where: { job: WORKER_HEARTBEAT_JOB, leaseUntil: { lt: new Date(now.getTime() - FORGET_AFTER_MS) } },
  });
}

/** Marks a worker that stops on purpose as stopped, so that readiness says so rather than waiting for staleness. */
export async function endWorkerHeartbeat(db: Db, worker: string, now = new Date()): Promise<void> {
  await db.periodicJobRun.updateMany({
    where: { job: WORKER_HEARTBEAT_JOB, period: worker },
    data: { leaseUntil: now, finishedAt: now },
  });
}

export type WorkerHeartbeatCheck =
  { ok: true; lastHeartbeatSecondsAgo: number } | { ok: false; reason: string; lastHeartbeatSecondsAgo?: number };

/** Whether some worker's heartbeat is recent, judged from the newest one. */
export async function checkWorkerHeartbeat(db: Db, now = new Date()): Promise<WorkerHeartbeatCheck> {
  const newest = await db.periodicJobRun.findFirst({
    where: { job: WORKER_HEARTBEAT_JOB },
    orderBy: { leaseUntil: 'desc' },
  });
  if (!newest) {
    return {
      ok: false,
      reason:
        'No background worker has written a heartbeat: npm start runs one; with npm run dev, start npm run worker.',
    };
  }
  const beatAt = newest.finishedAt ?? new Date(newest.leaseUntil.getTime() - WORKER_HEARTBEAT_STALE_AFTER_MS);
  const lastHeartbeatSecondsAgo = Math.max(0, Math.round((now.getTime() - beatAt.getTime()) / 1000));
  if (newest.finishedAt) {
    return {
      ok: false,
      reason: `The background worker stopped ${lastHeartbeatSecondsAgo} s ago and none has started since.`,
      lastHeartbeatSecondsAgo,
    };
  }
  if (newest.leaseUntil.getTime() <= now.getTime()) {
    return {
      ok: false,
      reason:
        `The newest background worker heartbeat is ${lastHeartbeatSecondsAgo} s old ` +
        `(stale after ${WORKER_HEARTBEAT_STALE_AFTER_MS / 1000} s): the worker is stuck or gone.`,
      lastHeartbeatSecondsAgo,
    };
  }
  return { ok: true, lastHeartbeatSecondsAgo };
}
