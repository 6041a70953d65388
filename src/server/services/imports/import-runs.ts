import { DbNull } from '@prisma/client/runtime/client';
import { z } from 'zod';
import type { Db, Tx } from '../../../db/client.ts';
import type { Prisma } from '../../../db/generated/sqlite/client.ts';
import { scopeOf, type SignedInActor } from '../../../domain/accounts/actor.ts';
import type { ImportProblem } from '../../../domain/imports/local-issue-rows.ts';
import { decideRollback, type ImportedIssueState, type RollbackBlocker } from '../../../domain/imports/rollback.ts';
import { textField } from '../../../domain/text/text-schema.ts';
import { PageRequestSchema, toPage, toSkipTake } from '../../../lib/lists/pagination.ts';
import { recordAudit } from '../audit/audit.ts';
import { afterMembershipChanged } from '../clustering/cluster-figures.ts';
import { takeRunForWorker, type ImportAttempt } from './import-attempt.ts';
import { NO_RUNNER } from '../jobs/run-attempt.ts';
import { issueFieldsOf, type ImportPhase, type PreviousContent } from './import-service.ts';
import { ServiceError } from '../shared/service-error.ts';

export const IMPORT_OUTCOMES = ['running', 'succeeded', 'failed', 'rolled_back'] as const;

export const ImportRunListSchema = PageRequestSchema.extend({
  outcome: z.enum(IMPORT_OUTCOMES).optional(),
  /** Imports started at or after this moment only (the start page's last seven days). */
  startedSince: z.coerce.date().optional(),
});

/** Analysts and administrators see every import; a facilitator sees the imports they ran. */
function runScope(actor: SignedInActor): Prisma.ImportRunWhereInput {
  return scopeOf(actor).kind === 'everything' ? {} : { actorId: actor.userId };
}

const LIST_FIELDS = {
  id: true,
  actorLabel: true,
  source: true,
  fileName: true,
  rowsTotal: true,
  rowsCreated: true,
  rowsUpdated: true,
  rowsUnchanged: true,
  rowsFailed: true,
  outcome: true,
  phase: true,
  startedAt: true,
  finishedAt: true,
  rolledBackAt: true,
} satisfies Prisma.ImportRunSelect;

/** Imports, newest first. */
export async function listImportRuns(db: Db, actor: SignedInActor, input: z.input<typeof ImportRunListSchema>) {
  const query = ImportRunListSchema.parse(input);
  const where: Prisma.ImportRunWhereInput = {
    AND: [
      runScope(actor),
      { outcome: query.outcome },
      query.startedSince ? { startedAt: { gte: query.startedSince } } : {},
    ],
  };
  const [total, items] = await Promise.all([
    db.importRun.count({ where }),
    db.importRun.findMany({
      where,
      select: LIST_FIELDS,
      orderBy: [{ startedAt: 'desc' }, { id: 'desc' }],
      ...toSkipTake(query),
    }),
  ]);
  return toPage(items, total, query);
}

export interface ImportRunReport {
  message: string | null;
  problems: ImportProblem[];
}

/** One import with its report, as its status page shows it while it runs and after. */
export async function getImportRun(db: Db, actor: SignedInActor, id: string) {
  const run = await db.importRun.findFirst({
    where: { AND: [{ id }, runScope(actor)] },
    select: {
      ...LIST_FIELDS,
      report: true,
      updateExisting: true,
      rolledBackBy: true,
      fileChecksum: true,
      rollbackRequestedAt: true,
      rollbackRefusal: true,
    },
  });
  if (!run) throw new ServiceError('not_found', 'There is no such import, or it was run by someone else.');
  const report = (run.report ?? {}) as Partial<ImportRunReport>;
  return {
    ...run,
    phase: run.phase as ImportPhase,
    report: { message: report.message ?? null, problems: report.problems ?? [] } satisfies ImportRunReport,
    rollbackRefusal: run.rollbackRefusal as RollbackRefusal | null,
  };
}

/** Where the run is, for the status page's live updates: small and cheap to ask every second. */
export async function getImportProgress(db: Db, actor: SignedInActor, id: string) {
  const run = await db.importRun.findFirst({
    where: { AND: [{ id }, runScope(actor)] },
    select: { outcome: true, phase: true, rowsTotal: true, rowsDone: true, rollbackRequestedAt: true },
  });
  if (!run) throw new ServiceError('not_found', 'There is no such import, or it was run by someone else.');
  const { rollbackRequestedAt, ...progress } = run;
  return {
    ...progress,
    phase: run.phase as ImportPhase,
    /** 'requested' while the worker rolls the import back. */
    rollback: rollbackRequestedAt ? ('requested' as const) : ('none' as const),
  };
}

export const RollbackSchema = z.object({ importRunId: textField().min(1) });

export const ROLLBACK_JOB = 'import.rollback';

/**
 * Imports that created or updated up to this many issues are rolled back while the page waits (about
 * 150 ms at 100,000 issues on SQLite, whose statements hold up every request of the process meanwhile);
 * larger ones are rolled back by the worker.
 */
export const INLINE_ROLLBACK_MAX_ISSUES = 250;

