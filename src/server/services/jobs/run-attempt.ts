import { randomUUID } from 'node:crypto';
import { DbNull } from '@prisma/client/runtime/client';
import { z } from 'zod';
import type { Db } from '../../../db/client.ts';
import { dialectOf } from '../../../db/dialect.ts';
import type { Prisma } from '../../../db/generated/sqlite/client.ts';
import {
  HEARTBEAT_EVERY_MS,
  isRunnerGone,
  type Runner,
  type RunnerKind,
} from '../../../domain/jobs/runner-liveness.ts';
import { processState, thisProcess } from '../../process-identity.ts';

/**
 * One process's work on a long job recorded in a row of its own (an import run, a clustering run), so that a
 * sweep finds it when the process dies. The row holds the attempt's token, the process (machine, id, start
 * time) and a heartbeat; the write that ends the job requires the token and clears all three.
 */
export interface RunAttempt {
  readonly token: string;
  /**
   * Runs a write transaction. On SQLite the heartbeat pauses meanwhile: the transaction holds the database's
   * one write lock, and a beat would only wait for it (tried again and again for 30 s). Nothing is lost: a
   * sweep on this machine asks the process table, not the heartbeat, and any sweep's own write waits for the
   * same lock, so it cannot act on the job before the transaction has ended.
   */
  whileWriting<T>(work: () => Promise<T>): Promise<T>;
  /** Stops the heartbeat, once the job has ended or another attempt has it. */
  stop(): void;
}

/** What a job's row records of the attempt on it. */
export interface RecordedAttempt {
  runnerToken: string | null;
  runner: unknown;
  heartbeatAt: Date | null;
}

export const RunnerSchema = z.object({
  kind: z.enum(['command_line', 'web', 'worker']),
  machine: z.string(),
  pid: z.number().int(),
  start: z.string().nullable(),
}) satisfies z.ZodType<Runner>;

/** Tokens of the attempts this process works on: a sweep tells its own lost attempts from live ones. */
const liveTokens = new Set<string>();

/** The columns that record a new attempt by this process. */
export function attemptFields(kind: RunnerKind, now = new Date()) {
  const me = thisProcess();
  const runner: Runner = { kind, machine: me.machine, pid: me.pid, start: me.start };
  return { runnerToken: randomUUID(), runner: runner as unknown as Prisma.InputJsonValue, heartbeatAt: now };
}

/** The columns that end an attempt: the job has no runner any more. */
export const NO_RUNNER = {
  runnerToken: null,
  runner: DbNull,
  heartbeatAt: null,
} satisfies Prisma.ImportRunUpdateInput & Prisma.ClusterRunUpdateInput;

/**
 * Starts the heartbeat of an attempt recorded with `attemptFields`: `beat` is called every HEARTBEAT_EVERY_MS,
 * outside any transaction, and writes the beat only while the job is still this attempt's. The timer never
 * keeps a process alive.
 */
export function beginHeartbeat(db: Db, token: string, beat: () => Promise<unknown>): RunAttempt {
  liveTokens.add(token);
  const pausesWhileWriting = dialectOf(db).provider === 'sqlite';
  let writing = 0;
  let timer: NodeJS.Timeout | undefined;
  let isStopped = false;
  const schedule = () => {
    if (isStopped) return;
    timer = setTimeout(() => void beatOnce(), HEARTBEAT_EVERY_MS);
    timer.unref();
  };
  const beatOnce = async () => {
    // A failed beat (the database briefly away) is not an error: the next one tries again.
    if (writing === 0) await beat().catch(() => undefined);
    schedule();
  };
  schedule();
  return {
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

/** The runner recorded on a job, or null for a job recorded before runners were. */
export const runnerOf = (attempt: RecordedAttempt): Runner | null =>
  RunnerSchema.safeParse(attempt.runner).data ?? null;

/**
 * Whether the process working on a job is gone. On this machine the process table says so at once, without
 * any write from that process (an SQLite job inside its write transaction can write nothing else); this
 * process knows its own attempts; another machine's runner is gone when its heartbeat has stopped.
 */
export function isAttemptAbandoned(attempt: RecordedAttempt, now: Date): boolean {
  // A job that is neither queued nor recorded with a runner was started before runners were recorded.
  if (attempt.runnerToken === null) return true;
  const runner = runnerOf(attempt);
  const here = thisProcess();
  if (!runner || runner.machine !== here.machine) {
    return isRunnerGone({ processFound: null, heartbeatAt: attempt.heartbeatAt, now });
  }
  if (runner.pid === here.pid && runner.start === here.start) return !liveTokens.has(attempt.runnerToken);
  const processFound = processState(runner.pid, runner.start) === 'running';
  return isRunnerGone({ processFound, heartbeatAt: attempt.heartbeatAt, now });
}
