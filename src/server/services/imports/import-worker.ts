import { z } from 'zod';
import type { Db } from '../../../db/client.ts';
import type { SignedInActor } from '../../../domain/accounts/actor.ts';
import { ROLLBACK_JOB, runQueuedRollback } from './import-runs.ts';
import { IMPORT_JOB, runQueuedImport } from './import-service.ts';
import { sweepAbandonedRuns } from './import-sweep.ts';
import { runDueJobs } from '../jobs/job-runner.ts';

const ImportJobSchema = z.object({ importRunId: z.string().min(1) });
/**
 * Longer than the write transaction may last (10 minutes). A second worker never starts a live run anyway
 * (a run is taken only while no attempt holds it), and one whose worker died is made due again by the sweep
 * at once; the lease only covers the moment between claiming the job and taking its run.
 */
const LEASE_MS = 15 * 60_000;

export interface ImportWorkerDeps {
  actorOf: (userId: string) => Promise<SignedInActor | null>;
  maxBytes: number;
}

/**
 * Ends or re-queues the imports and rollbacks whose process died (import-sweep.ts), then runs the queued
 * imports and rollbacks that are due, one at a time: each is a long transaction of its own. Returns how
 * many ran.
 */
export async function runDueImports(db: Db, deps: ImportWorkerDeps, now = new Date()): Promise<number> {
  await sweepAbandonedRuns(db, now);
  // Each run records its own failure on the import's page; the outbox message keeps the error for administrators.
  const imports = await runDueJobs(
    db,
    IMPORT_JOB,
    LEASE_MS,
    async (message) => {
      const { importRunId } = ImportJobSchema.parse(message.payload);
      await runQueuedImport(db, importRunId, deps.actorOf, deps.maxBytes);
    },
    now,
  );
  const rollbacks = await runDueJobs(
    db,
    ROLLBACK_JOB,
    LEASE_MS,
    async (message) => runQueuedRollback(db, ImportJobSchema.parse(message.payload).importRunId, deps.actorOf),
    now,
  );
  return imports + rollbacks;
}
