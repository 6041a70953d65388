import { openProvider } from '../db/client.ts';
import type { Db } from '../db/client.ts';
import { env } from '../lib/env.ts';

let database: Promise<Db> | undefined;

/** The web process's one database client, created on first use. */
export function getDatabase(): Promise<Db> {
  database ??= openProvider(env().DATABASE_URL).then((provider) => provider.createClient());
  return database;
}
