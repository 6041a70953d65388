import type { DatabaseProvider } from './provider.ts';
import { providerOf } from './provider-name.ts';

export type { Db, Tx } from './provider.ts';

/** Loads only the chosen provider's client, so a SQLite deployment never loads pg and vice versa. */
export async function openProvider(databaseUrl: string): Promise<DatabaseProvider> {
  if (providerOf(databaseUrl) === 'sqlite') {
    const { createSqliteProvider } = await import('./sqlite.ts');
    return createSqliteProvider(databaseUrl);
  }
  const { createPostgresqlProvider } = await import('./postgresql.ts');
  return createPostgresqlProvider(databaseUrl);
}
