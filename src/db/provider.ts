import type { SqlMigrationAwareDriverAdapterFactory } from '@prisma/driver-adapter-utils';
import type { PrismaClient } from './generated/sqlite/client.ts';
import type { ProviderName } from './provider-name.ts';

/**
 * The application's database handle. Both generated clients have the same models and methods
 * (the schema is one file); the SQLite client's type stands for both.
 */
export type Db = PrismaClient;

/** A transaction handle as interactive transactions pass it to their callback. */
export type Tx = Parameters<Parameters<Db['$transaction']>[0]>[0];

/** What differs per database. Everything else in the code uses `Db` and does not ask which it got. */
export interface DatabaseProvider {
  readonly name: ProviderName;
  /** The migration folder of this provider, e.g. prisma/migrations/sqlite. */
  readonly migrationsDir: string;
  createClient(): Db;
  /** An adapter factory for Prisma's WebAssembly schema engine. */
  createSchemaEngineAdapter(): SqlMigrationAwareDriverAdapterFactory;
  /** Runs `work` while no other process migrates the same database; waits for one that does. */
  withMigrationLock<T>(work: () => Promise<T>): Promise<T>;
  /** Releases connections the provider itself opened (clients are disconnected by their owners). */
  close(): Promise<void>;
}
