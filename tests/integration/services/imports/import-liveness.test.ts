import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { loadSeedData } from '../../../../prisma/seed/load-seed-data.ts';
import { seedDatabase } from '../../../../prisma/seed/seed.ts';
import type { Db } from '../../../../src/db/client.ts';
import type { SignedInActor } from '../../../../src/domain/accounts/actor.ts';
import { STOPPED_MESSAGES } from '../../../../src/domain/imports/abandoned-run.ts';
import type { Runner } from '../../../../src/domain/jobs/runner-liveness.ts';
import { thisProcess } from '../../../../src/server/process-identity.ts';
import { findActiveActor } from '../../../../src/server/services/accounts/actors.ts';
import {
  IMPORT_JOB,
  importLocalIssues,
  queueImport,
  type ImportRequest,
} from '../../../../src/server/services/imports/import-service.ts';
import {
  getImportProgress,
  getImportRun,
  INLINE_ROLLBACK_MAX_ISSUES,
  requestRollback,
  ROLLBACK_JOB,
} from '../../../../src/server/services/imports/import-runs.ts';
import { sweepAbandonedRuns } from '../../../../src/server/services/imports/import-sweep.ts';
import { runDueImports } from '../../../../src/server/services/imports/import-worker.ts';
import { claimDueMessages } from '../../../../src/server/services/jobs/outbox.ts';
import { aCsvRow, csvOf } from '../../../fixtures/import-csv.ts';
import { exitOf } from '../../../support/app-server.ts';
import { integrityProblems } from '../../../support/database-integrity.ts';
import { killAtPausePoint, runScript } from '../../../support/pause-point.ts';
import { aUserWithPassword } from '../../../support/auth.ts';
import { describeEachProvider } from '../../../support/test-database.ts';

const MINUTE = 60_000;

/**
 * Runs a real script (`npm run import`, the worker), waits until it is inside the import's write transaction,
 * right after its first rows (the pause point `import:after-first-rows`), and kills it there with SIGKILL.
 */
async function killInsideImportWrite(script: string, args: string[], databaseUrl: string): Promise<void> {
  await killAtPausePoint(
    runScript(script, args, { DATABASE_URL: databaseUrl }, 'import:after-first-rows'),
    'import:after-first-rows',
  );
}

/** A process id that was alive a moment ago and is not now. */
async function aDeadProcessId(): Promise<number> {
  const child: ChildProcess = spawn(process.execPath, ['-e', '']);
  await exitOf(child);
  return child.pid!;
}

