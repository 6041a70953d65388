import type { Db } from '../../../db/client.ts';
import { fateOfAbandonedClusterRun } from '../../../domain/clustering/abandoned-cluster-run.ts';
import { makeJobDue } from '../jobs/outbox.ts';
import { isAttemptAbandoned, NO_RUNNER } from '../jobs/run-attempt.ts';
import { CLUSTER_RUN_JOB } from './cluster-run-service.ts';

/**
 * Finds the clustering runs whose process died (SIGKILL, a crash, a lost machine) and queues them again, due
 * now, or marks them failed after three starts (src/domain/clustering/abandoned-cluster-run.ts). Without it a
 * dead worker's run would stay "running", and every later request for a run would be told it is under way,
 * until the job's 30-minute lease ran out. Each change is a conditional write fenced by the attempt's token,
 * so that of several sweeping workers one makes it. Returns how many runs it re-queued or ended.
 */
export async function sweepAbandonedClusterRuns(db: Db, now = new Date()): Promise<number> {
  const candidates = await db.clusterRun.findMany({
    where: { status: 'running' },
    select: { id: true, runnerToken: true, runner: true, heartbeatAt: true, workerStarts: true },
  });
  let swept = 0;
  for (const run of candidates) {
    if (!isAttemptAbandoned(run, now)) continue;
    const fate = fateOfAbandonedClusterRun(run.workerStarts);
    const isSwept = await db.$transaction(async (tx) => {
      const { count } = await tx.clusterRun.updateMany({
        where: { id: run.id, status: 'running', runnerToken: run.runnerToken },
        data: {
          ...NO_RUNNER,
          message: fate.message,
          ...(fate.action === 'requeue'
            ? { status: 'queued', phase: 'queued' }
            : { status: 'failed', phase: 'done', finishedAt: now }),
        },
      });
      if (count === 0) return false;
      if (fate.action === 'requeue') await makeJobDue(tx, CLUSTER_RUN_JOB, { clusterRunId: run.id }, now);
      return true;
    });
    if (isSwept) swept += 1;
  }
  return swept;
}
