import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { defaultBackupName, formatBytes, kindOfFile, wrongKindOfFile } from '../../../src/db/backup/backup-file.ts';

describe('kindOfFile', () => {
  const dir = mkdtempSync(join(tmpdir(), 'cbm-backup-kind-'));
  const fileWith = (name: string, content: string) => {
    const path = join(dir, name);
    writeFileSync(path, content, 'latin1');
    return path;
  };

  it('tells a SQLite database, a pg_dump archive, a plain SQL dump and anything else apart by their first bytes', () => {
    expect(kindOfFile(fileWith('a.db', 'SQLite format 3\0\u0010\u0000'))).toBe('sqlite');
    expect(kindOfFile(fileWith('a.dump', 'PGDMP\u0001\u000e\u0000'))).toBe('postgresql');
    expect(kindOfFile(fileWith('a.sql', '--\n-- PostgreSQL database dump\n--\n'))).toBe('plain_sql_dump');
    expect(kindOfFile(fileWith('empty', ''))).toBe('unknown');
    expect(kindOfFile(fileWith('short', 'SQLite'))).toBe('unknown');
  });
});

describe('wrongKindOfFile', () => {
  it('accepts the kind of the database restored into', () => {
    expect(wrongKindOfFile('b.db', 'sqlite', 'sqlite')).toBeNull();
  });

  it('says what the file is and how to restore it instead', () => {
    expect(wrongKindOfFile('b.sql', 'plain_sql_dump', 'postgresql')).toBe(
      'b.sql is a plain SQL dump (pg_dump without --format=custom), but DATABASE_URL names a PostgreSQL database, ' +
        'so the backup must be a pg_dump archive in its custom format, as npm run db:backup makes it. ' +
        'Load a plain dump with psql instead.',
    );
  });
});

describe('defaultBackupName', () => {
  it('names the provider and the moment to the second, in UTC, so that names sort by time', () => {
    expect(defaultBackupName('sqlite', new Date('2026-12-07T10:15:00.250Z'))).toBe('cbm-sqlite-20261207T101500Z.db');
    expect(defaultBackupName('postgresql', new Date('2026-12-07T10:15:00Z'))).toBe(
      'cbm-postgresql-20261207T101500Z.dump',
    );
  });
});

describe('formatBytes', () => {
  it('gives bytes below a kibibyte and one decimal above', () => {
    expect(formatBytes(512)).toBe('512 bytes');
    expect(formatBytes(1536)).toBe('1.5 KiB');
    expect(formatBytes(3 * 1024 ** 3)).toBe('3.0 GiB');
  });
});
