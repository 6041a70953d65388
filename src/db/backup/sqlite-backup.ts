import { existsSync, renameSync, rmSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import { createClient, type Client } from '@libsql/client';
import { sqlitePathOf } from '../sqlite.ts';
import { BackupError, syncToDisk } from './backup-file.ts';
import type { BackupMethod } from './backup-method.ts';

/** A backup or restore is a process of its own, so it may wait in SQLite's busy handler. */
const BUSY_TIMEOUT_MS = 30_000;

async function withConnection<T>(path: string, work: (client: Client) => Promise<T>): Promise<T> {
  const client = createClient({ url: `file:${path}` });
  try {
    await client.execute(`PRAGMA busy_timeout = ${BUSY_TIMEOUT_MS}`);
    return await work(client);
  } catch (error) {
    const { code, message } = error as { code?: string; message?: string };
    if (code === 'SQLITE_NOTADB' || code === 'SQLITE_CORRUPT') {
      const said = String(message).replace(/^SQLITE_\w+: /, '');
      throw new BackupError(`${path} is not a SQLite database, or it is damaged (SQLite says: ${said}).`);
    }
    throw error;
  } finally {
    client.close();
  }
}

const tableNames = async (client: Client) =>
  (await client.execute(`SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name`)).rows.map((row) =>
    String(row.name),
  );

/**
 * VACUUM INTO writes a new database from one read transaction: a consistent snapshot, the WAL's committed
 * pages included, FTS5's shadow tables and the triggers too, while other connections go on writing (libSQL
 * has no online backup API: its `backup()` throws "not implemented"). Copying the file's bytes instead would
 * miss what is still in the WAL and could catch a page half written.
 */
async function vacuumInto(sourcePath: string, targetPath: string) {
  await withConnection(sourcePath, (client) => client.execute({ sql: 'VACUUM INTO ?', args: [targetPath] }));
}

export function createSqliteBackup(databaseUrl: string): BackupMethod {
  const path = sqlitePathOf(databaseUrl);
  return {
    source: `the SQLite database ${path}`,
    howToEmpty: `stop the server, move ${path} (with any -wal and -shm files beside it) out of the way, or set DATABASE_URL to a file that does not exist yet`,

    async backup(target) {
      // Opening a file that does not exist would create an empty database and back that up.
      if (!existsSync(path)) throw new BackupError(`There is no SQLite database at ${path}; nothing was backed up.`);
      await vacuumInto(path, target);
    },

    async checkBackupFile(file) {
      const tables = await withConnection(file, tableNames);
      if (!tables.includes('_prisma_migrations')) {
        throw new BackupError(
          `${file} is a SQLite database but not a CBM Tracker backup: it has no _prisma_migrations table.`,
        );
      }
    },

    async existingTables() {
      if (!existsSync(path) || statSync(path).size === 0) return [];
      return withConnection(path, tableNames);
    },

    async restore(file) {
      // Written beside the target and renamed over it, so that the database appears whole or not at all.
      const staging = `${path}.restoring`;
      rmSync(staging, { force: true });
      try {
        await vacuumInto(file, staging);
        await withConnection(staging, async (client) => {
          const check = await client.execute('PRAGMA quick_check');
          const verdict = check.rows.map((row) => String(row[0])).join('; ');
          if (verdict !== 'ok') throw new BackupError(`${file} is damaged: SQLite's quick_check says ${verdict}.`);
          await client.execute('PRAGMA journal_mode = WAL');
        });
        // The target is empty (checked under the migration lock): its leftover WAL must not be read as the new file's.
        for (const suffix of ['-wal', '-shm']) rmSync(`${path}${suffix}`, { force: true });
        syncToDisk(staging);
        renameSync(staging, path);
        syncToDisk(dirname(path));
      } finally {
        rmSync(staging, { force: true });
      }
    },
  };
}
