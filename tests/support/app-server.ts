import { spawn, type ChildProcess } from 'node:child_process';
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inject } from 'vitest';
import type { Db } from '../../src/db/client.ts';
import { createSqliteProvider } from '../../src/db/sqlite.ts';
import { todayInSouthAfrica } from '../../src/lib/calendar-date.ts';

const ROOT = new URL('../../', import.meta.url).pathname;

export interface RunningApp {
  url: string;
  /** The start process's id (its web processes and worker are its children). */
  pid: number;
  /** Everything the process printed so far. */
  output(): string;
  stop(): Promise<number | null>;
  /** The server's process, for a test that kills it with SIGKILL (tests/support/pause-point.ts). */
  process: ChildProcess;
}

/** Runs `npm start`'s script as a user would, on loopback and a free port. */
export function runStartScript(env: Record<string, string>): { process: ChildProcess; output: () => string } {
  let output = '';
  // node itself, as npm start runs it: tsx's own wrapper would SIGKILL the app when it takes
  // over 30 ms to acknowledge a relayed SIGTERM, which happens on a busy machine.
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', '--disable-warning=ExperimentalWarning', 'scripts/start.ts'],
    {
      cwd: ROOT,
      env: { ...process.env, HOST: '127.0.0.1', PORT: '0', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  return { process: child, output: () => output };
}

export async function exitOf(child: ChildProcess): Promise<number | null> {
  if (child.exitCode !== null) return child.exitCode;
  return new Promise((resolve) => child.once('exit', (code) => resolve(code)));
}

/** Starts the built app and waits until it says where it serves. */
export async function startApp(env: Record<string, string>, timeoutMs = 60_000): Promise<RunningApp> {
  const { process: child, output } = runStartScript(env);
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => {
      // Not left running (with its worker) after the run that gave up on it.
      child.kill('SIGTERM');
      reject(new Error(`The app did not start in time:\n${output()}`));
    }, timeoutMs);
    const check = () => {
      const match = /serving on (http:\/\/\S+)/.exec(output());
      if (match?.[1]) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    };
    child.stdout?.on('data', check);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`The app exited with ${code}:\n${output()}`));
    });
  });
  return {
    url,
    pid: child.pid!,
    output,
    process: child,
    stop: async () => {
      child.removeAllListeners('exit');
      child.kill('SIGTERM');
      return exitOf(child);
    },
  };
}

/** A fresh SQLite location for one app; removed by the returned function. */
export function temporarySqliteUrl(): { url: string; remove: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'cbm-app-'));
  return { url: `file:${join(dir, 'cbm.db')}`, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Runs `use` with a client on the app's SQLite database, which is disconnected afterwards. */
export async function withSqliteClient<T>(url: string, use: (db: Db) => Promise<T>): Promise<T> {
  const db = createSqliteProvider(url).createClient();
  try {
    return await use(db);
  } finally {
    await db.$disconnect();
  }
}

/** A SQLite database that `npm start` prepared once for the whole run (tests/support/global-setup.ts). */
export interface PreparedDatabase {
  path: string;
  /** South Africa's date when it was prepared: the seed and the demo date things relative to it. */
  preparedOn: string;
}

/**
 * Has `npm start` migrate and seed a database at `path` (with `env`, such as DEMO_ACCOUNTS), lets its worker
 * finish the first clustering run, then stops it and folds the write-ahead log in, so that the file alone can be
 * copied. Starting every app on such a copy saves each test file the seeding and clustering (tens of seconds
 * on 2 busy cores); tests/e2e/start.test.ts still starts on empty databases.
 */
export async function prepareDatabaseWithApp(path: string, env: Record<string, string>): Promise<PreparedDatabase> {
  const url = `file:${path}`;
  const preparedOn = todayInSouthAfrica(new Date());
  // Two of these start at once while nothing else runs yet; a busy machine may take minutes.
  const app = await startApp({ DATABASE_URL: url, ...env }, 240_000);
  try {
    await withSqliteClient(url, async (db) => {
      const deadline = Date.now() + 120_000;
      for (;;) {
        const run = await db.clusterRun.findFirst();
        if (run?.status === 'succeeded') return;
        if (run?.status === 'failed' || Date.now() > deadline) {
          throw new Error(
            `The first clustering run did not succeed (${run?.status ?? 'not queued'}):\n${app.output()}`,
          );
        }
        await new Promise((resolve) => setTimeout(resolve, 250));
      }
    });
  } finally {
    await app.stop();
  }
  await withSqliteClient(url, (db) => db.$executeRawUnsafe('PRAGMA wal_checkpoint(TRUNCATE)'));
  return { path, preparedOn };
}

/**
 * Starts the app on a copy of the database prepared for this run (migrated, seeded, first clustering done; with
 * the demo accounts and cases when `env.DEMO_ACCOUNTS` is 'true'), written to `env.DATABASE_URL`. On another
 * South African day than the copy's, the app prepares its own, as the seed's relative dates would be off by one.
 */
export function startAppOnPreparedDatabase(
  env: Record<string, string> & { DATABASE_URL: string },
): Promise<RunningApp> {
  const prepared = inject('preparedDatabases')[env.DEMO_ACCOUNTS === 'true' ? 'demo' : 'plain'];
  if (prepared.preparedOn === todayInSouthAfrica(new Date())) {
    copyFileSync(prepared.path, env.DATABASE_URL.slice('file:'.length));
  }
  return startApp(env);
}
