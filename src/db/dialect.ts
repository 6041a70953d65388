import type { Db } from './provider.ts';
import type { ProviderName } from './provider-name.ts';

/**
 * Query pieces whose spelling differs per database. Services ask `dialectOf(db)` instead of
 * branching on the provider themselves.
 */
export interface Dialect {
  readonly provider: ProviderName;
  /** A case-insensitive "contains" filter for a text column. */
  containsText(term: string): { contains: string; mode?: 'insensitive' };
}

const DIALECTS: Record<ProviderName, Dialect> = {
  // SQLite's LIKE, which Prisma uses for contains, already ignores ASCII case.
  sqlite: { provider: 'sqlite', containsText: (term) => ({ contains: term }) },
  postgresql: { provider: 'postgresql', containsText: (term) => ({ contains: term, mode: 'insensitive' }) },
};

const providerOfClient = new WeakMap<object, ProviderName>();

/** Called by each provider for every client it creates. */
export function registerDialect(db: Db, provider: ProviderName): Db {
  providerOfClient.set(db, provider);
  return db;
}

export function dialectOf(db: Db): Dialect {
  const provider = providerOfClient.get(db);
  if (!provider) throw new Error('This database client was not created by a provider in src/db.');
  return DIALECTS[provider];
}
