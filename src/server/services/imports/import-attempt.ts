import type { Db } from '../../../db/client.ts';
import type { Prisma } from '../../../db/generated/sqlite/client.ts';
import { attemptFields, beginHeartbeat, type RunAttempt } from '../jobs/run-attempt.ts';

/**
 * One process's work on an import run (its import, or a rollback the worker was asked for), recorded on the
 * run so that a sweep finds it when the process dies (src/server/services/imports/import-sweep.ts).
 */
export interface ImportAttempt extends RunAttempt {
  readonly importRunId: string;
}

/** Starts the heartbeat of an attempt recorded on the run with `attemptFields`. */
export function beginAttempt(db: Db, importRunId: string, token: string): ImportAttempt {
  const heartbeat = beginHeartbeat(db, token, () =>
    db.importRun.updateMany({ where: { id: importRunId, runnerToken: token }, data: { heartbeatAt: new Date() } }),
  );
  return { importRunId, ...heartbeat };
}

/**
 * Takes a queued import or rollback for this worker process, only while no attempt holds it (`where` adds
 * what the work needs), counting the start. Null when another attempt has it or the work has ended.
 */
export async function takeRunForWorker(
  db: Db,
  importRunId: string,
  where: Prisma.ImportRunWhereInput,
): Promise<ImportAttempt | null> {
  const fields = attemptFields('worker');
  const { count } = await db.importRun.updateMany({
    where: { AND: [{ id: importRunId, runnerToken: null }, where] },
    data: { ...fields, workerStarts: { increment: 1 } },
  });
  return count === 1 ? beginAttempt(db, importRunId, fields.runnerToken) : null;
}