/** Why the worker did not roll an import back, kept on the run for its page. */
export interface RollbackRefusal {
  message: string;
  blockers: RollbackBlocker[];
}

export type RollbackOutcome =
  { importRunId: string; queued: false; removed: number; restored: number } | { importRunId: string; queued: true };

function assertMayRollBack(actor: SignedInActor) {
  if (scopeOf(actor).kind !== 'everything') {
    throw new ServiceError('forbidden', 'Only analysts and administrators roll back imports.');
  }
}

/**
 * Rolls an import back now when it is small, or asks the worker to (a large import's rollback would hold
 * up the web process): the run's page follows it and shows a refusal with the issues in the way.
 */
export async function requestRollback(
  db: Db,
  actor: SignedInActor,
  input: z.input<typeof RollbackSchema>,
): Promise<RollbackOutcome> {
  const { importRunId } = RollbackSchema.parse(input);
  assertMayRollBack(actor);
  const run = await db.importRun.findUnique({
    where: { id: importRunId },
    select: { rowsCreated: true, rowsUpdated: true },
  });
  if (!run) throw new ServiceError('not_found', 'There is no such import.');
  if (run.rowsCreated + run.rowsUpdated <= INLINE_ROLLBACK_MAX_ISSUES) {
    return { ...(await rollbackImport(db, actor, { importRunId })), queued: false };
  }
  return db.$transaction(async (tx) => {
    // Conditional, so that of two simultaneous requests one is queued and the other refused.
    const { count } = await tx.importRun.updateMany({
      where: { id: importRunId, outcome: 'succeeded', rolledBackAt: null, rollbackRequestedAt: null },
      data: {
        rollbackRequestedAt: new Date(),
        rollbackRequestedBy: actor.userId,
        rollbackRefusal: DbNull,
        // The worker's starts are counted per piece of work: the import's are over.
        workerStarts: 0,
      },
    });
    if (count === 0) {
      const current = await tx.importRun.findUniqueOrThrow({ where: { id: importRunId } });
      if (current.rollbackRequestedAt) {
        throw new ServiceError('refused', 'This import is being rolled back already; its page follows the rollback.');
      }
      const decision = decideRollback(current, []);
      throw new ServiceError('refused', decision.ok ? 'This import cannot be rolled back.' : decision.refusal.message);
    }
    await tx.outboxMessage.create({ data: { kind: ROLLBACK_JOB, payload: { importRunId } } });
    await recordAudit(tx, actor, {
      entityType: 'import_run',
      entityId: importRunId,
      action: 'import.rollback_requested',
    });
    return { importRunId, queued: true as const };
  });
}

/**
 * Rolls back an import the worker was asked to, as the person who asked; a refusal (an issue in use since,
 * an account that may no longer roll back) is kept on the run for its page instead of retried. The run is
 * taken only while no attempt holds it; one whose worker died is given back to the queue by the sweep
 * (import-sweep.ts).
 */
export async function runQueuedRollback(
  db: Db,
  importRunId: string,
  actorOf: (userId: string) => Promise<SignedInActor | null>,
): Promise<void> {
  const attempt = await takeRunForWorker(db, importRunId, {
    outcome: 'succeeded',
    rollbackRequestedAt: { not: null },
  });
  if (!attempt) return;
  try {
    const run = await db.importRun.findUniqueOrThrow({
      where: { id: importRunId },
      select: { rollbackRequestedBy: true },
    });
    const actor = run.rollbackRequestedBy ? await actorOf(run.rollbackRequestedBy) : null;
    if (!actor) throw new ServiceError('refused', 'The account that asked for the rollback can no longer roll back.');
    // One write transaction (on SQLite, the heartbeat waits for its end).
    await attempt.whileWriting(() => rollbackImport(db, actor, { importRunId }, attempt));
  } catch (error) {
    if (error instanceof ServiceError) {
      const details = error.details as { blockers?: RollbackBlocker[] } | undefined;
      return endRollbackRequest(db, attempt, { message: error.message, blockers: details?.blockers ?? [] });
    }
    await endRollbackRequest(db, attempt, {
      message: 'The rollback stopped on an unexpected error; nothing was undone. Try again, or tell an administrator.',
      blockers: [],
    });
    throw error;
  } finally {
    attempt.stop();
  }
}

/** The page lists this many of the issues in the way; the message counts them all. */
const KEPT_BLOCKERS = 100;

/** Ends the worker's rollback with its refusal, unless another attempt holds the run now. */
async function endRollbackRequest(db: Db, attempt: ImportAttempt, refusal: RollbackRefusal) {
  const kept = { ...refusal, blockers: refusal.blockers.slice(0, KEPT_BLOCKERS) };
  await db.importRun.updateMany({
    where: { id: attempt.importRunId, runnerToken: attempt.token },
    data: { rollbackRequestedAt: null, rollbackRefusal: kept as unknown as Prisma.InputJsonValue, ...NO_RUNNER },
  });
}

/**
 * Undoes a whole import: removes the issues it created and restores the ones it updated, in one
 * transaction, while nothing else refers to them (src/domain/imports/rollback.ts). The audit trail
 * keeps the import and its rollback. The worker passes its attempt: only the attempt holding the run
 * may end it.
 */
