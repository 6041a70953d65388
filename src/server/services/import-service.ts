import { createHash, randomUUID } from 'node:crypto';
import type { Db, Tx } from '../../db/client.ts';
import { dialectOf, type ColumnSpec, type Dialect } from '../../db/dialect.ts';
import { scopeOf, type SignedInActor } from '../../domain/access/actor.ts';
import {
  checkHeader,
  checkImportRows,
  contentOf,
  type ImportProblem,
  type ImportReferences,
  type ValidIssueRow,
} from '../../domain/import/local-issue-rows.ts';
import { decodeTextFile, parseCsv } from '../../lib/import/read-csv.ts';
import { fromCalendarDate, todayInSouthAfrica } from '../../lib/calendar-date.ts';
import { actorLabel } from '../../domain/access/actor.ts';
import { ServiceError } from './service-error.ts';
import { loadTagTerms } from './tag-terms.ts';
import { mentionsPersonalData } from '../../domain/local-issue/workflow.ts';

export const CSV_SOURCE = 'csv';

export interface ImportRequest {
  fileName: string;
  bytes: Uint8Array;
  /** Rows whose reference exists with other content are conflicts, unless the user asks to update them. */
  updateExisting: boolean;
  maxBytes: number;
  /** Reports how far the import is, for a progress bar. */
  onProgress?: (stage: string, done: number, total: number) => void;
}

export interface ImportOutcome {
  importRunId: string;
  created: number;
  updated: number;
  unchanged: number;
}

/** Refusal with the whole report: every problem with its line, column, value and reason. */
export class ImportRefused extends ServiceError {
  constructor(
    message: string,
    readonly problems: ImportProblem[],
    readonly importRunId: string | null,
  ) {
    super('invalid_input', message, { problems, importRunId });
  }
}

async function loadReferences(db: Db, facilityCodes: string[], now: Date): Promise<ImportReferences> {
  const [facilities, { tagIdByTerm }] = await Promise.all([
    db.facility.findMany({ where: { code: { in: facilityCodes }, archived: false }, select: { id: true, code: true } }),
    loadTagTerms(db),
  ]);
  const rounds = await db.monitoringRound.findMany({
    where: { facilityId: { in: facilities.map((facility) => facility.id) } },
    select: { id: true, facilityId: true, wave: true },
  });
  const roundIdsByFacilityWave = new Map<string, string[]>();
  for (const round of rounds) {
    const key = `${round.facilityId}:${round.wave}`;
    roundIdsByFacilityWave.set(key, [...(roundIdsByFacilityWave.get(key) ?? []), round.id]);
  }
  return {
    facilityIdByCode: new Map(facilities.map((facility) => [facility.code, facility.id])),
    roundIdsByFacilityWave,
    tagIdByTerm,
    today: todayInSouthAfrica(now),
  };
}

const ISSUE_COLUMNS: ColumnSpec[] = [
  { name: 'id' },
  { name: 'facilityId' },
  { name: 'roundId' },
  { name: 'title' },
  { name: 'description' },
  { name: 'source', pgType: '"IssueSource"' },
  { name: 'respondentsCiting', pgType: 'integer' },
  { name: 'respondentsAsked', pgType: 'integer' },
  { name: 'priorityVotes', pgType: 'integer' },
  { name: 'status', pgType: '"LocalIssueStatus"' },
  { name: 'raisedOn', pgType: 'timestamp(3)' },
  { name: 'importSource' },
  { name: 'externalRef' },
  { name: 'importRunId' },
  { name: 'personalDataFlagged', pgType: 'boolean' },
  { name: 'createdAt', pgType: 'timestamp(3)' },
  { name: 'updatedAt', pgType: 'timestamp(3)' },
];
const ROOT_CAUSE_COLUMNS: ColumnSpec[] = [
  { name: 'id' },
  { name: 'localIssueId' },
  { name: 'statement' },
  { name: 'level', pgType: '"RootCauseLevel"' },
  { name: 'category', pgType: '"RootCauseCategory"' },
  { name: 'position', pgType: 'integer' },
  { name: 'createdAt', pgType: 'timestamp(3)' },
];
const ISSUE_TAG_COLUMNS: ColumnSpec[] = [{ name: 'localIssueId' }, { name: 'tagId' }];

/** Rows written a chunk at a time, so that only one chunk's arrays are in memory at once. */
const WRITE_CHUNK_ROWS = 1_000;

