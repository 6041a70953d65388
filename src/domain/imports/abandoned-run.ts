/**
 * What becomes of an import run whose process died (docs/IMPORT-FORMAT.md, "When an import's process
 * dies"). An import is all or nothing in one transaction and a rollback too, so a dead one wrote nothing:
 * a queued import (its file is kept on the run until it ends) and a queued rollback are simply taken again;
 * an import run from the command line or while a page waited has no file in the database, so it can only
 * be marked failed, for the person to run again.
 */
import { MAX_WORKER_STARTS, type RunnerKind } from '../jobs/runner-liveness.ts';

export const STOPPED_MESSAGES = {
  command_line: 'The command-line import stopped before it finished; nothing was imported; run it again.',
  web: 'The import stopped before it finished (the server stopped while it ran); nothing was imported; import the file again.',
  unknown: 'The import stopped before it finished; nothing was imported; import the file again.',
  requeued:
    'The worker running this import stopped before it finished; nothing was written, and the import is queued again.',
  workerGaveUp: `The worker stopped ${MAX_WORKER_STARTS} times while running this import; nothing was imported. The file may be too large for the worker: split it and import the parts.`,
  rollbackGaveUp: `The worker stopped ${MAX_WORKER_STARTS} times while rolling this import back; nothing was undone. Try again, or tell an administrator.`,
} as const;

export type AbandonedRunFate =
  | { action: 'fail_import'; message: string }
  | { action: 'requeue_import'; message: string }
  | { action: 'requeue_rollback' }
  | { action: 'end_rollback'; message: string };

/**
 * What to do with a run whose process is gone: `work` is what the process was doing, `runnerKind` null for
 * a run recorded before runners were (an import from the command line or a page; a worker's is left to its
 * job's lease).
 */
export function fateOfAbandonedRun(run: {
  work: 'import' | 'rollback';
  runnerKind: RunnerKind | null;
  workerStarts: number;
}): AbandonedRunFate {
  const mayRetry = run.workerStarts < MAX_WORKER_STARTS;
  if (run.work === 'rollback') {
    return mayRetry
      ? { action: 'requeue_rollback' }
      : { action: 'end_rollback', message: STOPPED_MESSAGES.rollbackGaveUp };
  }
  if (run.runnerKind === 'worker') {
    return mayRetry
      ? { action: 'requeue_import', message: STOPPED_MESSAGES.requeued }
      : { action: 'fail_import', message: STOPPED_MESSAGES.workerGaveUp };
  }
  return { action: 'fail_import', message: STOPPED_MESSAGES[run.runnerKind ?? 'unknown'] };
}
