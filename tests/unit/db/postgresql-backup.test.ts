import { describe, expect, it } from 'vitest';
import { choosePostgresTool, libpqConnectionOf, type ToolProbe } from '../../../src/db/backup/postgresql-backup.ts';

/** A machine with these files, and this `pg_dump --version` on PATH (null: none). */
const machine = (files: string[], onPath: string | null): ToolProbe => ({
  exists: (path) => files.includes(path),
  versionOf: () => onPath,
});
const server16 = { text: '16.4', major: 16 };

describe('choosePostgresTool', () => {
  it("takes the server's major version from Debian's versioned directory first", () => {
    const probe = machine(['/usr/lib/postgresql/16/bin/pg_dump'], 'pg_dump (PostgreSQL) 17.2');
    expect(choosePostgresTool('pg_dump', server16, probe)).toBe('/usr/lib/postgresql/16/bin/pg_dump');
  });

  it('takes the one on PATH when its major version matches', () => {
    const probe = machine([], 'pg_dump (PostgreSQL) 16.9 (Debian 16.9-1)');
    expect(choosePostgresTool('pg_dump', server16, probe)).toBe('pg_dump');
  });

  it('refuses another major version, naming both versions and what to install', () => {
    const probe = machine(
      ['/usr/lib/postgresql/15/bin/pg_dump'],
      'pg_dump (PostgreSQL) 15.18 (Debian 15.18-0+deb12u1)',
    );
    expect(() => choosePostgresTool('pg_dump', server16, probe)).toThrow(
      'The PostgreSQL server runs version 16.4, and pg_dump must be of the same major version (16), but there is no ' +
        '/usr/lib/postgresql/16/bin/pg_dump and the pg_dump on PATH is version 15.18. Install the PostgreSQL 16 client ' +
        'programs (on Debian and Ubuntu: postgresql-client-16) or put their directory first on PATH.',
    );
  });

  it('says so when there is none at all', () => {
    expect(() => choosePostgresTool('pg_restore', server16, machine([], null))).toThrow(
      /there is no \/usr\/lib\/postgresql\/16\/bin\/pg_restore and there is no pg_restore on PATH/,
    );
  });
});

describe('libpqConnectionOf', () => {
  const connection = libpqConnectionOf('postgresql://cbm:s%40cret%2F1@db.internal:6432/cbm_live?sslmode=require');

  it('keeps the password out of the URL the tools get on their command line, and gives it in PGPASSWORD', () => {
    expect(connection.url).toBe('postgresql://cbm@db.internal:6432/cbm_live?sslmode=require');
    expect(connection.env).toEqual({ PGPASSWORD: 's@cret/1' });
  });

  it('names the database without the password, and blanks the password out of a message', () => {
    expect(connection.label).toBe('the PostgreSQL database cbm_live on db.internal:6432 as cbm');
    expect(connection.redact('FATAL: bad option s@cret/1')).toBe('FATAL: bad option ***');
  });

  it('sets no PGPASSWORD when the URL has none, so that .pgpass or the server decides', () => {
    const withoutPassword = libpqConnectionOf('postgres://cbm@localhost/cbm');
    expect(withoutPassword.env).toEqual({});
    expect(withoutPassword.label).toBe('the PostgreSQL database cbm on localhost:5432 as cbm');
  });
});
