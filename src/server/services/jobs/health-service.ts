import type { Db } from '../../../db/client.ts';
import { dialectOf } from '../../../db/dialect.ts';

export interface Health {
  status: 'ok';
  /** How long a trivial query took, in milliseconds. */
  databaseLatencyMs: number;
  /** Which database runs: for administrators only, since it tells an attacker what to try. */
  database?: 'sqlite' | 'postgresql';
}

export async function checkHealth(
  db: Db,
  { isAdministrator }: { isAdministrator: boolean },
  now: () => number = performance.now.bind(performance),
): Promise<Health> {
  const started = now();
  await db.$queryRaw`SELECT 1`;
  const databaseLatencyMs = Math.round((now() - started) * 100) / 100;
  return { status: 'ok', databaseLatencyMs, ...(isAdministrator && { database: dialectOf(db).provider }) };
}
