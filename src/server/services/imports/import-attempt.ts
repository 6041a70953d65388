import { randomUUID } from 'node:crypto';
import { DbNull } from '@prisma/client/runtime/client';
import type { Db } from '../../../db/client.ts';
import { dialectOf } from '../../../db/dialect.ts';
import type { Prisma } from '../../../db/generated/sqlite/client.ts';
import { HEARTBEAT_EVERY_MS, type Runner, type RunnerKind } from '../../../domain/imports/abandoned-run.ts';
import { thisProcess } from '../../process-identity.ts';

/**
 * One process's work on an import run (its import, or a rollback the worker was asked for), recorded on the
 * run so that a sweep finds it when the process dies (src/server/services/imports/import-sweep.ts). The run holds the
 * attempt's token, the process (machine, id, start time) and a heartbeat; the write that ends the run
 * requires the token and clears all three.
 */
export interface ImportAttempt {
  readonly importRunId: string;
  readonly token: string;
  /**
   * Runs a write transaction. On SQLite the heartbeat pauses meanwhile: the transaction holds the database's
   * one write lock, and a beat would only wait for it (tried again and again for 30 s). Nothing is lost: a
   * sweep on this machine asks the process table, not the heartbeat, and any sweep's own write waits for the
   * same lock, so it cannot act on the run before the transaction has ended.
   */
  whileWriting<T>(work: () => Promise<T>): Promise<T>;
  /** Stops the heartbeat, once the run has ended or another attempt has it. */
  stop(): void;
}

/** Tokens of the attempts this process works on: the sweep tells its own lost attempts from live ones. */
const liveTokens = new Set<string>();

export const isLiveAttemptOfThisProcess = (token: string) => liveTokens.has(token);

/** The columns that record a new attempt by this process. */
export function attemptFields(kind: RunnerKind, now = new Date()) {
  const me = thisProcess();
  const runner: Runner = { kind, machine: me.machine, pid: me.pid, start: me.start };
  return { runnerToken: randomUUID(), runner: runner as unknown as Prisma.InputJsonValue, heartbeatAt: now };
}

/** The columns that end an attempt: the run has no runner any more. */
export const NO_RUNNER = { runnerToken: null, runner: DbNull, heartbeatAt: null } satisfies Prisma.ImportRunUpdateInput;

/**
 * Starts the heartbeat of an attempt recorded with `attemptFields`: every HEARTBEAT_EVERY_MS, outside any
 * transaction, only while the run is still this attempt's. The timer never keeps a process alive.
 */
export function beginAttempt(db: Db, importRunId: string, token: string): ImportAttempt {
  liveTokens.add(token);
  const pausesWhileWriting = dialectOf(db).provider === 'sqlite';
  let writing = 0;
  let timer: NodeJS.Timeout | undefined;
  let isStopped = false;
  const schedule = () => {
    if (isStopped) return;
    timer = setTimeout(() => void beat(), HEARTBEAT_EVERY_MS);
    timer.unref();
  };
  const beat = async () => {
    if (writing === 0) {
      // A failed beat (the database briefly away) is not an error: the next one tries again.
      await db.importRun
        .updateMany({ where: { id: importRunId, runnerToken: token }, data: { heartbeatAt: new Date() } })
        .catch(() => undefined);
    }
    schedule();
  };
  schedule();
  return {
    importRunId,
    token,
    async whileWriting(work) {
      if (!pausesWhileWriting) return work();
      writing += 1;
      try {
        return await work();
      } finally {
        writing -= 1;
      }
    },
    stop() {
      isStopped = true;
      clearTimeout(timer);
      liveTokens.delete(token);
    },
  };
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
