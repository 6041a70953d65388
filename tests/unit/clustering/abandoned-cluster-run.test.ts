import { describe, expect, it } from 'vitest';
import {
  CLUSTER_RUN_STOPPED_MESSAGES,
  fateOfAbandonedClusterRun,
} from '../../../src/domain/clustering/abandoned-cluster-run.ts';
import { MAX_WORKER_STARTS } from '../../../src/domain/jobs/runner-liveness.ts';

describe('fateOfAbandonedClusterRun', () => {
  it('queues a run whose worker died again, saying so, while fewer than three workers started it', () => {
    expect(fateOfAbandonedClusterRun(1)).toEqual({ action: 'requeue', message: CLUSTER_RUN_STOPPED_MESSAGES.requeued });
    expect(fateOfAbandonedClusterRun(MAX_WORKER_STARTS - 1)).toMatchObject({ action: 'requeue' });
  });

  it('marks a run failed once its third worker died on it, saying why', () => {
    expect(fateOfAbandonedClusterRun(MAX_WORKER_STARTS)).toEqual({
      action: 'fail',
      message: expect.stringMatching(/^the worker stopped 3 times while running it/),
    });
  });
});
