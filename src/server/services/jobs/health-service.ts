import type { Db } from '../../../db/client.ts';
import { dialectOf } from '../../../db/dialect.ts';
import { logger } from '../../log/logger.ts';
import { checkWorkerHeartbeat, type WorkerHeartbeatCheck } from './worker-heartbeat.ts';

export interface Health {
  status: 'ok';
  /** How long a trivial query took, in milliseconds. */
  databaseLatencyMs: number;
  /** Which database runs: for administrators only, since it tells an attacker what to try. */
  database?: 'sqlite' | 'postgresql';
}

type Clock = () => number;
const performanceNow: Clock = performance.now.bind(performance);

/** Runs a trivial query; its latency in milliseconds, to two decimals. */
async function measureDatabaseLatency(db: Db, clock: Clock): Promise<number> {
  const started = clock();
  await db.$queryRaw`SELECT 1`;
  return Math.round((clock() - started) * 100) / 100;
}

export async function checkHealth(
  db: Db,
  { isAdministrator }: { isAdministrator: boolean },
  now: Clock = performanceNow,
): Promise<Health> {
  const databaseLatencyMs = await measureDatabaseLatency(db, now);
  return { status: 'ok', databaseLatencyMs, ...(isAdministrator && { database: dialectOf(db).provider }) };
}

/** How long the readiness check waits for the database before it says the database does not answer. */
export const READINESS_DATABASE_TIMEOUT_MS = 2_000;

type Check<Details extends object = object> = ({ ok: true } & Details) | { ok: false; reason: string };

/**
 * What /health/ready answers, to anyone: whether this process can serve, and if not, which check failed and
 * why, in words that name neither the database's kind nor its address (those go to the log).
 */
export interface Readiness {
  status: 'ready' | 'not_ready';
  checks: {
    database: Check<{ latencyMs: number }>;
    migrations: Check<{ applied: number }>;
    worker: WorkerHeartbeatCheck;
  };
}

type MigrationRow = { name: string; state: 'applied' | 'rolled_back' | 'unfinished' };

/** Compares the migration folders this code ships with the database's record of applied migrations. */
export function compareMigrations(
  expected: readonly string[],
  rows: readonly MigrationRow[],
): Readiness['checks']['migrations'] {
  const applied = new Set(rows.filter((row) => row.state === 'applied').map((row) => row.name));
  const unfinished = rows.filter((row) => row.state === 'unfinished').map((row) => row.name);
  const pending = expected.filter((name) => !applied.has(name) && !unfinished.includes(name));
  if (unfinished.length > 0) {
    logger.warn({ unfinishedMigrations: unfinished }, 'readiness: migrations failed or still running');
    return {
      ok: false,
      reason: `${unfinished.length} migration(s) failed or are still being applied; see the log and npm run db:migrate.`,
    };
  }
  if (pending.length > 0) {
    logger.warn({ pendingMigrations: pending }, 'readiness: migrations not applied');
    return {
      ok: false,
      reason: `${pending.length} migration(s) of this version are not applied yet; npm start or npm run db:migrate applies them.`,
    };
  }
  return { ok: true, applied: expected.length };
}

async function readMigrationRows(db: Db): Promise<MigrationRow[]> {
  return db.$queryRaw<MigrationRow[]>`
    SELECT migration_name AS name,
      CASE WHEN rolled_back_at IS NOT NULL THEN 'rolled_back'
           WHEN finished_at IS NULL THEN 'unfinished'
           ELSE 'applied' END AS state
    FROM _prisma_migrations`;
}

function withTimeout<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}

/** A check's result, or its failure in words for anyone; the error itself goes to the log only. */
async function settle<T extends { ok: boolean }>(
  work: Promise<T>,
  failure: string,
  timeoutMs: number,
): Promise<T | { ok: false; reason: string }> {
  try {
    return await withTimeout(work, timeoutMs);
  } catch (error) {
    logger.error({ err: error }, `readiness: ${failure}`);
    return { ok: false, reason: failure };
  }
}

/**
 * Whether this process can serve: the database answers, every migration this version ships is applied (none
 * failed), and some background worker wrote a heartbeat recently.
 */
export async function checkReadiness(
  db: Db,
  {
    expectedMigrations,
    now = new Date(),
    clock = performanceNow,
    timeoutMs = READINESS_DATABASE_TIMEOUT_MS,
  }: { expectedMigrations: readonly string[]; now?: Date; clock?: Clock; timeoutMs?: number },
): Promise<Readiness> {
  const database = await settle(
    measureDatabaseLatency(db, clock).then((latencyMs) => ({ ok: true as const, latencyMs })),
    `The database did not answer within ${timeoutMs / 1000} s.`,
    timeoutMs,
  );
  if (!database.ok) {
    const notChecked = { ok: false as const, reason: 'Not checked: the database did not answer.' };
    return { status: 'not_ready', checks: { database, migrations: notChecked, worker: notChecked } };
  }
  const [migrations, worker] = await Promise.all([
    settle(
      readMigrationRows(db).then((rows) => compareMigrations(expectedMigrations, rows)),
      'The record of applied migrations could not be read.',
      timeoutMs,
    ),
    settle(checkWorkerHeartbeat(db, now), 'The background worker heartbeat could not be read.', timeoutMs),
  ]);
  const isReady = migrations.ok && worker.ok;
  return { status: isReady ? 'ready' : 'not_ready', checks: { database, migrations, worker } };
}
