import type { Db } from '../../db/client.ts';
import { dialectOf } from '../../db/dialect.ts';

export interface Health {
  status: 'ok';
  database: 'sqlite' | 'postgresql';
  /** How long a trivial query took, in milliseconds. */
  databaseLatencyMs: number;
}

export async function checkHealth(db: Db, now: () => number = performance.now.bind(performance)): Promise<Health> {
  const started = now();
  await db.$queryRaw`SELECT 1`;
  return {
    status: 'ok',
    database: dialectOf(db).provider,
    databaseLatencyMs: Math.round((now() - started) * 100) / 100,
  };
}
