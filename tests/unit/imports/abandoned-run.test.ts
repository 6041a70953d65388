import { describe, expect, it } from 'vitest';
import { fateOfAbandonedRun, STOPPED_MESSAGES } from '../../../src/domain/imports/abandoned-run.ts';
import { MAX_WORKER_STARTS } from '../../../src/domain/jobs/runner-liveness.ts';

describe('fateOfAbandonedRun', () => {
  it('marks an import from the command line or a page failed, saying to run it again', () => {
    expect(fateOfAbandonedRun({ work: 'import', runnerKind: 'command_line', workerStarts: 0 })).toEqual({
      action: 'fail_import',
      message: 'The command-line import stopped before it finished; nothing was imported; run it again.',
    });
    expect(fateOfAbandonedRun({ work: 'import', runnerKind: 'web', workerStarts: 0 })).toEqual({
      action: 'fail_import',
      message: STOPPED_MESSAGES.web,
    });
  });

  it('queues a worker import or rollback again until the worker has died on it three times', () => {
    expect(fateOfAbandonedRun({ work: 'import', runnerKind: 'worker', workerStarts: 1 })).toMatchObject({
      action: 'requeue_import',
    });
    expect(fateOfAbandonedRun({ work: 'rollback', runnerKind: 'worker', workerStarts: 2 })).toEqual({
      action: 'requeue_rollback',
    });
    expect(fateOfAbandonedRun({ work: 'import', runnerKind: 'worker', workerStarts: MAX_WORKER_STARTS })).toEqual({
      action: 'fail_import',
      message: STOPPED_MESSAGES.workerGaveUp,
    });
    expect(fateOfAbandonedRun({ work: 'rollback', runnerKind: 'worker', workerStarts: MAX_WORKER_STARTS })).toEqual({
      action: 'end_rollback',
      message: STOPPED_MESSAGES.rollbackGaveUp,
    });
  });
});
