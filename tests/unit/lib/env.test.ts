import { describe, expect, it } from 'vitest';
import { ConfigError, loadEnv, webProcessesFor } from '../../../src/lib/env.ts';

function problemsOf(source: Record<string, string>): string[] {
  try {
    loadEnv(source);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  return [];
}

describe('loadEnv', () => {
  it('gives working defaults for the embedded mode', () => {
    expect(loadEnv({})).toMatchObject({
      DATABASE_URL: 'file:./data/cbm.db',
      HOST: 'localhost',
      PORT: 4321,
      PUBLIC_URL: 'http://localhost:4321',
      DEMO_ACCOUNTS: false,
      CLUSTER_SEMANTIC: false,
      IMPORT_MAX_MB: 25,
    });
  });

  it('treats an empty value as unset', () => {
    expect(loadEnv({ PORT: '', DATABASE_URL: '' })).toMatchObject({ PORT: 4321, DATABASE_URL: 'file:./data/cbm.db' });
  });

  it('accepts SQLite files and PostgreSQL URLs', () => {
    expect(loadEnv({ DATABASE_URL: 'file:/var/lib/cbm/cbm.db' }).DATABASE_URL).toBe('file:/var/lib/cbm/cbm.db');
    expect(loadEnv({ DATABASE_URL: 'postgresql://cbm:secret@db.internal:5432/cbm' }).DATABASE_URL).toContain(
      'postgresql',
    );
    expect(loadEnv({ DATABASE_URL: 'postgres://cbm@127.0.0.1/cbm' }).DATABASE_URL).toContain('postgres');
  });

  it('names PORT in one line when it is not a number', () => {
    const problems = problemsOf({ PORT: 'abc' });
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/^PORT="abc": expected a port number/);
  });

  it('names LOG_LEVEL and the levels it takes when it is none of them', () => {
    expect(loadEnv({}).LOG_LEVEL).toBe('info');
    expect(loadEnv({ LOG_LEVEL: 'debug' }).LOG_LEVEL).toBe('debug');
    expect(problemsOf({ LOG_LEVEL: 'verbose' })).toEqual([
      'LOG_LEVEL="verbose": expected one of fatal, error, warn, info, debug, trace, silent',
    ]);
  });

  it('refuses a port out of range', () => {
    expect(problemsOf({ PORT: '70000' })[0]).toMatch(/^PORT="70000": /);
  });

  it('names DATABASE_URL when it is neither a file: nor a postgres:// URL', () => {
    for (const url of ['mysql://localhost/cbm', './data/cbm.db', 'postgres://', 'file:']) {
      const problems = problemsOf({ DATABASE_URL: url });
      expect(problems, url).toHaveLength(1);
      expect(problems[0]).toMatch(/^DATABASE_URL=.*expected file:<path> for SQLite or postgres:\/\//);
    }
  });

  it('lists every bad variable, one line each', () => {
    const problems = problemsOf({ PORT: 'abc', SMTP_URL: 'not a url', DEMO_ACCOUNTS: 'maybe', IMPORT_MAX_MB: '-1' });
    expect(problems.map((line) => line.split('=')[0]).sort()).toEqual([
      'DEMO_ACCOUNTS',
      'IMPORT_MAX_MB',
      'PORT',
      'SMTP_URL',
    ]);
  });

  it('refuses demo accounts in production', () => {
    expect(problemsOf({ DEMO_ACCOUNTS: 'true', NODE_ENV: 'production' })[0]).toMatch(/^DEMO_ACCOUNTS=true: refused/);
  });

  it('allows PORT=0 and derives PUBLIC_URL from HOST and the default port then', () => {
    expect(loadEnv({ PORT: '0', HOST: '127.0.0.1' })).toMatchObject({ PORT: 0, PUBLIC_URL: 'http://127.0.0.1:4321' });
  });

  it('runs one web process on SQLite and one per core on PostgreSQL unless WEB_CONCURRENCY says otherwise', () => {
    expect(loadEnv({}).WEB_CONCURRENCY).toBe(1);
    expect(webProcessesFor('file:./data/cbm.db', 8)).toBe(1);
    expect(webProcessesFor('postgres://cbm@127.0.0.1/cbm', 8)).toBe(8);
    expect(loadEnv({ WEB_CONCURRENCY: '2' }).WEB_CONCURRENCY).toBe(2);
    expect(loadEnv({ DATABASE_URL: 'postgres://cbm@127.0.0.1/cbm', WEB_CONCURRENCY: '3' }).WEB_CONCURRENCY).toBe(3);
  });

  it('names WEB_CONCURRENCY when it is not a positive whole number', () => {
    expect(problemsOf({ WEB_CONCURRENCY: 'many' })).toEqual([
      'WEB_CONCURRENCY="many": expected a number of web processes, such as 2',
    ]);
    expect(problemsOf({ WEB_CONCURRENCY: '0' })).toEqual(['WEB_CONCURRENCY="0": expected at least 1 web process']);
    expect(problemsOf({ WEB_CONCURRENCY: '1.5' })).toEqual([
      'WEB_CONCURRENCY="1.5": expected a whole number of web processes',
    ]);
  });

  it('never repeats a password or a secret in a refusal', () => {
    const problems = problemsOf({
      DATABASE_URL: 'postgresql://cbm:s3cret-pass@db.internal:5432',
      SMTP_URL: 'http://mailer:mail-pass@smtp.internal',
      AUTH_SECRET: 'too-short-secret',
    });
    expect(problems.join('\n')).not.toMatch(/s3cret-pass|mail-pass|too-short-secret/);
    expect(problems).toContain(
      'AUTH_SECRET="16 characters, not shown": expected at least 32 characters (or leave it unset to generate one)',
    );
    expect(problems.find((line) => line.startsWith('DATABASE_URL='))).toMatch(
      /^DATABASE_URL="postgresql:\/\/cbm:\*\*\*@db\.internal:5432": expected/,
    );
  });
});
