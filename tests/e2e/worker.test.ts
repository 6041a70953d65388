import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadSeedData } from '../../prisma/seed/load-seed-data.ts';
import { seedDatabase } from '../../prisma/seed/seed.ts';
import type { Db } from '../../src/db/client.ts';
import { createSqliteProvider } from '../../src/db/sqlite.ts';
import { processState } from '../../src/server/process-identity.ts';
import { queueImport } from '../../src/server/services/imports/import-service.ts';
import { aCsvRow, csvOf } from '../fixtures/import-csv.ts';
import { anActorWithAccount } from '../support/auth.ts';
import { exitOf } from '../support/app-server.ts';
import { createTestDatabase } from '../support/test-database.ts';

const ROOT = new URL('../../', import.meta.url).pathname;

async function until<T>(check: () => Promise<T | null>, timeoutMs: number): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const found = await check();
    if (found !== null) return found;
    if (Date.now() > deadline) throw new Error('Timed out waiting');
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

describe('npm run worker', () => {
  let db: Db;
  let drop: () => Promise<void>;
  let databaseUrl = '';
  let worker: ChildProcess;
  let output = '';
  beforeAll(async () => {
    ({ url: databaseUrl, drop } = await createTestDatabase('sqlite'));
    db = createSqliteProvider(databaseUrl).createClient();
    await seedDatabase(db, loadSeedData());
    // As `npm run worker` runs it: node with tsx's loader, no wrapper process between (package.json).
    worker = spawn(
      join(ROOT, 'node_modules/.bin/node'),
      ['--import', 'tsx', '--disable-warning=ExperimentalWarning', 'scripts/worker.ts'],
      {
        cwd: ROOT,
        env: { ...process.env, DATABASE_URL: databaseUrl },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    worker.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    worker.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  });
  afterAll(async () => {
    if (worker.exitCode === null) worker.kill('SIGKILL');
    await db.$disconnect();
    await drop();
  });

  it('stays up, runs imports queued after it started, and stops cleanly on SIGTERM', async () => {
    await until(async () => (output.includes('"msg":"worker started"') ? true : null), 30_000);
    // Queued after the worker's first round: only a worker that keeps polling runs it.
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    const analyst = await anActorWithAccount(db, 'analyst');
    const { importRunId } = await queueImport(
      db,
      { fileName: 'queued.csv', bytes: csvOf([aCsvRow(1), aCsvRow(2)]), updateExisting: false, maxBytes: 1_048_576 },
      analyst,
    );
    const run = await until(async () => {
      const found = await db.importRun.findUniqueOrThrow({ where: { id: importRunId } });
      return found.outcome === 'running' ? null : found;
    }, 20_000);
    expect(run).toMatchObject({ outcome: 'succeeded', rowsCreated: 2 });
    expect(worker.exitCode).toBeNull();

    worker.kill('SIGTERM');
    expect(await exitOf(worker)).toBe(0);
    expect(output).not.toMatch(/"msg":"worker round failed"/);
  });
});

describe('the worker that npm start runs', () => {
  let drop: () => Promise<void>;
  let databaseUrl = '';
  let workerPid: number | null = null;
  beforeAll(async () => {
    ({ url: databaseUrl, drop } = await createTestDatabase('sqlite'));
  });
  afterAll(async () => {
    if (workerPid !== null && processState(workerPid, null) === 'running') process.kill(workerPid, 'SIGKILL');
    await drop();
  });

  it('ends when the server that started it is killed with SIGKILL', async () => {
    // The parent is node itself (not the tsx wrapper), started as npm start starts scripts/start.ts.
    const parent = spawn(
      process.execPath,
      ['--import', 'tsx', '--disable-warning=ExperimentalWarning', 'tests/support/worker-parent.ts'],
      { cwd: ROOT, env: { ...process.env, DATABASE_URL: databaseUrl }, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let output = '';
    parent.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    parent.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const pid = await until(async () => {
      const match = /worker pid (\d+)/.exec(output);
      return match && output.includes('"msg":"worker started"') ? Number(match[1]) : null;
    }, 30_000);
    workerPid = pid;
    expect(processState(pid, null)).toBe('running');

    parent.kill('SIGKILL');
    await exitOf(parent);
    await until(async () => (processState(pid, null) === 'gone' ? true : null), 10_000);
  });
});
