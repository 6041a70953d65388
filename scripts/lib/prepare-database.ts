import { openProvider, type Db } from '../../src/db/client.ts';
import { applyPendingMigrations } from '../../src/db/migrations.ts';
import { enableWriteAheadLog } from '../../src/db/sqlite.ts';
import type { Env } from '../../src/lib/env.ts';
import { resolveAuthSecret } from '../../src/server/auth/secret.ts';
import { queueSystemClusterRun } from '../../src/server/services/clustering/cluster-run-service.ts';
import { ensureDemoAccounts } from '../../src/server/services/accounts/demo-accounts.ts';
import { ensureDemoCases } from '../../src/server/services/cases/demo-cases.ts';
import { loadSeedData } from '../../prisma/seed/load-seed-data.ts';
import { seedDatabase, seedFileSynonyms, type SeedResult } from '../../prisma/seed/seed.ts';

export interface PreparedDatabase {
  provider: 'sqlite' | 'postgresql';
  appliedMigrations: string[];
  seed: SeedResult | null;
  demoAccountsCreated: number;
  /** Synonyms of content/taxonomy.json given to the tags of a database in use. */
  synonymsAdded: number;
}

async function withClient<T>(databaseUrl: string, work: (db: Db) => Promise<T>): Promise<T> {
  const db = (await openProvider(databaseUrl)).createClient();
  try {
    return await work(db);
  } finally {
    await db.$disconnect();
  }
}

export async function migrateDatabase(databaseUrl: string): Promise<PreparedDatabase> {
  const provider = await openProvider(databaseUrl);
  const appliedMigrations = await applyPendingMigrations(provider);
  if (provider.name === 'sqlite') await withClient(databaseUrl, enableWriteAheadLog);
  return { provider: provider.name, appliedMigrations, seed: null, demoAccountsCreated: 0, synonymsAdded: 0 };
}

/** Loads the pilot data; only inserts what is missing, so it is safe on a seeded database. */
export async function seed(databaseUrl: string): Promise<SeedResult> {
  const data = loadSeedData();
  return withClient(databaseUrl, (db) => seedDatabase(db, data));
}

/**
 * What `npm start` does before serving: migrate, seed a database that has no facilities (and queue
 * the first clustering run over the pilot issues, which the worker does at once), make sure the
 * session secret exists (so that every process shares it) and, when asked, the demo accounts.
 */
export async function prepareDatabase(env: Env): Promise<PreparedDatabase> {
  const prepared = await migrateDatabase(env.DATABASE_URL);
  const isEmpty = await withClient(env.DATABASE_URL, async (db) => (await db.facility.count()) === 0);
  const seeded = isEmpty ? await seed(env.DATABASE_URL) : null;
  // A database in use gets the synonyms the committed taxonomy gained since (docs/TAXONOMY.md).
  const synonymsAdded = isEmpty
    ? 0
    : await withClient(env.DATABASE_URL, (db) => seedFileSynonyms(db, loadSeedData().tags));
  if (seeded) await withClient(env.DATABASE_URL, (db) => queueSystemClusterRun(db, 'first start, over the pilot data'));
  const demoAccountsCreated = await withClient(env.DATABASE_URL, async (db) => {
    await resolveAuthSecret(db, env.AUTH_SECRET);
    if (!env.DEMO_ACCOUNTS) return 0;
    const created = await ensureDemoAccounts(db);
    await ensureDemoCases(db);
    return created;
  });
  return { ...prepared, seed: seeded, demoAccountsCreated, synonymsAdded };
}

export function describeSeed(result: SeedResult): string {
  const parts = Object.entries(result.created)
    .filter(([, count]) => count > 0)
    .map(([name, count]) => `${count} ${name}`);
  const summary = parts.length > 0 ? `seeded ${parts.join(', ')}` : 'the seed data was already there; nothing changed';
  // Tags whose words analysts gave to other tags meanwhile (docs/TAXONOMY.md): settle them on /taxonomy.
  return result.notes.length > 0 ? `${summary} (taxonomy: ${result.notes.join('; ')})` : summary;
}
