import { spawn } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { createClient } from '@libsql/client';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { backupDatabase, restoreDatabase } from '../../../src/db/backup/backup.ts';
import { createPostgresqlBackup } from '../../../src/db/backup/postgresql-backup.ts';
import { createSqliteBackup } from '../../../src/db/backup/sqlite-backup.ts';
import type { Db } from '../../../src/db/client.ts';
import { dialectOf } from '../../../src/db/dialect.ts';
import { enableWriteAheadLog } from '../../../src/db/sqlite.ts';
import { recordAudit } from '../../../src/server/services/audit/audit.ts';
import { aLocalIssue } from '../../fixtures/builders.ts';
import { anActorWithAccount } from '../../support/auth.ts';
import { seededCaseWorld } from '../../support/case-fixtures.ts';
import { fingerprintDatabase, type Row } from '../../support/table-fingerprints.ts';
import { createTestDatabase, PROVIDERS, providerFor } from '../../support/test-database.ts';

const ROOT = new URL('../../../', import.meta.url).pathname;
const WRITER_ENTITY = 'BackupRoundTrip';
/** Words of the pilot data and of the issue added below, searched for before and after the round trip. */
const SEARCHES = ['water', 'vehicle', 'queue', 'medicine', 'borehole pump'];

/** Runs an npm script's file the way `npm run` does, without blocking this process (its writer goes on). */
function runScriptFile(script: string, args: string[], databaseUrl: string) {
  return new Promise<{ status: number | null; stdout: string; stderr: string }>((resolve, reject) => {
    const child = spawn(
      join(ROOT, 'node_modules/.bin/tsx'),
      ['--disable-warning=ExperimentalWarning', script, ...args],
      { cwd: ROOT, env: { ...process.env, DATABASE_URL: databaseUrl } },
    );
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (status) => resolve({ status, stdout, stderr }));
  });
}

/** Appends audit events, one transaction each, until stopped: the server's writes during a backup. */
function startWriter(db: Db) {
  const committed: string[] = [];
  let isStopped = false;
  const done = (async () => {
    for (let n = 0; !isStopped; n += 1) {
      const entityId = String(n).padStart(6, '0');
      await recordAudit(
        db,
        { userId: null, label: 'backup test' },
        {
          entityType: WRITER_ENTITY,
          entityId,
          action: 'sign_in.failed',
        },
      );
      committed.push(entityId);
      await sleep(2);
    }
  })();
  return {
    committed,
    async stop() {
      isStopped = true;
      await done;
    },
  };
}

async function openReadTransaction(url: string) {
  const client = createClient({ url });
  const transaction = await client.transaction('read');
  await transaction.execute('SELECT count(*) FROM "AuditEvent"');
  return {
    close() {
      transaction.close();
      client.close();
    },
  };
}

const isWriterRow = (table: string, row: Row) => table === 'AuditEvent' && row.entityType === WRITER_ENTITY;

async function searchResults(db: Db) {
  const dialect = dialectOf(db);
  return Promise.all(SEARCHES.map((words) => dialect.matchLocalIssues(db, words, 500)));
}

