import { z } from 'zod';
import type { Db } from '../../db/client.ts';
import type { SignedInActor } from '../../domain/access/actor.ts';
import { IMPORT_JOB, runQueuedImport } from './import-service.ts';
import { claimDueMessages, markAttemptFailed, markDelivered } from './outbox.ts';

const ImportJobSchema = z.object({ importRunId: z.string().min(1) });
/** Longer than the write transaction may last (10 minutes), so that no second worker starts a live run. */
const LEASE_MS = 15 * 60_000;

export interface ImportWorkerDeps {
  actorOf: (userId: string) => Promise<SignedInActor | null>;
  maxBytes: number;
}

/** Runs the queued imports that are due, one at a time: each is a long transaction of its own. */
export async function runDueImports(db: Db, deps: ImportWorkerDeps, now = new Date()): Promise<number> {
  let ran = 0;
  for (;;) {
    const [message] = await claimDueMessages(db, IMPORT_JOB, { now, leaseMs: LEASE_MS, batchSize: 1 });
    if (!message) return ran;
    try {
      const { importRunId } = ImportJobSchema.parse(message.payload);
      await runQueuedImport(db, importRunId, deps.actorOf, deps.maxBytes);
      await markDelivered(db, message.id);
    } catch (error) {
      // The run itself records the failure; the message keeps the error for administrators.
      await markAttemptFailed(db, message, error, now);
    }
    ran += 1;
  }
}
