import { closeSync, fsyncSync, openSync, readSync } from 'node:fs';
import type { ProviderName } from '../provider-name.ts';

/** A backup or restore refused for a reason the person running it can fix; the message says how. */
export class BackupError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'BackupError';
  }
}

/** What a provider's backups are, for messages and file names. */
export const BACKUP_KINDS: Record<ProviderName, { label: string; extension: string; description: string }> = {
  sqlite: { label: 'SQLite', extension: '.db', description: 'a SQLite database file' },
  postgresql: { label: 'PostgreSQL', extension: '.dump', description: 'a pg_dump archive in its custom format' },
};

export type FileKind = ProviderName | 'plain_sql_dump' | 'unknown';

/** Each file format's first bytes (the SQLite file header; pg_dump's custom-format archive header). */
const MAGIC: { kind: FileKind; bytes: Buffer }[] = [
  { kind: 'sqlite', bytes: Buffer.from('SQLite format 3\0', 'latin1') },
  { kind: 'postgresql', bytes: Buffer.from('PGDMP', 'latin1') },
  { kind: 'plain_sql_dump', bytes: Buffer.from('--\n-- PostgreSQL database dump', 'latin1') },
];

/** Which kind of file this is, from its first bytes. */
export function kindOfFile(path: string): FileKind {
  const head = Buffer.alloc(64);
  const fd = openSync(path, 'r');
  let length: number;
  try {
    length = readSync(fd, head, 0, head.length, 0);
  } finally {
    closeSync(fd);
  }
  const start = head.subarray(0, length);
  return MAGIC.find(({ bytes }) => start.subarray(0, bytes.length).equals(bytes))?.kind ?? 'unknown';
}

/** Why `path` cannot be restored into a database of `provider`, or null when its kind fits. */
export function wrongKindOfFile(path: string, kind: FileKind, provider: ProviderName): string | null {
  if (kind === provider) return null;
  const { label, description } = BACKUP_KINDS[provider];
  const expected = `DATABASE_URL names a ${label} database, so the backup must be ${description}, as npm run db:backup makes it`;
  switch (kind) {
    case 'sqlite':
      return `${path} is a SQLite database, but ${expected}. Restore it with DATABASE_URL=file:<path of the new database>.`;
    case 'postgresql':
      return `${path} is a PostgreSQL backup (pg_dump custom format), but ${expected}. Restore it with DATABASE_URL=postgresql://... naming an empty database.`;
    case 'plain_sql_dump':
      return `${path} is a plain SQL dump (pg_dump without --format=custom), but ${expected}. Load a plain dump with psql instead.`;
    default:
      return `${path} is not a backup: it is neither a SQLite database nor a pg_dump archive; ${expected}.`;
  }
}

/** `cbm-sqlite-20261207T101500Z.db`: sorts by time, and says what it holds. */
export function defaultBackupName(provider: ProviderName, now: Date): string {
  const stamp = now
    .toISOString()
    .replace(/\.\d+Z$/, 'Z')
    .replace(/[-:]/g, '');
  return `cbm-${provider}-${stamp}${BACKUP_KINDS[provider].extension}`;
}

/** 1536 -> "1.5 KiB". */
export function formatBytes(bytes: number): string {
  const units = ['bytes', 'KiB', 'MiB', 'GiB', 'TiB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return unit === 0 ? `${bytes} bytes` : `${value.toFixed(1)} ${units[unit]}`;
}

/**
 * Flushes a file (or a directory, after a rename in it) to the disk. SQLite does not sync what VACUUM INTO
 * writes, and a backup that a power cut can leave half written is no backup.
 */
export function syncToDisk(path: string): void {
  const fd = openSync(path, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}
