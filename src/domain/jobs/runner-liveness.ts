/**
 * Whether the process working on a long job (an import, a rollback, a clustering run) is still there. The job's
 * row records its runner and a heartbeat; a sweep asks this when it looks for jobs whose process died.
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

/** How often a running import, rollback or clustering run writes its heartbeat. */
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
/** A worker that died this many times on one queued job (an import, a rollback, a clustering run) is not given it again. */
export const MAX_WORKER_STARTS = 3;

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