/** Writes new issues, their root causes and tags with the driver's batched INSERT. */
async function insertIssues(
  tx: Tx,
  dialect: Dialect,
  rows: ValidIssueRow[],
  importRunId: string,
  now: Date,
  onChunk: (written: number) => void,
) {
  const stamp = dialect.dateValue(now);
  const ids: string[] = [];
  for (let start = 0; start < rows.length; start += WRITE_CHUNK_ROWS) {
    const chunk = rows.slice(start, start + WRITE_CHUNK_ROWS);
    const chunkIds = chunk.map(() => randomUUID());
    ids.push(...chunkIds);
    await dialect.insertRows(
      tx,
      'LocalIssue',
      ISSUE_COLUMNS,
      chunk.map((row, index) => [
        chunkIds[index],
        row.facilityId,
        row.roundId,
        row.title,
        row.description,
        row.source,
        row.respondentsCiting,
        row.respondentsAsked,
        row.priorityVotes,
        'open',
        dialect.dateValue(fromCalendarDate(row.raisedOn)),
        CSV_SOURCE,
        row.externalRef,
        importRunId,
        mentionsPersonalData(row),
        stamp,
        stamp,
      ]),
    );
    await dialect.insertRows(
      tx,
      'RootCause',
      ROOT_CAUSE_COLUMNS,
      chunk.flatMap((row, index) =>
        row.rootCauses.map((cause, position) => [
          randomUUID(),
          chunkIds[index],
          cause.statement,
          cause.level,
          cause.category,
          position,
          stamp,
        ]),
      ),
    );
    await dialect.insertRows(
      tx,
      'LocalIssueTag',
      ISSUE_TAG_COLUMNS,
      chunk.flatMap((row, index) => row.tagIds.map((tagId) => [chunkIds[index], tagId])),
    );
    onChunk(start + chunk.length);
  }
  return ids;
}

type Existing = Awaited<ReturnType<typeof findExisting>>[number];

/** The issues this source already holds under the rows' references, with what their content needs. */
async function findExisting(tx: Tx, dialect: Dialect, refs: string[]) {
  const ids = await dialect.importedIssueIds(tx, CSV_SOURCE, refs);
  const found = [];
  // IN lists are chunked: SQLite allows at most 32,766 parameters.
  for (let start = 0; start < ids.length; start += 5_000) {
    found.push(
      ...(await tx.localIssue.findMany({
        where: { id: { in: ids.slice(start, start + 5_000) } },
        include: { tags: { select: { tagId: true } }, rootCauses: { orderBy: { position: 'asc' } } },
      })),
    );
  }
  return found;
}

function existingContent(issue: Existing): string {
  return contentOf({
    externalRef: issue.externalRef ?? '',
    facilityId: issue.facilityId,
    roundId: issue.roundId,
    source: issue.source,
    title: issue.title,
    description: issue.description,
    respondentsCiting: issue.respondentsCiting,
    respondentsAsked: issue.respondentsAsked,
    priorityVotes: issue.priorityVotes,
    tagIds: issue.tags.map((tag) => tag.tagId),
    rootCauses: issue.rootCauses.map(({ level, category, statement }) => ({ level, category, statement })),
    raisedOn: issue.raisedOn.toISOString().slice(0, 10),
  });
}

/**
 * Imports local issues from a CSV file, all or nothing: every row is checked first and the report
 * lists every problem; then one transaction writes the new rows, updates changed ones when asked,
 * records the import run and an audit event, and queues cluster placement for after the commit.
 * Re-importing the same file changes nothing.
 */