describeEachProvider('imports and rollbacks whose process died', (database) => {
  let db: Db;
  let analyst: SignedInActor;
  let email = '';
  const dir = mkdtempSync(join(tmpdir(), 'cbm-import-liveness-'));
  const deps = () => ({ actorOf: (userId: string) => findActiveActor(db, { id: userId }, []), maxBytes: 1_048_576 });
  const request = (bytes: Uint8Array, options: Partial<ImportRequest> = {}): ImportRequest => ({
    fileName: 'survey.csv',
    bytes,
    updateExisting: false,
    maxBytes: 1_048_576,
    ...options,
  });
  /** The columns a process records on a run it works on; `runner` overrides where it runs and who it is. */
  const runnerColumns = (runner: Partial<Runner>, heartbeatAt = new Date()) => ({
    runnerToken: randomUUID(),
    runner: { kind: 'command_line', ...thisProcess(), ...runner },
    heartbeatAt,
  });
  /** A run as a command-line import leaves it while it checks its file. */
  const aCommandLineRun = async (runner: Partial<Runner>, heartbeatAt?: Date) =>
    db.importRun.create({
      data: {
        actorId: analyst.userId,
        actorLabel: 'Test analyst',
        source: 'csv',
        fileName: 'checking.csv',
        fileChecksum: 'not-checked',
        phase: 'checking',
        ...runnerColumns(runner, heartbeatAt),
      },
    });

  beforeAll(async () => {
    ({ db } = database());
    await seedDatabase(db, loadSeedData());
    const user = await aUserWithPassword(db, 'analyst');
    email = user.email;
    analyst = (await findActiveActor(db, { id: user.id }, []))!;
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('marks an import whose command-line process was killed inside its write transaction failed, with the reason its page shows, and nothing written', async () => {
    const file = join(dir, 'killed.csv');
    const rows = [aCsvRow(1), aCsvRow(2), aCsvRow(3)];
    writeFileSync(file, csvOf(rows));
    await killInsideImportWrite('scripts/import.ts', [file, '--as', email], database().url);
    expect(await integrityProblems(db)).toEqual([]);
    const left = await db.importRun.findFirstOrThrow({ where: { fileName: 'killed.csv' } });
    expect(left).toMatchObject({ outcome: 'running' });

    expect(await sweepAbandonedRuns(db)).toBe(1);
    const run = await getImportRun(db, analyst, left.id);
    expect(run).toMatchObject({ outcome: 'failed', phase: 'done' });
    expect(run.report.message).toBe(
      'The command-line import stopped before it finished; nothing was imported; run it again.',
    );
    expect(await db.localIssue.count({ where: { importRunId: left.id } })).toBe(0);
    expect(await sweepAbandonedRuns(db)).toBe(0);

    // Run again, it imports every row.
    const again = await importLocalIssues(db, request(csvOf(rows), { fileName: 'killed.csv' }), analyst);
    expect(again).toMatchObject({ created: 3 });
  });

  it('takes again a queued import whose worker was killed inside its write transaction, and imports it once', async () => {
    const rows = [aCsvRow(10), aCsvRow(11), aCsvRow(12)];
    const { importRunId } = await queueImport(db, request(csvOf(rows), { fileName: 'queued.csv' }), analyst);
    await killInsideImportWrite('scripts/worker.ts', [], database().url);
    expect(await integrityProblems(db)).toEqual([]);
    expect(await db.localIssue.count({ where: { importRunId } })).toBe(0);
    expect(await db.importRun.findUniqueOrThrow({ where: { id: importRunId } })).toMatchObject({
      outcome: 'running',
      phase: 'writing',
      workerStarts: 1,
    });

    // The next worker's round: the sweep sees the dead worker and queues the import again, then runs it.
    expect(await runDueImports(db, deps())).toBe(1);
    const run = await db.importRun.findUniqueOrThrow({ where: { id: importRunId } });
    expect(run).toMatchObject({
      outcome: 'succeeded',
      rowsCreated: 3,
      workerStarts: 2,
      fileContent: null,
      runnerToken: null,
      runner: null,
    });
    expect(await db.localIssue.count({ where: { importRunId } })).toBe(3);
    expect((await getImportRun(db, analyst, importRunId)).report.message).toBeNull();
  });

  it('says on the page of a queued import whose worker died that it is queued again', async () => {
    const { importRunId } = await queueImport(db, request(csvOf([aCsvRow(20)])), analyst);
    // A worker claimed the job and took the run, then died (the job's lease would hold it for 15 minutes).
    await claimDueMessages(db, IMPORT_JOB, { now: new Date(), leaseMs: 15 * MINUTE, batchSize: 1 });
    await db.importRun.update({
      where: { id: importRunId },
      data: { ...runnerColumns({ kind: 'worker', pid: await aDeadProcessId() }), phase: 'checking', workerStarts: 1 },
    });

    expect(await sweepAbandonedRuns(db)).toBe(1);
    expect(await getImportProgress(db, analyst, importRunId)).toMatchObject({ outcome: 'running', phase: 'queued' });
    expect((await getImportRun(db, analyst, importRunId)).report.message).toBe(STOPPED_MESSAGES.requeued);
    const job = await db.outboxMessage.findFirstOrThrow({ where: { kind: IMPORT_JOB, status: 'pending' } });
    expect(job.nextAttemptAt.getTime()).toBeLessThanOrEqual(Date.now());
    await runDueImports(db, deps());
    expect(await getImportProgress(db, analyst, importRunId)).toMatchObject({ outcome: 'succeeded' });
  });

  it('gives up a queued import whose worker died three times, and forgets its file', async () => {
    const { importRunId } = await queueImport(db, request(csvOf([aCsvRow(30)])), analyst);
    await claimDueMessages(db, IMPORT_JOB, { now: new Date(), leaseMs: 15 * MINUTE, batchSize: 1 });
    await db.importRun.update({
      where: { id: importRunId },
      data: { ...runnerColumns({ kind: 'worker', pid: await aDeadProcessId() }), phase: 'writing', workerStarts: 3 },
    });

    expect(await sweepAbandonedRuns(db)).toBe(1);
    const run = await getImportRun(db, analyst, importRunId);
    expect(run).toMatchObject({ outcome: 'failed' });
    expect(run.report.message).toMatch(/^The worker stopped 3 times while running this import; nothing was imported/);
    expect((await db.importRun.findUniqueOrThrow({ where: { id: importRunId } })).fileContent).toBeNull();
    await runDueImports(db, deps());
    expect(await db.localIssue.count({ where: { importRunId } })).toBe(0);
  });

  it('gives a large rollback whose worker died back to the queue, and the next worker completes it', async () => {
    const rows = Array.from({ length: INLINE_ROLLBACK_MAX_ISSUES + 1 }, (_, index) =>
      aCsvRow(1_000 + index, { wave: '' }),
    );
    const { importRunId } = await importLocalIssues(db, request(csvOf(rows)), analyst);
    expect(await requestRollback(db, analyst, { importRunId })).toMatchObject({ queued: true });
    await claimDueMessages(db, ROLLBACK_JOB, { now: new Date(), leaseMs: 15 * MINUTE, batchSize: 1 });
    await db.importRun.update({
      where: { id: importRunId },
      data: { ...runnerColumns({ kind: 'worker', pid: await aDeadProcessId() }), workerStarts: 1 },
    });

    await runDueImports(db, deps());
    expect(await getImportRun(db, analyst, importRunId)).toMatchObject({
      outcome: 'rolled_back',
      rollbackRequestedAt: null,
      rollbackRefusal: null,
    });
    expect(await db.localIssue.count({ where: { importRunId } })).toBe(0);
  });

  it('ends the rollback request, with the reason on the page, after its worker died three times', async () => {
    const rows = Array.from({ length: INLINE_ROLLBACK_MAX_ISSUES + 1 }, (_, index) =>
      aCsvRow(2_000 + index, { wave: '' }),
    );
    const { importRunId } = await importLocalIssues(db, request(csvOf(rows)), analyst);
    await requestRollback(db, analyst, { importRunId });
    await db.importRun.update({
      where: { id: importRunId },
      data: { ...runnerColumns({ kind: 'worker', pid: await aDeadProcessId() }), workerStarts: 3 },
    });

    expect(await sweepAbandonedRuns(db)).toBe(1);
    const run = await getImportRun(db, analyst, importRunId);
    expect(run).toMatchObject({ outcome: 'succeeded', rollbackRequestedAt: null });
    expect(run.rollbackRefusal?.message).toMatch(/^The worker stopped 3 times while rolling this import back/);
    expect(await db.localIssue.count({ where: { importRunId } })).toBe(rows.length);
  });

  it('leaves a run alone while its process runs on this machine, and ends it once that process is gone', async () => {
    const living = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)']);
    try {
      const run = await aCommandLineRun({ pid: living.pid!, start: null }, new Date(Date.now() - 5 * MINUTE));
      // The process table decides on this machine: a heartbeat silent for longer than another machine's
      // runner may be (an SQLite import does not beat inside its write transaction) does not matter.
      expect(await sweepAbandonedRuns(db)).toBe(0);
      living.kill('SIGKILL');
      await exitOf(living);
      expect(await sweepAbandonedRuns(db)).toBe(1);
      expect(await db.importRun.findUniqueOrThrow({ where: { id: run.id } })).toMatchObject({ outcome: 'failed' });
    } finally {
      living.kill('SIGKILL');
    }
  });

  it('takes a run on another machine for dead only once its heartbeat has stopped for two minutes', async () => {
    const now = new Date();
    const run = await aCommandLineRun({ machine: 'another-host', pid: 1 }, now);
    expect(await sweepAbandonedRuns(db, new Date(now.getTime() + MINUTE))).toBe(0);
    expect(await sweepAbandonedRuns(db, new Date(now.getTime() + 3 * MINUTE))).toBe(1);
    const ended = await getImportRun(db, analyst, run.id);
    expect(ended.report.message).toBe(STOPPED_MESSAGES.command_line);
  });

  it('ends a run this very process no longer works on, and a run recorded before runners were', async () => {
    const lost = await aCommandLineRun({ kind: 'web' });
    const legacy = await db.importRun.create({
      data: { actorLabel: 'Before', source: 'csv', fileName: 'old.csv', fileChecksum: 'x', phase: 'writing' },
    });
    expect(await sweepAbandonedRuns(db)).toBe(2);
    expect((await getImportRun(db, analyst, lost.id)).report.message).toBe(STOPPED_MESSAGES.web);
    expect((await getImportRun(db, analyst, legacy.id)).report.message).toBe(STOPPED_MESSAGES.unknown);
  });

  it('writes nothing from an attempt whose run a sweep ended meanwhile (taken for dead while alive)', async () => {
    const taken = importLocalIssues(
      db,
      request(csvOf([aCsvRow(50), aCsvRow(51)]), {
        fileName: 'taken.csv',
        // Just before the write transaction, a sweep elsewhere ends the run, as it does a dead runner's.
        onPhase: async (phase) => {
          if (phase !== 'writing') return;
          await db.importRun.updateMany({
            where: { fileName: 'taken.csv', outcome: 'running' },
            data: { outcome: 'failed', runnerToken: null, report: { message: STOPPED_MESSAGES.command_line } },
          });
        },
      }),
      analyst,
    );
    await expect(taken).rejects.toMatchObject({ code: 'refused', message: expect.stringMatching(/taken for stopped/) });
    const run = await db.importRun.findFirstOrThrow({ where: { fileName: 'taken.csv' } });
    expect(run.outcome).toBe('failed');
    expect(await db.localIssue.count({ where: { importRunId: run.id } })).toBe(0);
  });

  it('records the process of a command-line import on its run until the run ends', async () => {
    const outcome = await importLocalIssues(db, request(csvOf([aCsvRow(40)])), analyst);
    const run = await db.importRun.findUniqueOrThrow({ where: { id: outcome.importRunId } });
    expect(run).toMatchObject({ outcome: 'succeeded', runnerToken: null, runner: null, heartbeatAt: null });
    expect(await sweepAbandonedRuns(db)).toBe(0);
  });
});
