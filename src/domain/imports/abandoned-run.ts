/**
 * What becomes of an import run whose process died (docs/IMPORT-FORMAT.md, "When an import's process
 * dies"). An import is all or nothing in one transaction and a rollback too, so a dead one wrote nothing:
 * a queued import (its file is kept on the run until it ends) and a queued rollback are simply taken again;
 * an import run from the command line or while a page waited has no file in the database, so it can only
 * be marked failed, for the person to run again.
 */

/** Where a run's work runs. */
export type RunnerKind = 'command_line' | 'web' | 'worker';

/** The process working on a run, as recorded on it. */
export interface Runner {
  kind: RunnerKind;
  machine: string;
  pid: number;
  start: string | null;
}

/** How often a running import or rollback writes its heartbeat. */
export const HEARTBEAT_EVERY_MS = 5_000;
/**
 * A runner on another machine (PostgreSQL only: an SQLite file has one machine) is taken for dead after this
 * long without a heartbeat: 24 missed beats, far longer than the event loop is ever held (checking a file of
 * the largest size allowed) and than a brief loss of the database.
 */
export const SILENT_RUNNER_LIMIT_MS = 2 * 60_000;
/**
 * A runner on this machine whose process still runs is taken for dead only after this long without a
 * heartbeat: it has lost track of the run (its last write failed). Longer than a write transaction may last
 * (10 minutes), during which an SQLite runner does not beat: its own write lock would hold the beat up.
 */
export const LOST_RUNNER_LIMIT_MS = 15 * 60_000;
/** A worker that died this many times on one queued import or rollback is not given it again. */
export const MAX_WORKER_STARTS = 3;

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

/**
 * Whether a runner is gone. `processFound` is what this machine's process table says about the runner: exact
 * and immediate, and it needs no write from the runner (an SQLite runner inside its write transaction cannot
 * write anything else). It is null when the runner is on another machine, whose process table cannot be read
 * from here: then only its heartbeat tells.
 */
export function isRunnerGone({
  processFound,
  heartbeatAt,
  now,
}: {
  processFound: boolean | null;
  heartbeatAt: Date | null;
  now: Date;
}): boolean {
  const silentFor = heartbeatAt ? now.getTime() - heartbeatAt.getTime() : Number.POSITIVE_INFINITY;
  if (processFound === null) return silentFor > SILENT_RUNNER_LIMIT_MS;
  return !processFound || silentFor > LOST_RUNNER_LIMIT_MS;
}
