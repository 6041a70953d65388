// npm run db:migration:new -- <name> [--empty]
// Creates the next migration for both providers from the difference between the existing migrations
// and prisma/schema.prisma, on throw-away databases (a temporary SQLite file; a temporary PostgreSQL
// cluster). --empty creates empty folders for hand-written SQL such as full-text tables and triggers.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { createPostgresqlProvider } from '../src/db/postgresql.ts';
import { createSqliteProvider } from '../src/db/sqlite.ts';
import type { DatabaseProvider } from '../src/db/provider.ts';
import { diffMigrationsAgainstSchema, migrationTimestamp, writeMigration } from '../src/db/migrations.ts';
import { startTemporaryPostgres } from './lib/temporary-postgres.ts';

const { positionals, values } = parseArgs({ allowPositionals: true, options: { empty: { type: 'boolean' } } });
const name = positionals[0];
if (!name || !/^[a-z0-9_]+$/.test(name)) {
  console.error('Usage: npm run db:migration:new -- <name> [--empty]   (name: lower-case letters, digits, _)');
  process.exit(1);
}
const folderName = `${migrationTimestamp(new Date())}_${name}`;

async function createFor(provider: DatabaseProvider) {
  const sql = values.empty ? '-- Hand-written migration.\n' : await diffMigrationsAgainstSchema(provider);
  if (sql === null) {
    console.log(`${provider.name}: schema.prisma and the migrations agree; nothing to create.`);
    return;
  }
  writeMigration(provider.migrationsDir, folderName, sql, provider.name);
  console.log(`${provider.name}: created ${join(provider.migrationsDir, folderName)}/migration.sql`);
  // SQLite alters a table by re-creating it, which drops the triggers that keep search in step.
  if (provider.name === 'sqlite' && /CREATE TABLE "new_(LocalIssue|RootCause)"/.test(sql)) {
    console.warn(
      'sqlite: this migration re-creates LocalIssue or RootCause; append the search triggers from ' +
        'the *_local_issue_search migration to it, or the migration test will fail.',
    );
  }
}

const scratchDir = mkdtempSync(join(tmpdir(), 'cbm-migration-'));
const postgres = values.empty ? null : await startTemporaryPostgres();
try {
  await createFor(createSqliteProvider(`file:${join(scratchDir, 'scratch.db')}`));
  await createFor(createPostgresqlProvider(postgres?.url ?? 'postgresql://unused'));
} finally {
  await postgres?.stop();
  rmSync(scratchDir, { recursive: true, force: true });
}
// The schema engine leaves a timer behind after PostgreSQL work.
process.exit(0);
