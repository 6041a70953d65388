/**
 * What becomes of a clustering run whose worker died (docs/CLUSTERING.md, "When the worker dies"). A run writes
 * every cluster in one transaction at its end, so a dead one wrote nothing and can simply be run again: it is
 * queued again, up to MAX_WORKER_STARTS starts, then marked failed (a run that kills its worker every time,
 * e.g. for want of memory, would otherwise do so for ever).
 */
import { MAX_WORKER_STARTS } from '../jobs/runner-liveness.ts';

export const CLUSTER_RUN_STOPPED_MESSAGES = {
  requeued:
    'The worker running this clustering run stopped before it finished; nothing was written, and the run is queued again.',
  // Shown after "The run failed, and the clusters are as they were: ".
  gaveUp: `the worker stopped ${MAX_WORKER_STARTS} times while running it (nothing was written), so it is not started again; an administrator can check the worker's memory and log`,
} as const;

export type AbandonedClusterRunFate = { action: 'requeue' | 'fail'; message: string };

export function fateOfAbandonedClusterRun(workerStarts: number): AbandonedClusterRunFate {
  return workerStarts < MAX_WORKER_STARTS
    ? { action: 'requeue', message: CLUSTER_RUN_STOPPED_MESSAGES.requeued }
    : { action: 'fail', message: CLUSTER_RUN_STOPPED_MESSAGES.gaveUp };
}
