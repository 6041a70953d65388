import { spawn } from 'node:child_process';
import { beforeAll, expect, it } from 'vitest';
import { loadSeedData } from '../../../../prisma/seed/load-seed-data.ts';
import { seedDatabase } from '../../../../prisma/seed/seed.ts';
import type { Db } from '../../../../src/db/client.ts';
import { searchAllNeighbours, type NeighbourSearch } from '../../../../src/domain/clustering/cluster-records.ts';
import { CLUSTER_RUN_STOPPED_MESSAGES } from '../../../../src/domain/clustering/abandoned-cluster-run.ts';
import { thisProcess } from '../../../../src/server/process-identity.ts';
import {
  CLUSTER_RUN_JOB,
  queueSystemClusterRun,
  runClustering,
} from '../../../../src/server/services/clustering/cluster-run-service.ts';
import { sweepAbandonedClusterRuns } from '../../../../src/server/services/clustering/cluster-sweep.ts';
import { exitOf } from '../../../support/app-server.ts';
import { describeEachProvider } from '../../../support/test-database.ts';

describeEachProvider('clustering runs whose worker died', (database) => {
  let db: Db;
  /** Marks the pending run as a worker of process `pid` left it, started `workerStarts` times. */
  const leftRunning = async (pid: number, workerStarts: number) => {
    const { clusterRunId } = await queueSystemClusterRun(db, 'sweep test');
    await db.clusterRun.update({
      where: { id: clusterRunId },
      data: {
        status: 'running',
        phase: 'clustering',
        runnerToken: `token-${pid}-${workerStarts}`,
        runner: { kind: 'worker', ...thisProcess(), pid, start: null },
        heartbeatAt: new Date(),
        workerStarts,
      },
    });
    return clusterRunId;
  };
  const deadProcessId = async () => {
    const child = spawn(process.execPath, ['-e', '']);
    await exitOf(child);
    return child.pid!;
  };

  beforeAll(async () => {
    ({ db } = database());
    await seedDatabase(db, loadSeedData());
  });

  it('leaves a run alone while its worker runs, and queues it again, due now, once that worker is gone', async () => {
    const living = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)']);
    try {
      const clusterRunId = await leftRunning(living.pid!, 1);
      expect(await sweepAbandonedClusterRuns(db)).toBe(0);
      living.kill('SIGKILL');
      await exitOf(living);

      const now = new Date();
      expect(await sweepAbandonedClusterRuns(db, now)).toBe(1);
      expect(await db.clusterRun.findUniqueOrThrow({ where: { id: clusterRunId } })).toMatchObject({
        status: 'queued',
        phase: 'queued',
        message: CLUSTER_RUN_STOPPED_MESSAGES.requeued,
        runnerToken: null,
        runner: null,
      });
      const jobs = await db.outboxMessage.findMany({ where: { kind: CLUSTER_RUN_JOB, status: 'pending' } });
      expect(jobs.map((job) => [job.payload, job.nextAttemptAt <= now])).toEqual([[{ clusterRunId }, true]]);

      const run = await runClustering(db, clusterRunId, { search: searchAllNeighbours });
      expect(run).toMatchObject({ status: 'succeeded', workerStarts: 2, message: null, runnerToken: null });
    } finally {
      living.kill('SIGKILL');
    }
  });

  it('marks a run failed after its third worker died, so that a new run can be asked for', async () => {
    const clusterRunId = await leftRunning(await deadProcessId(), 3);
    expect(await sweepAbandonedClusterRuns(db)).toBe(1);
    const run = await db.clusterRun.findUniqueOrThrow({ where: { id: clusterRunId } });
    expect(run).toMatchObject({ status: 'failed', phase: 'done', message: CLUSTER_RUN_STOPPED_MESSAGES.gaveUp });
    expect(await queueSystemClusterRun(db, 'after giving up')).toMatchObject({ isAlreadyQueued: false });
    await db.clusterRun.updateMany({ where: { status: 'queued' }, data: { status: 'failed' } });
  });

  it('writes nothing from an attempt whose run a sweep gave back meanwhile, and leaves the run to the next', async () => {
    const { clusterRunId } = await queueSystemClusterRun(db, 'taken meanwhile');
    const clustersBefore = await db.cluster.count();
    // While the attempt clusters, a sweep elsewhere takes its worker for dead and gives the run back.
    const searchThenLoseTheRun: NeighbourSearch = async (space, options, semantic) => {
      await db.clusterRun.update({
        where: { id: clusterRunId },
        data: { status: 'queued', phase: 'queued', runnerToken: null, message: CLUSTER_RUN_STOPPED_MESSAGES.requeued },
      });
      return searchAllNeighbours(space, options, semantic);
    };
    await expect(runClustering(db, clusterRunId, { search: searchThenLoseTheRun })).rejects.toMatchObject({
      code: 'refused',
      message: expect.stringMatching(/taken for stopped/),
    });
    expect(await db.clusterRun.findUniqueOrThrow({ where: { id: clusterRunId } })).toMatchObject({
      status: 'queued',
      message: CLUSTER_RUN_STOPPED_MESSAGES.requeued,
    });
    expect(await db.cluster.count()).toBe(clustersBefore);
  });
});
