import type { Db } from '../../../db/client.ts';
import type { ImportOutcome, Prisma } from '../../../db/generated/sqlite/client.ts';
import { fateOfAbandonedRun, type AbandonedRunFate } from '../../../domain/imports/abandoned-run.ts';
import type { Runner } from '../../../domain/jobs/runner-liveness.ts';
import { isAttemptAbandoned, NO_RUNNER, runnerOf, type RecordedAttempt } from '../jobs/run-attempt.ts';
import { makeJobDue } from '../jobs/outbox.ts';
import { ROLLBACK_JOB } from './import-runs.ts';
import { IMPORT_JOB } from './import-service.ts';

interface Candidate extends RecordedAttempt {
  id: string;
  outcome: ImportOutcome;
  workerStarts: number;
}

function changesOf(fate: AbandonedRunFate, now: Date): Prisma.ImportRunUpdateManyMutationInput {
  switch (fate.action) {
    case 'fail_import':
      return {
        outcome: 'failed',
        phase: 'done',
        finishedAt: now,
        fileContent: null,
        report: { message: fate.message, problems: [] },
      };
    case 'requeue_import':
      return { phase: 'queued', rowsDone: 0, report: { message: fate.message, problems: [] } };
    case 'requeue_rollback':
      return {};
    case 'end_rollback':
      return { rollbackRequestedAt: null, rollbackRefusal: { message: fate.message, blockers: [] } };
  }
}

/** Ends or re-queues one abandoned run, unless someone else (another sweep, the runner itself) was first. */
async function abandon(db: Db, run: Candidate, runner: Runner | null, now: Date): Promise<boolean> {
  const fence = { id: run.id, runnerToken: run.runnerToken, outcome: run.outcome };
  const work = run.outcome === 'running' ? 'import' : run.outcome === 'succeeded' ? 'rollback' : null;
  if (work === null) {
    // An ended run keeps no runner; one left over is only cleared.
    return (await db.importRun.updateMany({ where: fence, data: NO_RUNNER })).count === 1;
  }
  const fate = fateOfAbandonedRun({ work, runnerKind: runner?.kind ?? null, workerStarts: run.workerStarts });
  return db.$transaction(async (tx) => {
    const { count } = await tx.importRun.updateMany({
      where: work === 'rollback' ? { ...fence, rollbackRequestedAt: { not: null } } : fence,
      data: { ...NO_RUNNER, ...changesOf(fate, now) },
    });
    if (count === 0) return false;
    if (fate.action === 'requeue_import') await makeJobDue(tx, IMPORT_JOB, { importRunId: run.id }, now);
    if (fate.action === 'requeue_rollback') await makeJobDue(tx, ROLLBACK_JOB, { importRunId: run.id }, now);
    return true;
  });
}

/**
 * Finds the imports and rollbacks whose process died (SIGKILL, a crash, a lost machine) and ends or re-queues
 * them (src/domain/imports/abandoned-run.ts): a command-line or page import is marked failed with the reason
 * its page shows; a queued import or rollback is given back to the queue, due now, up to three starts. Each
 * change is a short conditional write, so that of several workers sweeping at once one makes it, and it is
 * never made while the runner's transaction is open on SQLite (the write waits for that lock). Returns how
 * many runs it ended or re-queued. Run by the worker before it takes jobs, and by `npm run import`.
 */
export async function sweepAbandonedRuns(db: Db, now = new Date()): Promise<number> {
  const candidates: Candidate[] = await db.importRun.findMany({
    where: {
      OR: [
        { runnerToken: { not: null } },
        // Runs of a version that recorded no runner: an import from the command line or a page (a worker's
        // run has its file and is taken again when its job's lease runs out).
        { outcome: 'running', phase: { not: 'queued' }, runnerToken: null, fileContent: null },
      ],
    },
    select: { id: true, outcome: true, runnerToken: true, runner: true, heartbeatAt: true, workerStarts: true },
  });
  let swept = 0;
  for (const run of candidates) {
    if (!isAttemptAbandoned(run, now)) continue;
    if (await abandon(db, run, runnerOf(run), now)) swept += 1;
  }
  return swept;
}
