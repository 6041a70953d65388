import { PrismaPg } from '@prisma/adapter-pg';
import pg from 'pg';
import { PrismaClient } from './generated/postgresql/client.ts';
import { migrationsDirOf } from './migration-folders.ts';
import { registerDialect } from './dialect.ts';
import type { DatabaseProvider, Db } from './provider.ts';

const PG_CHAR_OID = 18;
const PG_TEXT_OID = 25;
/** Any constant works; it only has to be the same for every process migrating this database. */
const MIGRATION_LOCK_KEY = 4_321_001;

/**
 * adapter-pg 7.10.0 cannot read PostgreSQL's internal "char" type, which the schema engine's
 * catalogue queries return; reporting those columns as text lets the engine read them.
 */
class CatalogueReadablePool extends pg.Pool {
  override query(...args: unknown[]): never {
    const result = (super.query as (...a: unknown[]) => unknown)(...args);
    if (!(result instanceof Promise)) return result as never;
    return result.then((value: unknown) => {
      const fields = (value as { fields?: { dataTypeID: number }[] } | undefined)?.fields;
      for (const field of fields ?? []) if (field.dataTypeID === PG_CHAR_OID) field.dataTypeID = PG_TEXT_OID;
      return value;
    }) as never;
  }
}

/**
 * adapter-pg 7.10.0 runs a script by splitting it on every ";", which breaks function bodies in
 * hand-written migrations. PostgreSQL runs a multi-statement script sent as one simple query,
 * atomically, as Prisma's native engine does.
 */
class WholeScriptPrismaPg extends PrismaPg {
  override async connect() {
    const adapter = await super.connect();
    const reportError = (adapter as unknown as { onError(error: unknown): never }).onError.bind(adapter);
    adapter.executeScript = async (script: string) => {
      try {
        await adapter.underlyingDriver().query(script);
      } catch (error) {
        reportError(error);
      }
    };
    return adapter;
  }
}

export function createPostgresqlProvider(databaseUrl: string): DatabaseProvider {
  const enginePools: pg.Pool[] = [];
  return {
    name: 'postgresql',
    migrationsDir: migrationsDirOf('postgresql'),
    createClient(): Db {
      const client = new PrismaClient({ adapter: new PrismaPg({ connectionString: databaseUrl }) });
      return registerDialect(client as unknown as Db, 'postgresql');
    },
    createSchemaEngineAdapter() {
      const pool = new CatalogueReadablePool({ connectionString: databaseUrl, max: 2 });
      enginePools.push(pool);
      return new WholeScriptPrismaPg(pool);
    },
    async withMigrationLock(work) {
      const lock = new pg.Client({ connectionString: databaseUrl });
      await lock.connect();
      try {
        // Held by this session until unlocked or disconnected, so a crash releases it too.
        await lock.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
        try {
          return await work();
        } finally {
          await lock.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]);
        }
      } finally {
        await lock.end();
      }
    },
    async close() {
      await Promise.all(enginePools.splice(0).map((pool) => pool.end()));
    },
  };
}