export async function rollbackImport(
  db: Db,
  actor: SignedInActor,
  input: z.input<typeof RollbackSchema>,
  attempt?: ImportAttempt,
) {
  const { importRunId } = RollbackSchema.parse(input);
  assertMayRollBack(actor);
  return db.$transaction(
    async (tx) => {
      const run = await tx.importRun.findUnique({ where: { id: importRunId } });
      if (!run) throw new ServiceError('not_found', 'There is no such import.');
      const previous = (run.previousContent ?? []) as unknown as PreviousContent[];
      const versionAfterImport = new Map(previous.map((entry) => [entry.id, entry.versionAfterImport]));
      const issues = await importedIssues(tx, importRunId, [...versionAfterImport.keys()]);
      const states: ImportedIssueState[] = issues.map((issue) => {
        const updatedVersion = versionAfterImport.get(issue.id);
        return {
          id: issue.id,
          title: issue.title,
          change: updatedVersion === undefined ? 'created' : 'updated',
          version: issue.version,
          versionAfterImport: updatedVersion ?? 0,
          caseReferences: issue.cases.map((link) => link.case.reference),
          commitmentCount: issue._count.commitments,
          clusterStatus: issue.cluster?.status ?? null,
        };
      });
      const decision = decideRollback(run, states);
      if (!decision.ok) throw new ServiceError('refused', decision.refusal.message, decision.refusal);

      const createdIds = states.filter((state) => state.change === 'created').map((state) => state.id);
      // The version in the WHERE clause keeps a concurrent edit from being deleted unseen.
      let removed = 0;
      for (let start = 0; start < createdIds.length; start += PAGE) {
        const chunk = createdIds.slice(start, start + PAGE);
        removed += (await tx.localIssue.deleteMany({ where: { id: { in: chunk }, version: 0 } })).count;
      }
      if (removed !== createdIds.length) throw staleRollback();
      for (const entry of previous) {
        const { count } = await tx.localIssue.updateMany({
          where: { id: entry.id, version: entry.versionAfterImport },
          data: { version: { increment: 1 } },
        });
        if (count === 0) throw staleRollback();
        const { externalRef: _ref, ...before } = entry.before;
        await tx.localIssue.update({ where: { id: entry.id }, data: issueFieldsOf(before) });
      }
      const { count } = await tx.importRun.updateMany({
        where: { id: importRunId, ...(attempt && { runnerToken: attempt.token }) },
        data: {
          outcome: 'rolled_back',
          rolledBackAt: new Date(),
          rolledBackBy: actor.userId,
          rollbackRequestedAt: null,
          rollbackRefusal: DbNull,
          ...NO_RUNNER,
        },
      });
      if (count === 0) {
        throw new ServiceError('refused', 'This rollback was taken for stopped and queued again; nothing was undone.');
      }
      await recordAudit(tx, actor, {
        entityType: 'import_run',
        entityId: importRunId,
        action: 'import.rolled_back',
        changes: { fileName: run.fileName, removed, restored: previous.length },
      });
      // The clusters these issues were in lose or change members: true figures at once, the rest queued.
      await afterMembershipChanged(
        tx,
        issues.map((issue) => issue.clusterId),
        'after an import was rolled back',
      );
      if (previous.length > 0) {
        await tx.outboxMessage.create({
          data: { kind: 'cluster.place', payload: { localIssueIds: previous.map((entry) => entry.id) } },
        });
      }
      return { importRunId, removed, restored: previous.length };
    },
    { timeout: 10 * 60_000, maxWait: 60_000 },
  );
}

/** Issues per query: their relations load through IN lists, which SQLite bounds (999 parameters). */
const PAGE = 900;

/** The issues an import created or updated, with what refers to them, read a page at a time. */
async function importedIssues(tx: Tx, importRunId: string, updatedIds: readonly string[]) {
  const select = {
    id: true,
    title: true,
    version: true,
    _count: { select: { commitments: true } },
    cases: { select: { case: { select: { reference: true } } } },
    clusterId: true,
    cluster: { select: { status: true } },
  } satisfies Prisma.LocalIssueSelect;
  const found: Prisma.LocalIssueGetPayload<{ select: typeof select }>[] = [];
  for (let after: string | undefined; ;) {
    const page = await tx.localIssue.findMany({
      where: { importRunId, ...(after && { id: { gt: after } }) },
      select,
      orderBy: { id: 'asc' },
      take: PAGE,
    });
    found.push(...page);
    if (page.length < PAGE) break;
    after = page.at(-1)!.id;
  }
  const seen = new Set(found.map((issue) => issue.id));
  for (let start = 0; start < updatedIds.length; start += PAGE) {
    const ids = updatedIds.slice(start, start + PAGE).filter((id) => !seen.has(id));
    found.push(...(await tx.localIssue.findMany({ where: { id: { in: ids } }, select })));
  }
  return found;
}

const staleRollback = () =>
  new ServiceError('stale_version', 'An issue of this import changed while it was being rolled back; try again.');
