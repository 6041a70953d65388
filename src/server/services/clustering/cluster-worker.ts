import { z } from 'zod';
import type { Db } from '../../../db/client.ts';
import type { NeighbourSearch } from '../../../domain/clustering/cluster-records.ts';
import { placeIssues } from './cluster-placement-service.ts';
import type { EmbedTexts } from './issue-embedding-service.ts';
import { CLUSTER_PLACE_JOB, CLUSTER_RUN_JOB, queueSystemClusterRun, runClustering } from './cluster-run-service.ts';
import { runDueJobs } from '../jobs/job-runner.ts';
import { sweepAbandonedClusterRuns } from './cluster-sweep.ts';
import type { RunnerKind } from '../../../domain/jobs/runner-liveness.ts';

const RunJobSchema = z.object({ clusterRunId: z.string().min(1) });
const PlaceJobSchema = z.object({ localIssueIds: z.array(z.string()).default([]) });
const RUN_LEASE_MS = 30 * 60_000;
const PLACE_LEASE_MS = 10 * 60_000;
/** Past this many issues at once (a large import), one full run is cheaper than placing them one by one. */
export const PLACE_ONE_BY_ONE_UP_TO = 1_000;

export interface ClusterJobOptions {
  search: NeighbourSearch;
  /** The sentence encoder, when semantic similarity is on (CLUSTER_SEMANTIC). */
  embed?: EmbedTexts;
  now?: Date;
  /** Where the runs run: the worker, or `npm run cluster:run`. */
  runnerKind?: RunnerKind;
}

/**
 * Re-queues the runs whose worker died (cluster-sweep.ts), then does the due full runs first, then placements
 * of new and edited issues.
 */
export async function runDueClusterJobs(
  db: Db,
  { search, embed, now = new Date(), runnerKind }: ClusterJobOptions,
): Promise<number> {
  await sweepAbandonedClusterRuns(db, now);
  const runs = await runDueJobs(
    db,
    CLUSTER_RUN_JOB,
    RUN_LEASE_MS,
    async (message) => {
      await runClustering(db, RunJobSchema.parse(message.payload).clusterRunId, { search, embed, runnerKind });
    },
    now,
  );
  const placements = await runDueJobs(
    db,
    CLUSTER_PLACE_JOB,
    PLACE_LEASE_MS,
    async (message) => {
      const { localIssueIds } = PlaceJobSchema.parse(message.payload);
      if (localIssueIds.length > PLACE_ONE_BY_ONE_UP_TO) await queueSystemClusterRun(db, 'after a large import');
      else await placeIssues(db, localIssueIds, { now, embed });
    },
    now,
  );
  return runs + placements;
}