for (const name of PROVIDERS) {
  const skipReason = name === 'postgresql' ? inject('postgresSkipReason') : null;
  describe.skipIf(skipReason !== null)(`npm run db:backup and db:restore [${name}]`, () => {
    const dir = mkdtempSync(join(tmpdir(), 'cbm-backup-test-'));
    const backupFile = join(dir, `round-trip.${name === 'sqlite' ? 'db' : 'dump'}`);
    const drops: (() => Promise<void>)[] = [];
    const clients: Db[] = [];
    let sourceUrl = '';
    let source: Db;
    let restoredUrl = '';

    const clientOf = (url: string) => {
      const client = providerFor(name, url).createClient();
      clients.push(client);
      return client;
    };
    const emptyDatabase = async () => {
      const created = await createTestDatabase(name, { migrated: false });
      drops.push(created.drop);
      return created.url;
    };

    beforeAll(async () => {
      const created = await createTestDatabase(name);
      drops.push(created.drop);
      sourceUrl = created.url;
      source = clientOf(sourceUrl);
      // As npm start leaves it: the WAL holds the newest commits until a checkpoint copies them into the file.
      if (name === 'sqlite') await enableWriteAheadLog(source);
      // The pilot data, a case opened by an analyst (its events, deadlines, outbox and audit), and an issue
      // with a root cause, which the search tables index.
      const { openTestCase } = await seededCaseWorld(source, 'https://cbm.test.invalid');
      await openTestCase(await anActorWithAccount(source, 'analyst'), '2026-04-02');
      const facility = await source.facility.findFirstOrThrow({ orderBy: { code: 'asc' } });
      const issue = await aLocalIssue(source, facility, { title: 'The borehole pump has been broken since May' });
      await source.rootCause.create({
        data: {
          localIssueId: issue.id,
          statement: 'No budget for pump repairs',
          level: 'facility',
          category: 'resources',
        },
      });
      restoredUrl = await emptyDatabase();
    });

    afterAll(async () => {
      await Promise.all(clients.map((client) => client.$disconnect()));
      for (const drop of drops) await drop();
      rmSync(dir, { recursive: true, force: true });
    });

    it('backs up while another connection writes, and restores every table, the search and its triggers', async () => {
      const before = await fingerprintDatabase(name, sourceUrl);
      const searchedBefore = await searchResults(source);
      expect(searchedBefore.flat().length).toBeGreaterThan(0);

      // A reader whose snapshot predates the writer's rows, as a busy server always has one: SQLite cannot
      // checkpoint past it, so those rows stay in the WAL alone, where a copy of the file's bytes would miss them.
      const reader = name === 'sqlite' ? await openReadTransaction(sourceUrl) : null;
      const writer = startWriter(clientOf(sourceUrl));
      while (writer.committed.length === 0) await sleep(5);
      const committedAtStart = writer.committed.length;
      const backup = await runScriptFile('scripts/db-backup.ts', ['--output', backupFile], sourceUrl);
      const committedAtEnd = writer.committed.length;
      await writer.stop();
      reader?.close();
      expect(backup.stderr).toBe('');
      expect(backup.stdout).toMatch(/^Backed up .+ to .+round-trip\.(db|dump) \(\d+(\.\d)? (bytes|KiB|MiB)\)\.\n$/);
      expect(backup.status).toBe(0);
      expect(committedAtEnd).toBeGreaterThan(committedAtStart);

      const restore = await runScriptFile('scripts/db-restore.ts', [backupFile], restoredUrl);
      expect(restore.stderr).toBe('');
      expect(restore.stdout).toContain('Its migrations are current.');
      expect(restore.status).toBe(0);

      // The backup is one moment of the database: every write committed before it began, and of those that
      // went on during it, a prefix, each whole.
      const restored = clientOf(restoredUrl);
      const writtenRows = await restored.auditEvent.findMany({
        where: { entityType: WRITER_ENTITY },
        select: { entityId: true },
        orderBy: { entityId: 'asc' },
      });
      const written = writtenRows.map((row) => row.entityId);
      expect(written.length).toBeGreaterThanOrEqual(committedAtStart);
      expect(written).toEqual(writer.committed.slice(0, written.length));

      const after = await fingerprintDatabase(name, restoredUrl, isWriterRow);
      expect(Object.keys(after.tables)).toEqual(Object.keys(before.tables));
      expect(after.tables).toEqual(before.tables);
      expect(after.objects).toEqual(before.objects);
      expect(await searchResults(restored)).toEqual(searchedBefore);

      // The search triggers came back too: a new issue is found.
      const facility = await restored.facility.findFirstOrThrow({ orderBy: { code: 'asc' } });
      const added = await aLocalIssue(restored, facility, { title: 'The zebra crossing at the gate has worn away' });
      expect(await dialectOf(restored).matchLocalIssues(restored, 'zebra', 10)).toEqual([added.id]);
    });

    it('refuses to restore into a database that holds tables, and says how to get an empty one', async () => {
      await expect(restoreDatabase(sourceUrl, backupFile)).rejects.toThrow(
        name === 'sqlite'
          ? /is not empty: it holds \d+ table\(s\) \(.*AuditEvent.*\).*move .* out of the way/
          : /is not empty: it holds \d+ table\(s\) \(.*AuditEvent.*\).*createdb/,
      );
    });

    it('refuses a missing file, a file of the other database, and a file that is no backup, leaving the target empty', async () => {
      const target = await emptyDatabase();
      await expect(restoreDatabase(target, join(dir, 'missing.db'))).rejects.toThrow(
        /^There is no backup file .*missing\.db\.$/,
      );

      const otherKind = join(dir, 'other-kind');
      if (name === 'sqlite') writeFileSync(otherKind, 'PGDMP\u0001\u000e\u0000\u0004\u0008\u0001\u0001');
      else copyFileSync(inject('sqliteTemplatePath'), otherKind);
      await expect(restoreDatabase(target, otherKind)).rejects.toThrow(
        name === 'sqlite'
          ? /is a PostgreSQL backup .*DATABASE_URL names a SQLite database/
          : /is a SQLite database, but DATABASE_URL names a PostgreSQL database/,
      );

      const text = join(dir, 'notes.txt');
      writeFileSync(text, 'not a backup\n');
      await expect(restoreDatabase(target, text)).rejects.toThrow(/notes\.txt is not a backup/);

      // The right format, but cut short (a copy interrupted part way), or another application's database.
      const cutShort = join(dir, 'cut-short');
      const whole = readFileSync(backupFile);
      writeFileSync(cutShort, whole.subarray(0, Math.floor(whole.length / 2)));
      await expect(restoreDatabase(target, cutShort)).rejects.toThrow(
        name === 'sqlite'
          ? /cut-short is not a SQLite database, or it is damaged \(SQLite says: /
          : /pg_restore failed/,
      );
      const foreignUrl = await emptyDatabase();
      const foreign = clientOf(foreignUrl);
      await foreign.$executeRawUnsafe('CREATE TABLE notes (body TEXT)');
      const foreignBackup = await backupDatabase(foreignUrl, { output: join(dir, 'foreign') });
      await expect(restoreDatabase(target, foreignBackup.path)).rejects.toThrow(
        /foreign is a .* but not a CBM Tracker backup/,
      );

      const method = name === 'sqlite' ? createSqliteBackup(target) : createPostgresqlBackup(target);
      expect(await method.existingTables()).toEqual([]);
    });

    it('refuses to overwrite a file with a backup', async () => {
      await expect(backupDatabase(sourceUrl, { output: backupFile })).rejects.toThrow(
        /round-trip\.(db|dump) exists already; a backup never overwrites a file/,
      );
    });
  });
}
