import { describe, expect, it } from 'vitest';
import {
  fateOfAbandonedRun,
  isRunnerGone,
  LOST_RUNNER_LIMIT_MS,
  MAX_WORKER_STARTS,
  SILENT_RUNNER_LIMIT_MS,
  STOPPED_MESSAGES,
} from '../../../src/domain/imports/abandoned-run.ts';

const now = new Date('2026-12-06T12:00:00Z');
const before = (ms: number) => new Date(now.getTime() - ms);

describe('isRunnerGone', () => {
  it('takes the process table at its word on this machine, whatever the heartbeat says', () => {
    expect(isRunnerGone({ processFound: false, heartbeatAt: now, now })).toBe(true);
    expect(isRunnerGone({ processFound: true, heartbeatAt: before(SILENT_RUNNER_LIMIT_MS * 2), now })).toBe(false);
  });

  it('takes a runner whose process runs but has not beaten for longer than a transaction may last for lost', () => {
    expect(isRunnerGone({ processFound: true, heartbeatAt: before(LOST_RUNNER_LIMIT_MS + 1), now })).toBe(true);
  });

  it('judges a runner on another machine by its heartbeat only', () => {
    expect(isRunnerGone({ processFound: null, heartbeatAt: before(SILENT_RUNNER_LIMIT_MS), now })).toBe(false);
    expect(isRunnerGone({ processFound: null, heartbeatAt: before(SILENT_RUNNER_LIMIT_MS + 1), now })).toBe(true);
    expect(isRunnerGone({ processFound: null, heartbeatAt: null, now })).toBe(true);
  });
});

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
