import { randomBytes } from 'node:crypto';
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, inject } from 'vitest';
import type { Db } from '../../src/db/client.ts';
import { createPostgresqlProvider } from '../../src/db/postgresql.ts';
import type { DatabaseProvider } from '../../src/db/provider.ts';
import type { ProviderName } from '../../src/db/provider-name.ts';
import { createSqliteProvider } from '../../src/db/sqlite.ts';
import { POSTGRES_TEMPLATE } from './postgres-template.ts';

export interface TestDatabase {
  readonly url: string;
  readonly provider: DatabaseProvider;
  /** A client on the migrated database; disconnected after the file's tests. */
  readonly db: Db;
}

export const PROVIDERS: readonly ProviderName[] = ['sqlite', 'postgresql'];

/** A fresh, empty database (migrated, or bare with `migrated: false`) of the given provider. */
export async function createTestDatabase(
  provider: ProviderName,
  { migrated = true } = {},
): Promise<{ url: string; drop: () => Promise<void> }> {
  if (provider === 'sqlite') {
    const dir = mkdtempSync(join(tmpdir(), 'cbm-test-db-'));
    const path = join(dir, 'test.db');
    if (migrated) copyFileSync(inject('sqliteTemplatePath'), path);
    return { url: `file:${path}`, drop: async () => rmSync(dir, { recursive: true, force: true }) };
  }
  const clusterUrl = inject('postgresClusterUrl');
  if (!clusterUrl) throw new Error(inject('postgresSkipReason') ?? 'PostgreSQL is not available');
  const name = `cbm_test_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: clusterUrl });
  await admin.connect();
  await admin.query(migrated ? `CREATE DATABASE ${name} TEMPLATE ${POSTGRES_TEMPLATE}` : `CREATE DATABASE ${name}`);
  await admin.end();
  const url = clusterUrl.replace(/\/postgres$/, `/${name}`);
  return {
    url,
    drop: async () => {
      const dropper = new pg.Client({ connectionString: clusterUrl });
      await dropper.connect();
      await dropper.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await dropper.end();
    },
  };
}

export function providerFor(name: ProviderName, url: string): DatabaseProvider {
  return name === 'sqlite' ? createSqliteProvider(url) : createPostgresqlProvider(url);
}

/**
 * Runs a describe block once per database provider, each with its own migrated database.
 * PostgreSQL blocks are skipped, with the reason, only outside CI when PostgreSQL is not installed.
 */
export function describeEachProvider(title: string, body: (database: () => TestDatabase) => void) {
  for (const name of PROVIDERS) {
    const skipReason = name === 'postgresql' ? inject('postgresSkipReason') : null;
    const block = skipReason ? describe.skip : describe;
    block(`${title} [${name}]${skipReason ? ` (skipped: ${skipReason})` : ''}`, () => {
      let current: TestDatabase | undefined;
      let drop: (() => Promise<void>) | undefined;
      beforeAll(async () => {
        const created = await createTestDatabase(name);
        drop = created.drop;
        const provider = providerFor(name, created.url);
        current = { url: created.url, provider, db: provider.createClient() };
      });
      afterAll(async () => {
        await current?.db.$disconnect();
        await current?.provider.close();
        await drop?.();
      });
      body(() => {
        if (!current) throw new Error('The test database is not ready yet (use it inside a test or hook).');
        return current;
      });
    });
  }
}