export async function importLocalIssues(
  db: Db,
  request: ImportRequest,
  actor: SignedInActor,
  now = new Date(),
): Promise<ImportOutcome> {
  const checksum = createHash('sha256').update(request.bytes).digest('hex');
  const refuse = async (message: string, problems: ImportProblem[], rowsTotal = 0): Promise<never> => {
    const run = await db.importRun.create({
      data: {
        actorId: actor.userId,
        actorLabel: actorLabel(actor),
        source: CSV_SOURCE,
        fileName: request.fileName,
        fileChecksum: checksum,
        rowsTotal,
        rowsFailed: new Set(problems.map((problem) => problem.line)).size,
        outcome: 'failed',
        report: { problems: problems.slice(0, 5_000) } as object,
        finishedAt: new Date(),
      },
    });
    throw new ImportRefused(message, problems, run.id);
  };

  if (request.bytes.length > request.maxBytes) {
    const megabytes = (request.maxBytes / 1_048_576).toFixed(0);
    return refuse(`The file is larger than ${megabytes} MB (IMPORT_MAX_MB); split it and import the parts.`, [
      { line: 0, column: 'file', value: `${request.bytes.length} bytes`, reason: `larger than ${megabytes} MB` },
    ]);
  }
  const decoded = decodeTextFile(request.bytes);
  if ('problem' in decoded) return refuse(`Nothing was imported: ${decoded.problem.reason}.`, [decoded.problem]);
  request.onProgress?.('reading', 0, 1);
  const csv = parseCsv(decoded.text);
  const headerProblems = checkHeader(csv.header);
  if (headerProblems.length > 0 || csv.rows.length === 0) {
    const problems =
      csv.rows.length === 0
        ? [...headerProblems, { line: 2, column: 'file', value: '', reason: 'the file has no rows below the header' }]
        : headerProblems;
    return refuse('Nothing was imported: the header does not match docs/IMPORT-FORMAT.md.', problems);
  }

  const references = await loadReferences(
    db,
    [...new Set(csv.rows.map((row) => (row.values.facility_code ?? '').trim()))],
    now,
  );
  const check = checkImportRows(csv.rows, references);
  const problems = [...csv.problems, ...(check.ok ? [] : check.problems)].sort((a, b) => a.line - b.line);
  const scope = scopeOf(actor);
  if (check.ok && scope.kind === 'facilities') {
    for (const row of check.rows) {
      if (!scope.facilityIds.includes(row.facilityId)) {
        problems.push({
          line: row.line,
          column: 'facility_code',
          value: '',
          reason: 'you may import issues for your own facilities only',
        });
      }
    }
  } else if (scope.kind !== 'everything' && scope.kind !== 'facilities') {
    throw new ServiceError('forbidden', 'Only analysts, administrators and facilitators import local issues.');
  }
  if (!check.ok || problems.length > 0) {
    return refuse(
      `Nothing was imported: ${problems.length} problem(s) in ${new Set(problems.map((p) => p.line)).size} row(s).`,
      problems,
      csv.rows.length,
    );
  }

  const dialect = dialectOf(db);
  const rows = check.rows;
  const write = () =>
    db.$transaction(
      async (tx) => {
        // Compared inside the transaction, so that of two simultaneous imports of a file the second
        // sees the first one's rows (and changes nothing).
        const existing = new Map(
          (
            await findExisting(
              tx,
              dialect,
              rows.map((row) => row.externalRef),
            )
          ).map((issue) => [issue.externalRef ?? '', issue]),
        );
        const fresh: ValidIssueRow[] = [];
        const changed: [ValidIssueRow, Existing][] = [];
        let unchanged = 0;
        for (const row of rows) {
          const current = existing.get(row.externalRef);
          if (!current) fresh.push(row);
          else if (existingContent(current) === contentOf(row)) unchanged += 1;
          else changed.push([row, current]);
        }
        if (changed.length > 0 && !request.updateExisting) {
          throw new ImportRefused(
            `Nothing was imported: ${changed.length} row(s) have a reference that exists with other content. Import with "update existing" to change them.`,
            changed.map(([row]) => ({
              line: row.line,
              column: 'external_ref',
              value: row.externalRef,
              reason: 'exists with other content (a conflict)',
            })),
            null,
          );
        }
        const run = await tx.importRun.create({
          data: {
            actorId: actor.userId,
            actorLabel: actorLabel(actor),
            source: CSV_SOURCE,
            fileName: request.fileName,
            fileChecksum: checksum,
            rowsTotal: rows.length,
            outcome: 'running',
          },
        });
        request.onProgress?.('writing', 0, rows.length);
        const createdIds = await insertIssues(tx, dialect, fresh, run.id, now, (written) =>
          request.onProgress?.('writing', written, rows.length),
        );
        for (const [row, current] of changed) {
          await tx.localIssue.update({
            where: { id: current.id },
            data: {
              facilityId: row.facilityId,
              roundId: row.roundId,
              source: row.source,
              title: row.title,
              description: row.description,
              respondentsCiting: row.respondentsCiting,
              respondentsAsked: row.respondentsAsked,
              priorityVotes: row.priorityVotes,
              raisedOn: fromCalendarDate(row.raisedOn),
              personalDataFlagged: mentionsPersonalData(row),
              version: { increment: 1 },
              tags: { deleteMany: {}, create: row.tagIds.map((tagId) => ({ tagId })) },
              rootCauses: { deleteMany: {}, create: row.rootCauses.map((cause, position) => ({ ...cause, position })) },
            },
          });
        }
        request.onProgress?.('writing', rows.length, rows.length);
        await tx.importRun.update({
          where: { id: run.id },
          data: {
            outcome: 'succeeded',
            rowsCreated: fresh.length,
            rowsUpdated: changed.length,
            rowsUnchanged: unchanged,
            finishedAt: new Date(),
            report: { problems: [] },
          },
        });
        await tx.auditEvent.create({
          data: {
            actorId: actor.userId,
            actorLabel: actorLabel(actor),
            entityType: 'import_run',
            entityId: run.id,
            action: 'import.succeeded',
            changes: { fileName: request.fileName, created: fresh.length, updated: changed.length, unchanged },
          },
        });
        const placed = [...createdIds, ...changed.map(([, current]) => current.id)];
        if (placed.length > 0) {
          // Cluster placement runs after the commit, from the outbox, never inside the import.
          await tx.outboxMessage.create({
            data: { kind: 'cluster.place', payload: { importRunId: run.id, localIssueIds: placed.slice(0, 100_000) } },
          });
        }
        return { importRunId: run.id, created: fresh.length, updated: changed.length, unchanged };
      },
      { timeout: 10 * 60_000, maxWait: 60_000 },
    );
  try {
    return await write();
  } catch (error) {
    if (error instanceof ImportRefused) return refuse(error.message, error.problems, rows.length);
    // PostgreSQL: a simultaneous import of the same rows committed first; once more sees them.
    if ((error as { code?: string }).code === 'P2002' || /unique constraint/i.test(String(error))) return write();
    throw error;
  }
}
