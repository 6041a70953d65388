import { z } from 'zod';
import type { Db } from '../../db/client.ts';
import type { SignedInActor } from '../../domain/access/actor.ts';
import { IMPORT_JOB, runQueuedImport } from './import-service.ts';
import { runDueJobs } from './job-runner.ts';

const ImportJobSchema = z.object({ importRunId: z.string().min(1) });
/** Longer than the write transaction may last (10 minutes), so that no second worker starts a live run. */
const LEASE_MS = 15 * 60_000;

export interface ImportWorkerDeps {
  actorOf: (userId: string) => Promise<SignedInActor | null>;
  maxBytes: number;
}

/** Runs the queued imports that are due, one at a time: each is a long transaction of its own. */
export function runDueImports(db: Db, deps: ImportWorkerDeps, now = new Date()): Promise<number> {
  return runDueJobs(
    db,
    IMPORT_JOB,
    LEASE_MS,
    async (message) => {
      // The run itself records a failure; the message keeps the error for administrators.
      const { importRunId } = ImportJobSchema.parse(message.payload);
      await runQueuedImport(db, importRunId, deps.actorOf, deps.maxBytes);
    },
    now,
  );
}
