import { chmodSync, existsSync, mkdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { openProvider } from '../client.ts';
import { migrationStatus, type MigrationStatus } from '../migrations.ts';
import { providerOf, type ProviderName } from '../provider-name.ts';
import { BackupError, defaultBackupName, kindOfFile, syncToDisk, wrongKindOfFile } from './backup-file.ts';
import type { BackupMethod } from './backup-method.ts';

/** Loads only the chosen provider's method, as client.ts loads only its client. */
async function backupMethodFor(databaseUrl: string): Promise<BackupMethod> {
  if (providerOf(databaseUrl) === 'sqlite') {
    const { createSqliteBackup } = await import('./sqlite-backup.ts');
    return createSqliteBackup(databaseUrl);
  }
  const { createPostgresqlBackup } = await import('./postgresql-backup.ts');
  return createPostgresqlBackup(databaseUrl);
}

export interface BackupResult {
  provider: ProviderName;
  /** The database backed up, without its password. */
  source: string;
  /** The absolute path of the backup file. */
  path: string;
  bytes: number;
}

/**
 * Backs up the database at DATABASE_URL while it is in use, to `output` or to a new time-stamped file under
 * `directory`. The file is written under another name and renamed when complete, so a backup interrupted
 * half-way never looks like a whole one; it is readable by its owner only, since it holds personal data and
 * the session secret.
 */
export async function backupDatabase(
  databaseUrl: string,
  { output, directory = 'backups', now = new Date() }: { output?: string; directory?: string; now?: Date } = {},
): Promise<BackupResult> {
  const provider = providerOf(databaseUrl);
  const path = resolve(output ?? resolve(directory, defaultBackupName(provider, now)));
  if (existsSync(path)) {
    throw new BackupError(`${path} exists already; a backup never overwrites a file: choose another --output.`);
  }
  const method = await backupMethodFor(databaseUrl);
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  const partial = `${path}.partial`;
  rmSync(partial, { force: true });
  try {
    await method.backup(partial);
    chmodSync(partial, 0o600);
    syncToDisk(partial);
    renameSync(partial, path);
    syncToDisk(dirname(path));
  } finally {
    rmSync(partial, { force: true });
  }
  return { provider, source: method.source, path, bytes: statSync(path).size };
}

const capitalized = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

export interface RestoreResult {
  /** The database restored into, without its password. */
  target: string;
  /** How the restored database's migrations compare with this version's. */
  migrations: MigrationStatus;
}

/**
 * Restores a backup made by backupDatabase into the database at DATABASE_URL, which must be empty, then
 * compares its migrations with this version's. It holds the migration lock meanwhile, so a server starting
 * against the same database waits instead of migrating the empty database under the restore.
 */
export async function restoreDatabase(databaseUrl: string, file: string): Promise<RestoreResult> {
  const path = resolve(file);
  if (statSync(path, { throwIfNoEntry: false })?.isFile() !== true) {
    throw new BackupError(`There is no backup file ${path}.`);
  }
  const providerName = providerOf(databaseUrl);
  const wrongKind = wrongKindOfFile(path, kindOfFile(path), providerName);
  if (wrongKind) throw new BackupError(wrongKind);
  const method = await backupMethodFor(databaseUrl);
  await method.checkBackupFile(path);
  const refuseUnlessEmpty = async () => {
    const tables = await method.existingTables();
    if (tables.length === 0) return;
    const named = tables.slice(0, 5).join(', ') + (tables.length > 5 ? ', ...' : '');
    throw new BackupError(
      `${capitalized(method.source)} is not empty: it holds ${tables.length} table(s) (${named}). A backup is restored into an ` +
        `empty database only, so that nothing in it is mixed or lost: ${method.howToEmpty}.`,
    );
  };
  // Checked before the lock too, so that a database that cannot be reached is named in a clear message.
  await refuseUnlessEmpty();
  const provider = await openProvider(databaseUrl);
  await provider.withMigrationLock(async () => {
    await refuseUnlessEmpty();
    await method.restore(path);
  });
  return { target: method.source, migrations: await migrationStatus(provider) };
}
