import { beforeAll, expect, it } from 'vitest';
import type { Db } from '../../../../src/db/client.ts';
import type { SignedInActor } from '../../../../src/domain/accounts/actor.ts';
import { loadSeedData } from '../../../../prisma/seed/load-seed-data.ts';
import { seedDatabase } from '../../../../prisma/seed/seed.ts';
import { findActiveActor } from '../../../../src/server/services/accounts/actors.ts';
import {
  IMPORT_JOB,
  importLocalIssues,
  INLINE_IMPORT_MAX_BYTES,
  queueImport,
  startImport,
  type ImportRequest,
} from '../../../../src/server/services/imports/import-service.ts';
import {
  getImportProgress,
  getImportRun,
  INLINE_ROLLBACK_MAX_ISSUES,
  requestRollback,
  rollbackImport,
  ROLLBACK_JOB,
} from '../../../../src/server/services/imports/import-runs.ts';
import { runDueImports } from '../../../../src/server/services/imports/import-worker.ts';
import { aUser } from '../../../fixtures/actors.ts';
import { aCsvRow, csvOf } from '../../../fixtures/import-csv.ts';
import { anActorWithAccount, aUserWithPassword } from '../../../support/auth.ts';
import { describeEachProvider } from '../../../support/test-database.ts';

describeEachProvider('imports run by the background worker, and rolled back', (database) => {
  let db: Db;
  let analyst: SignedInActor;
  const deps = () => ({ actorOf: (userId: string) => findActiveActor(db, { id: userId }, []), maxBytes: 1_048_576 });
  const request = (bytes: Uint8Array, options: Partial<ImportRequest> = {}): ImportRequest => ({
    fileName: 'survey.csv',
    bytes,
    updateExisting: false,
    maxBytes: 1_048_576,
    ...options,
  });
  const refusalOf = (promise: Promise<unknown>) =>
    promise.then(
      () => null,
      (error: unknown) => error as Error & { code: string; details: { blockers: { reason: string }[] } },
    );
  beforeAll(async () => {
    ({ db } = database());
    await seedDatabase(db, loadSeedData());
    analyst = await anActorWithAccount(db, 'analyst');
  });

  it('keeps a queued file until the worker imports it, then forgets the bytes and keeps the report', async () => {
    const { importRunId } = await queueImport(db, request(csvOf([aCsvRow(1), aCsvRow(2)])), analyst);
    expect(await getImportProgress(db, analyst, importRunId)).toMatchObject({ outcome: 'running', phase: 'queued' });
    expect(await db.localIssue.count({ where: { importRunId } })).toBe(0);

    expect(await runDueImports(db, deps())).toBe(1);
    const run = await db.importRun.findUniqueOrThrow({ where: { id: importRunId } });
    expect(run).toMatchObject({ outcome: 'succeeded', phase: 'done', rowsCreated: 2, fileContent: null });
    expect(await db.outboxMessage.findFirst({ where: { kind: IMPORT_JOB } })).toMatchObject({ status: 'delivered' });
    expect(await runDueImports(db, deps())).toBe(0);
  });

  it('records a queued file with a bad row as refused, with every problem in its report', async () => {
    const { importRunId } = await queueImport(
      db,
      request(csvOf([aCsvRow(3, { respondents_asked: '-4' }), aCsvRow(4, { title: '' })])),
      analyst,
    );
    await runDueImports(db, deps());
    const run = await getImportRun(db, analyst, importRunId);
    expect(run).toMatchObject({ outcome: 'failed', rowsFailed: 2 });
    expect(run.report.message).toMatch(/Nothing was imported: 2 problem\(s\) in 2 row\(s\)/);
    expect(run.report.problems.map((problem) => [problem.line, problem.column])).toEqual([
      [2, 'respondents_asked'],
      [3, 'title'],
    ]);
  });

  it('refuses to queue a file over the size limit, and never stores it', async () => {
    const refusal = await refusalOf(queueImport(db, request(csvOf([aCsvRow(5)]), { maxBytes: 10 }), analyst));
    expect(refusal?.message).toMatch(/larger than/);
    const run = await db.importRun.findFirstOrThrow({ where: { outcome: 'failed' }, orderBy: { startedAt: 'desc' } });
    expect(run.fileContent).toBeNull();
  });

  it('fails a queued import whose account was deactivated before the worker reached it', async () => {
    const user = await aUserWithPassword(db, 'analyst');
    const { importRunId } = await queueImport(db, request(csvOf([aCsvRow(6)])), aUser('analyst', { userId: user.id }));
    await db.user.update({ where: { id: user.id }, data: { deactivatedAt: new Date() } });
    await runDueImports(db, deps());
    expect((await getImportRun(db, analyst, importRunId)).report.message).toMatch(/can no longer import/);
  });

  it('shows a facilitator their own imports only', async () => {
    const other = aUser('facilitator', { userId: 'someone-else' });
    const mine = await db.importRun.findFirstOrThrow({ where: { actorId: analyst.userId } });
    await expect(getImportRun(db, other, mine.id)).rejects.toMatchObject({ code: 'not_found' });
  });

  it('rolls back an import: removes what it created, restores what it updated, and keeps the audit trail', async () => {
    const first = await importLocalIssues(db, request(csvOf([aCsvRow(10), aCsvRow(11)])), analyst);
    const second = await importLocalIssues(
      db,
      request(csvOf([aCsvRow(10, { title: 'A corrected title' }), aCsvRow(12)]), { updateExisting: true }),
      analyst,
    );
    expect(second).toMatchObject({ created: 1, updated: 1 });

    expect(await rollbackImport(db, analyst, { importRunId: second.importRunId })).toEqual({
      importRunId: second.importRunId,
      removed: 1,
      restored: 1,
    });
    const refs = await db.localIssue.findMany({
      where: { importSource: 'csv', externalRef: { in: ['KOBO-00010', 'KOBO-00011', 'KOBO-00012'] } },
      include: { tags: true, rootCauses: true },
      orderBy: { externalRef: 'asc' },
    });
    expect(refs.map((issue) => issue.externalRef)).toEqual(['KOBO-00010', 'KOBO-00011']);
    expect(refs[0]).toMatchObject({ title: aCsvRow(10).title, importRunId: first.importRunId });
    expect(refs[0]?.tags).toHaveLength(1);
    expect(refs[0]?.rootCauses).toHaveLength(1);
    expect(await db.importRun.findUniqueOrThrow({ where: { id: second.importRunId } })).toMatchObject({
      outcome: 'rolled_back',
      rolledBackBy: analyst.userId,
    });
    expect(
      await db.auditEvent.count({ where: { entityId: second.importRunId, action: { startsWith: 'import.' } } }),
    ).toBe(2);
    await expect(rollbackImport(db, analyst, { importRunId: second.importRunId })).rejects.toMatchObject({
      code: 'refused',
      message: expect.stringMatching(/already been rolled back/),
    });
  });

  it('refuses to roll back while an imported issue was edited since or is part of a case, and changes nothing', async () => {
    const outcome = await importLocalIssues(db, request(csvOf([aCsvRow(20), aCsvRow(21), aCsvRow(22)])), analyst);
    const [edited, linked] = await db.localIssue.findMany({
      where: { importRunId: outcome.importRunId },
      orderBy: { externalRef: 'asc' },
    });
    await db.localIssue.update({ where: { id: edited!.id }, data: { status: 'addressed_locally', version: 1 } });
    const systemicCase = await db.systemicCase.findFirstOrThrow();
    await db.caseLocalIssue.create({ data: { caseId: systemicCase.id, localIssueId: linked!.id } });

    const refusal = await refusalOf(rollbackImport(db, analyst, { importRunId: outcome.importRunId }));
    expect(refusal).toMatchObject({
      code: 'refused',
      message: expect.stringMatching(/2 of its 3 issue\(s\) are in use/),
    });
    expect(refusal?.details.blockers.map((blocker) => blocker.reason).sort()).toEqual([
      `it is part of systemic case ${systemicCase.reference}`,
      'it was changed after the import',
    ]);
    expect(await db.localIssue.count({ where: { importRunId: outcome.importRunId } })).toBe(3);
    expect((await db.importRun.findUniqueOrThrow({ where: { id: outcome.importRunId } })).outcome).toBe('succeeded');
  });

  it('refuses a rollback to a facilitator', async () => {
    const outcome = await db.importRun.findFirstOrThrow({ where: { outcome: 'succeeded' } });
    await expect(rollbackImport(db, aUser('facilitator'), { importRunId: outcome.id })).rejects.toMatchObject({
      code: 'forbidden',
    });
  });

  it('imports a small file at once and leaves a larger one to the worker, so that the web process keeps answering', async () => {
    const small = await startImport(db, request(csvOf([aCsvRow(30)])), analyst);
    expect(small).toMatchObject({ queued: false, created: 1 });
    const rows = Array.from({ length: 300 }, (_, index) => aCsvRow(1_000 + index, { wave: '' }));
    const large = csvOf(rows);
    expect(large.length).toBeGreaterThan(INLINE_IMPORT_MAX_BYTES);
    const queued = await startImport(db, request(large), analyst);
    expect(queued).toEqual({ importRunId: queued.importRunId, queued: true });
    expect(await db.localIssue.count({ where: { importRunId: queued.importRunId } })).toBe(0);
    await runDueImports(db, deps());
    expect(await getImportProgress(db, analyst, queued.importRunId)).toMatchObject({ outcome: 'succeeded' });
    expect(await db.localIssue.count({ where: { importRunId: queued.importRunId } })).toBe(300);
  });

  it('rolls a small import back at once and leaves a large one to the worker, refusing a second request meanwhile', async () => {
    const small = await importLocalIssues(db, request(csvOf([aCsvRow(31), aCsvRow(32)])), analyst);
    expect(await requestRollback(db, analyst, { importRunId: small.importRunId })).toEqual({
      importRunId: small.importRunId,
      queued: false,
      removed: 2,
      restored: 0,
    });

    const rows = Array.from({ length: INLINE_ROLLBACK_MAX_ISSUES + 1 }, (_, index) =>
      aCsvRow(2_000 + index, { wave: '' }),
    );
    const large = await importLocalIssues(db, request(csvOf(rows)), analyst);
    const importRunId = large.importRunId;
    expect(await requestRollback(db, analyst, { importRunId })).toEqual({ importRunId, queued: true });
    expect(await getImportProgress(db, analyst, importRunId)).toMatchObject({ rollback: 'requested' });
    await expect(requestRollback(db, analyst, { importRunId })).rejects.toMatchObject({
      code: 'refused',
      message: expect.stringMatching(/being rolled back already/),
    });
    expect(await db.localIssue.count({ where: { importRunId } })).toBe(rows.length);

    await runDueImports(db, deps());
    expect(await db.localIssue.count({ where: { importRunId } })).toBe(0);
    expect(await getImportRun(db, analyst, importRunId)).toMatchObject({
      outcome: 'rolled_back',
      rollbackRequestedAt: null,
      rollbackRefusal: null,
    });
    expect(await getImportProgress(db, analyst, importRunId)).toMatchObject({ rollback: 'none' });
    expect(await db.outboxMessage.findFirst({ where: { kind: ROLLBACK_JOB } })).toMatchObject({ status: 'delivered' });
    const actions = await db.auditEvent.findMany({ where: { entityId: importRunId }, orderBy: { createdAt: 'asc' } });
    expect(actions.map((event) => event.action)).toEqual([
      'import.succeeded',
      'import.rollback_requested',
      'import.rolled_back',
    ]);
  });

  it("keeps the worker's refusal on the run when an issue of a large import was edited before it was rolled back", async () => {
    const rows = Array.from({ length: INLINE_ROLLBACK_MAX_ISSUES + 1 }, (_, index) =>
      aCsvRow(3_000 + index, { wave: '' }),
    );
    const { importRunId } = await importLocalIssues(db, request(csvOf(rows)), analyst);
    await requestRollback(db, analyst, { importRunId });
    const edited = await db.localIssue.findFirstOrThrow({ where: { importRunId } });
    await db.localIssue.update({ where: { id: edited.id }, data: { status: 'addressed_locally', version: 1 } });

    await runDueImports(db, deps());
    const run = await getImportRun(db, analyst, importRunId);
    expect(run).toMatchObject({ outcome: 'succeeded', rollbackRequestedAt: null });
    expect(run.rollbackRefusal?.message).toContain(`1 of its ${rows.length} issue(s) are in use`);
    expect(run.rollbackRefusal?.blockers).toEqual([
      { localIssueId: edited.id, title: edited.title, reason: 'it was changed after the import' },
    ]);
    expect(await db.localIssue.count({ where: { importRunId } })).toBe(rows.length);
  });
});
