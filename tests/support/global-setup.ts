// Starts one throw-away PostgreSQL cluster for the whole run and migrates a template database on
// it and a template SQLite file, so that each test file copies a migrated database in milliseconds.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { createPostgresqlProvider } from '../../src/db/postgresql.ts';
import { createSqliteProvider } from '../../src/db/sqlite.ts';
import { applyPendingMigrations } from '../../src/db/migrations.ts';
import { buildIfStale } from '../../scripts/lib/build-if-stale.ts';
import { POSTGRES_TEMPLATE } from './postgres-template.ts';
import { prepareDatabaseWithApp, type PreparedDatabase } from './app-server.ts';
import {
  findPostgresBinDir,
  startTemporaryPostgres,
  type TemporaryPostgres,
} from '../../scripts/lib/temporary-postgres.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    /** URL of the template database's cluster, or null when PostgreSQL tests are skipped. */
    postgresClusterUrl: string | null;
    postgresSkipReason: string | null;
    sqliteTemplatePath: string;
    /** What `npm start` made of an empty database, without and with DEMO_ACCOUNTS (startAppOnPreparedDatabase). */
    preparedDatabases: { plain: PreparedDatabase; demo: PreparedDatabase };
  }
}

export default async function setup(project: TestProject) {
  // Built once here, so that test files starting the app never race to build it.
  buildIfStale(new URL('../../', import.meta.url).pathname);
  const workDir = mkdtempSync(join(tmpdir(), 'cbm-tests-'));
  const sqliteTemplatePath = join(workDir, 'template.db');
  await applyPendingMigrations(createSqliteProvider(`file:${sqliteTemplatePath}`));
  project.provide('sqliteTemplatePath', sqliteTemplatePath);
  const [plain, demo] = await Promise.all([
    prepareDatabaseWithApp(join(workDir, 'prepared-plain.db'), {}),
    prepareDatabaseWithApp(join(workDir, 'prepared-demo.db'), { DEMO_ACCOUNTS: 'true' }),
  ]);
  project.provide('preparedDatabases', { plain, demo });

  let postgres: TemporaryPostgres | null = null;
  if (findPostgresBinDir() === null && process.env.CI !== 'true') {
    project.provide('postgresClusterUrl', null);
    project.provide(
      'postgresSkipReason',
      'PostgreSQL is not installed here (apt-get install postgresql); CI runs these.',
    );
  } else {
    postgres = await startTemporaryPostgres();
    try {
      const { default: pg } = await import('pg');
      const admin = new pg.Client({ connectionString: postgres.url });
      await admin.connect();
      await admin.query(`CREATE DATABASE ${POSTGRES_TEMPLATE}`);
      await admin.end();
      await applyPendingMigrations(createPostgresqlProvider(postgres.urlOf(POSTGRES_TEMPLATE)));
    } catch (error) {
      await postgres.stop();
      throw error;
    }
    project.provide('postgresClusterUrl', postgres.url);
    project.provide('postgresSkipReason', null);
  }

  return async () => {
    await postgres?.stop();
    rmSync(workDir, { recursive: true, force: true });
  };
}
