import { createHash, randomUUID } from 'node:crypto';
import type { Db, Tx } from '../../../db/client.ts';
import { dialectOf, type ColumnSpec, type Dialect } from '../../../db/dialect.ts';
import type { Prisma } from '../../../db/generated/sqlite/client.ts';
import { actorLabel, scopeOf, type SignedInActor } from '../../../domain/accounts/actor.ts';
import type { AuditAction } from '../../../domain/audit/audit-actions.ts';
import { keepsRecordsAt } from '../../../domain/accounts/facility-access.ts';
import {
  checkHeader,
  createRowChecker,
  contentOf,
  type ImportProblem,
  type ImportReferences,
  type ImportRow,
  type ValidIssueRow,
} from '../../../domain/imports/local-issue-rows.ts';
import {
  inExportTerms,
  parseSurveyMapping,
  parseSurveyMappingText,
  surveyImportSource,
  surveyRowMapper,
  type SurveyMapping,
} from '../../../domain/imports/survey-mapping.ts';
import { mentionsPersonalData } from '../../../domain/capture/local-issue-workflow.ts';
import { showForbiddenCharacters } from '../../../domain/text/forbidden-characters.ts';
import { fromCalendarDate, todayInSouthAfrica, toCalendarDate } from '../../../lib/calendar-date.ts';
import { decodeTextFile, readCsvLayout, scanCsvRows, type CsvLayout } from '../../../lib/imports/read-csv.ts';
import { beginAttempt, takeRunForWorker, type ImportAttempt } from './import-attempt.ts';
import { attemptFields, NO_RUNNER } from '../jobs/run-attempt.ts';
import { ServiceError } from '../shared/service-error.ts';
import { pausePoint } from '../../test-hooks/pause-point.ts';
import { loadTagTerms } from '../taxonomy/tag-terms.ts';

/** The import source of files in the import format; survey exports have `kobo:<form>` or `odk:<form>`. */
export const CSV_SOURCE = 'csv';
export const IMPORT_JOB = 'import.run';

/** Where a run is: waiting for the import worker, then reading, checking and writing the file. */
export type ImportPhase = 'queued' | 'reading' | 'checking' | 'writing' | 'done';

export interface ImportRequest {
  fileName: string;
  bytes: Uint8Array;
  /** Rows whose reference exists with other content are conflicts, unless the user asks to update them. */
  updateExisting: boolean;
  maxBytes: number;
  /** A KoboToolbox or ODK Central export's mapping (docs/SURVEY-IMPORT.md); without one, the import format. */
  mapping?: SurveyMapping | null;
  /** Each new phase, awaited and outside any transaction, so that a job can record it on its run. */
  onPhase?: (phase: ImportPhase, rowsTotal: number) => Promise<void> | void;
  /** Rows written so far, from inside the write transaction: for a progress bar in the same process. */
  onRowsWritten?: (written: number, total: number) => void;
  /**
   * Where the import runs, in the caller's process: what its run says when that process dies before it ends
   * (docs/IMPORT-FORMAT.md). The command line unless said otherwise.
   */
  runner?: 'command_line' | 'web';
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

/** Plain data (interfaces without index signatures) as Prisma's JSON input. */
const asJson = (value: object) => value as Prisma.InputJsonValue;

/** The report keeps this many problems; the message still counts them all. */
const REPORTED_PROBLEMS = 5_000;

/** A mapping file as uploaded; a refusal lists every problem with the key it is about. */
export function readSurveyMapping(text: string): SurveyMapping {
  const parsed = parseSurveyMappingText(text);
  if (parsed.ok) return parsed.mapping;
  throw new ImportRefused(
    `Nothing was imported: the mapping file has ${parsed.problems.length} problem(s).`,
    parsed.problems.map((reason) => ({ line: 0, column: 'mapping file', value: '', reason })),
    null,
  );
}

function assertMayImport(actor: SignedInActor) {
  const scope = scopeOf(actor);
  if (scope.kind !== 'everything' && scope.kind !== 'facilities') {
    throw new ServiceError('forbidden', 'Only analysts, administrators and facilitators import local issues.');
  }
}

function newRun(request: ImportRequest, actor: SignedInActor): Prisma.ImportRunUncheckedCreateInput {
  return {
    actorId: actor.userId,
    actorLabel: actorLabel(actor),
    source: request.mapping ? surveyImportSource(request.mapping) : CSV_SOURCE,
    fileName: request.fileName,
    fileChecksum: createHash('sha256').update(request.bytes).digest('hex'),
    updateExisting: request.updateExisting,
    mapping: request.mapping ? asJson(request.mapping) : undefined,
  };
}

function sizeProblem(request: ImportRequest): ImportProblem | null {
  if (request.bytes.length <= request.maxBytes) return null;
  const megabytes = (request.maxBytes / 1_048_576).toFixed(0);
  return { line: 0, column: 'file', value: `${request.bytes.length} bytes`, reason: `larger than ${megabytes} MB` };
}

const tooLargeMessage = (request: ImportRequest) =>
  `The file is larger than ${(request.maxBytes / 1_048_576).toFixed(0)} MB (IMPORT_MAX_MB); split it and import the parts.`;

/**
 * Imports local issues from a CSV file, all or nothing, in the caller's process: every row is checked
 * first and the report lists every problem; then one transaction writes the new rows, updates changed
 * ones when asked, completes the import run with an audit event, and queues cluster placement for
 * after the commit. Re-importing the same file changes nothing.
 */
export async function importLocalIssues(
  db: Db,
  request: ImportRequest,
  actor: SignedInActor,
  now = new Date(),
): Promise<ImportOutcome> {
  assertMayImport(actor);
  // The run records this process as its runner from the start: if the process dies, a sweep ends the run.
  const runner = attemptFields(request.runner ?? 'command_line');
  const run = await db.importRun.create({ data: { ...newRun(request, actor), ...runner } });
  const attempt = beginAttempt(db, run.id, runner.runnerToken);
  try {
    return await executeImport(db, attempt, request, actor, now);
  } finally {
    attempt.stop();
  }
}

/**
 * Files up to this size are imported while the page waits (about 250 rows, some 150 ms at 100,000 issues
 * on SQLite, whose statements hold up every other request of the process meanwhile); larger ones go to
 * the worker, so that the web process keeps answering.
 */
export const INLINE_IMPORT_MAX_BYTES = 64 * 1024;

export type ImportStart = (ImportOutcome & { queued: false }) | { importRunId: string; queued: true };

/** Imports a small file now, or queues a larger one for the worker; the run's page follows either. */
export async function startImport(db: Db, request: ImportRequest, actor: SignedInActor): Promise<ImportStart> {
  if (request.bytes.length > INLINE_IMPORT_MAX_BYTES)
    return { ...(await queueImport(db, request, actor)), queued: true };
  return { ...(await importLocalIssues(db, { ...request, runner: 'web' }, actor)), queued: false };
}

/**
 * Queues a file for the import worker (a process of its own, started by `npm start`), for files too
 * large to import while a person waits for the page. The run's page follows its progress.
 */
export async function queueImport(
  db: Db,
  request: ImportRequest,
  actor: SignedInActor,
): Promise<{ importRunId: string }> {
  assertMayImport(actor);
  const tooLarge = sizeProblem(request);
  if (tooLarge) {
    // Never stored: the file's bytes stay out of the database, the refusal is on record.
    const run = await db.importRun.create({ data: newRun(request, actor) });
    return failRun(db, { importRunId: run.id, token: null }, tooLargeMessage(request), [tooLarge], 0);
  }
  return db.$transaction(async (tx) => {
    const run = await tx.importRun.create({
      data: { ...newRun(request, actor), phase: 'queued', fileContent: new Uint8Array(request.bytes) },
    });
    await tx.outboxMessage.create({ data: { kind: IMPORT_JOB, payload: { importRunId: run.id } } });
    return { importRunId: run.id };
  });
}

/**
 * Runs a queued import for its worker, as the person who queued it. Returns null when the run has
 * already ended (another worker finished it), another worker is running it, or its account can no longer
 * import. The run is taken only while no attempt holds it, so a second worker never runs a live import;
 * one whose worker died is given back to the queue by the sweep (import-sweep.ts).
 */
export async function runQueuedImport(
  db: Db,
  importRunId: string,
  actorOf: (userId: string) => Promise<SignedInActor | null>,
  maxBytes: number,
  now = new Date(),
): Promise<ImportOutcome | null> {
  const attempt = await takeRunForWorker(db, importRunId, { outcome: 'running', fileContent: { not: null } });
  if (!attempt) return null;
  try {
    const run = await db.importRun.findUniqueOrThrow({ where: { id: importRunId } });
    const actor = run.actorId ? await actorOf(run.actorId) : null;
    const mapping = run.mapping === null ? null : parseSurveyMapping(run.mapping);
    if (!actor || !run.fileContent) {
      await markRunFailed(db, attempt, 'Nothing was imported: the account that queued it can no longer import.', [], 0);
      return null;
    }
    if (mapping && !mapping.ok) throw new Error(`Import run ${run.id} holds a mapping that does not parse.`);
    return await executeImport(
      db,
      attempt,
      {
        fileName: run.fileName,
        bytes: run.fileContent,
        updateExisting: run.updateExisting,
        maxBytes,
        mapping: mapping?.mapping ?? null,
        onPhase: (phase, rowsTotal) => recordPhase(db, attempt, phase, rowsTotal),
      },
      actor,
      now,
    );
  } catch (error) {
    if (error instanceof ImportRefused) return null;
    await markRunFailed(db, attempt, 'Nothing was imported: the import stopped on an unexpected error.', [], 0);
    throw error;
  } finally {
    attempt.stop();
  }
}

/** Where the attempt is, on its run (while the run is still this attempt's). */
async function recordPhase(db: Db, attempt: ImportAttempt, phase: ImportPhase, rowsTotal: number) {
  await db.importRun.updateMany({
    where: { id: attempt.importRunId, runnerToken: attempt.token },
    data: { phase, rowsTotal },
  });
}

/** An attempt's run, or a run no attempt holds (token null: a file refused before it was stored). */
type RunOfAttempt = Pick<ImportAttempt, 'importRunId' | 'token'> | { importRunId: string; token: null };

/**
 * Ends the run as failed, unless another attempt holds it now. The queued file, kept only for the worker,
 * goes; the checksum and the report stay.
 */
async function markRunFailed(
  db: Db,
  { importRunId, token }: RunOfAttempt,
  message: string,
  problems: ImportProblem[],
  rowsTotal: number,
) {
  await db.importRun.updateMany({
    where: { id: importRunId, runnerToken: token },
    data: {
      outcome: 'failed',
      phase: 'done',
      rowsTotal,
      rowsFailed: new Set(problems.map((problem) => problem.line)).size,
      report: asJson({ message, problems: problems.slice(0, REPORTED_PROBLEMS) }),
      finishedAt: new Date(),
      fileContent: null,
      ...NO_RUNNER,
    },
  });
}

/** Records the refusal on the run, then throws it with every problem. */
async function failRun(
  db: Db,
  run: RunOfAttempt,
  message: string,
  problems: ImportProblem[],
  rowsTotal: number,
): Promise<never> {
  // Column names and values come from the file: the report shows a control character as [U+0000], so that it
  // neither cuts the page short nor reaches the database (PostgreSQL refuses a NUL in JSON).
  const shown = problems.map((problem) => ({
    ...problem,
    column: showForbiddenCharacters(problem.column),
    value: showForbiddenCharacters(problem.value),
    reason: showForbiddenCharacters(problem.reason),
  }));
  await markRunFailed(db, run, message, shown, rowsTotal);
  throw new ImportRefused(message, shown, run.importRunId);
}

/**
 * Rows are written (and their existing versions read) this many at a time. Each batch travels as one JSON
 * string; at 250 rows it stays under V8's large-object size (128 KiB), so it dies young instead of waiting
 * in the old generation for a full collection, which lowered the import's peak memory.
 */
const WRITE_CHUNK_ROWS = 250;

/**
 * A file that passed its checks, as the write reads it again: its layout, how to turn each row into an
 * import row, and where every chunk of rows starts, so that only one chunk is in memory at a time.
 */
interface CheckedFile {
  text: string;
  layout: CsvLayout;
  toImportRow: (row: ImportRow, problems: ImportProblem[]) => ImportRow;
  chunkStarts: number[];
  rowCount: number;
  references: ImportReferences;
}

/** Import rows as written, or translated through a survey mapping; header problems come first. */
function rowReaderOf(layout: CsvLayout, mapping: SurveyMapping | null) {
  if (!mapping) {
    const problems = checkHeader(layout.header);
    return problems.length > 0
      ? ({ ok: false, problems } as const)
      : ({ ok: true, toImportRow: (row: ImportRow) => row, inFileTerms: (found: ImportProblem[]) => found } as const);
  }
  const mapper = surveyRowMapper(layout.header, mapping);
  if (!mapper.ok) return { ok: false, problems: mapper.problems } as const;
  return {
    ok: true,
    toImportRow: mapper.mapRow,
    inFileTerms: (found: ImportProblem[]) => inExportTerms(found, mapper.exportColumnOf),
  } as const;
}

async function executeImport(
  db: Db,
  attempt: ImportAttempt,
  request: ImportRequest,
  actor: SignedInActor,
  now: Date,
): Promise<ImportOutcome> {
  const file = await checkFile(db, attempt, request, actor, now);
  await request.onPhase?.('writing', file.rowCount);
  const source = request.mapping ? surveyImportSource(request.mapping) : CSV_SOURCE;
  const write = () => attempt.whileWriting(() => writeRows(db, { attempt, source, file, request, actor, now }));
  try {
    try {
      return await write();
    } catch (error) {
      // PostgreSQL: a simultaneous import of the same rows committed first; once more sees them.
      if ((error as { code?: string }).code === 'P2002' || /unique constraint/i.test(String(error)))
        return await write();
      throw error;
    }
  } catch (error) {
    if (error instanceof ImportRefused) return failRun(db, attempt, error.message, error.problems, file.rowCount);
    throw error;
  }
}

/**
 * Reads and checks every row of the file, keeping none of them, and refuses it (on its run) with every
 * problem. What comes back tells the write where to read the rows again, a chunk at a time: a file of
 * 26,000 rows never has to be in memory as 26,000 objects.
 */
async function checkFile(
  db: Db,
  attempt: ImportAttempt,
  request: ImportRequest,
  actor: SignedInActor,
  now: Date,
): Promise<CheckedFile> {
  const refuse = (message: string, problems: ImportProblem[], rowsTotal = 0) =>
    failRun(db, attempt, message, problems, rowsTotal);
  const tooLarge = sizeProblem(request);
  if (tooLarge) return refuse(tooLargeMessage(request), [tooLarge]);
  const decoded = decodeTextFile(request.bytes);
  if ('problem' in decoded) return refuse(`Nothing was imported: ${decoded.problem.reason}.`, [decoded.problem]);
  await request.onPhase?.('reading', 0);
  const { text } = decoded;
  const layout = readCsvLayout(text);
  const reader = rowReaderOf(layout, request.mapping ?? null);
  const expected = request.mapping ? 'the mapping (docs/SURVEY-IMPORT.md)' : 'docs/IMPORT-FORMAT.md';
  if (!reader.ok) return refuse(`Nothing was imported: the file does not match ${expected}.`, reader.problems);

  await request.onPhase?.('checking', 0);
  const references = await loadReferences(db, now);
  const checker = createRowChecker(references);
  const mappingProblems: ImportProblem[] = [];
  const scopeProblems: ImportProblem[] = [];
  const referencesToCheck: ReferencedRow[] = [];
  const chunkStarts: number[] = [];
  let rowCount = 0;
  const structureProblems = scanCsvRows(text, layout, { from: layout.rowsStart }, (row, offset) => {
    if (rowCount % WRITE_CHUNK_ROWS === 0) chunkStarts.push(offset);
    rowCount += 1;
    const valid = checker.check(reader.toImportRow(row, mappingProblems));
    if (!valid) return;
    scopeProblems.push(...outsideScope([valid], actor));
    referencesToCheck.push({ line: valid.line, externalRef: valid.externalRef });
  });
  if (rowCount === 0) {
    const empty = { line: 2, column: 'file', value: '', reason: 'the file has no rows below the header' };
    return refuse(`Nothing was imported: the file does not match ${expected}.`, [empty]);
  }
  const source = request.mapping ? surveyImportSource(request.mapping) : CSV_SOURCE;
  const foreign = await foreignReferenceProblems(db, source, referencesToCheck, actor);
  const problems = [
    ...structureProblems,
    ...mappingProblems,
    ...reader.inFileTerms([...checker.problems, ...scopeProblems, ...foreign]),
  ].sort((a, b) => a.line - b.line);
  if (problems.length > 0) {
    const rowsWithProblems = new Set(problems.map((problem) => problem.line)).size;
    return refuse(
      `Nothing was imported: ${problems.length} problem(s) in ${rowsWithProblems} row(s).`,
      problems,
      rowCount,
    );
  }
  return { text, layout, toImportRow: reader.toImportRow, chunkStarts, rowCount, references };
}

/** The rows of one chunk of a checked file, ready to write (they passed every check already). */
function rowsOfChunk(file: CheckedFile, chunk: number): ValidIssueRow[] {
  const checker = createRowChecker(file.references);
  const rows: ValidIssueRow[] = [];
  const range = { from: file.chunkStarts[chunk]!, to: file.chunkStarts[chunk + 1] };
  scanCsvRows(file.text, file.layout, range, (row) => {
    const valid = checker.check(file.toImportRow(row, []));
    if (valid) rows.push(valid);
  });
  return rows;
}

/**
 * The rows whose reference an issue the actor may not edit already has, reported with the file's other
 * problems (the write checks again, inside its transaction). Analysts and administrators may edit them all.
 */
async function foreignReferenceProblems(
  db: Db,
  source: string,
  rows: readonly ReferencedRow[],
  actor: SignedInActor,
): Promise<ImportProblem[]> {
  if (scopeOf(actor).kind === 'everything' || rows.length === 0) return [];
  const dialect = dialectOf(db);
  const foreign = new Set<string>();
  for (let start = 0; start < rows.length; start += WRITE_CHUNK_ROWS) {
    const references = rows.slice(start, start + WRITE_CHUNK_ROWS).map((row) => row.externalRef);
    const ids = await dialect.importedIssueIds(db, source, references);
    const issues = await db.localIssue.findMany({
      where: { id: { in: ids } },
      select: { externalRef: true, facilityId: true },
    });
    for (const issue of issues) {
      if (!keepsRecordsAt(actor, issue.facilityId)) foreign.add(issue.externalRef ?? '');
    }
  }
  return rows.filter((row) => foreign.has(row.externalRef)).map(foreignReferenceOf);
}

function outsideScope(rows: readonly ValidIssueRow[], actor: SignedInActor): ImportProblem[] {
  const scope = scopeOf(actor);
  if (scope.kind !== 'facilities') return [];
  return rows
    .filter((row) => !scope.facilityIds.includes(row.facilityId))
    .map((row) => ({
      line: row.line,
      column: 'facility_code',
      value: '',
      reason: 'you may import issues for your own facilities only',
    }));
}

/** What the checks look up: every live facility and its rounds (hundreds, not millions), and the tags. */
async function loadReferences(db: Db, now: Date): Promise<ImportReferences> {
  const [facilities, rounds, { vocabulary }] = await Promise.all([
    db.facility.findMany({ where: { archived: false }, select: { id: true, code: true } }),
    db.monitoringRound.findMany({
      where: { facility: { archived: false } },
      select: { id: true, facilityId: true, wave: true },
    }),
    loadTagTerms(db),
  ]);
  const roundIdsByFacilityWave = new Map<string, string[]>();
  for (const round of rounds) {
    const key = `${round.facilityId}:${round.wave}`;
    roundIdsByFacilityWave.set(key, [...(roundIdsByFacilityWave.get(key) ?? []), round.id]);
  }
  return {
    facilityIdByCode: new Map(facilities.map((facility) => [facility.code, facility.id])),
    roundIdsByFacilityWave,
    tags: vocabulary,
    today: todayInSouthAfrica(now),
  };
}

/** A new issue's columns as the import writes them (the benchmark data set writes the same). */
export const ISSUE_COLUMNS: ColumnSpec[] = [
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
export const ROOT_CAUSE_COLUMNS: ColumnSpec[] = [
  { name: 'id' },
  { name: 'localIssueId' },
  { name: 'statement' },
  { name: 'level', pgType: '"RootCauseLevel"' },
  { name: 'category', pgType: '"RootCauseCategory"' },
  { name: 'position', pgType: 'integer' },
  { name: 'createdAt', pgType: 'timestamp(3)' },
];
export const ISSUE_TAG_COLUMNS: ColumnSpec[] = [{ name: 'localIssueId' }, { name: 'tagId' }];

/** Writes new issues, their root causes and tags with the driver's batched INSERT; returns their ids. */
async function insertIssues(
  tx: Tx,
  dialect: Dialect,
  rows: ValidIssueRow[],
  { importRunId, source, now }: { importRunId: string; source: string; now: Date },
): Promise<string[]> {
  const stamp = dialect.dateValue(now);
  const ids = rows.map(() => randomUUID());
  await dialect.insertRows(
    tx,
    'LocalIssue',
    ISSUE_COLUMNS,
    rows.map((row, index) => [
      ids[index],
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
      source,
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
    rows.flatMap((row, index) =>
      row.rootCauses.map((cause, position) => [
        randomUUID(),
        ids[index],
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
    rows.flatMap((row, index) => row.tagIds.map((tagId) => [ids[index], tagId])),
  );
  return ids;
}

type Existing = Awaited<ReturnType<typeof findExisting>>[number];

/** The issues this source already holds under the rows' references, with what their content needs. */
async function findExisting(tx: Tx, dialect: Dialect, source: string, refs: string[]) {
  const ids = await dialect.importedIssueIds(tx, source, refs);
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

function existingRow(issue: Existing): Omit<ValidIssueRow, 'line'> {
  return {
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
    raisedOn: toCalendarDate(issue.raisedOn),
  };
}

/**
 * An issue an import updated, as it was before and the version the import left it at: a rollback
 * restores it only while nobody has changed it since.
 */
export interface PreviousContent {
  id: string;
  versionAfterImport: number;
  before: Omit<ValidIssueRow, 'line'>;
}

/** The issue's fields as a row gives them, for a create, an import update or a rollback's restore. */
export function issueFieldsOf(row: Omit<ValidIssueRow, 'line' | 'externalRef'>) {
  return {
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
    tags: { deleteMany: {}, create: row.tagIds.map((tagId) => ({ tagId })) },
    rootCauses: { deleteMany: {}, create: row.rootCauses.map((cause, position) => ({ ...cause, position })) },
  } satisfies Prisma.LocalIssueUncheckedUpdateInput;
}

interface WriteJob {
  attempt: ImportAttempt;
  source: string;
  file: CheckedFile;
  request: ImportRequest;
  actor: SignedInActor;
  now: Date;
}

const conflictOf = (row: ValidIssueRow): ImportProblem => ({
  line: row.line,
  column: 'external_ref',
  value: row.externalRef,
  reason: 'exists with other content (a conflict)',
});

/** Says that the reference is taken and nothing else: not where, not by what, not whether it differs. */
const FOREIGN_REFERENCE_REASON = 'this reference is already used by an issue you cannot change; use another reference';
type ReferencedRow = Pick<ValidIssueRow, 'line' | 'externalRef'>;
const foreignReferenceOf = (row: ReferencedRow): ImportProblem => ({
  line: row.line,
  column: 'external_ref',
  value: row.externalRef,
  reason: FOREIGN_REFERENCE_REASON,
});

function refusalOfRows(conflicts: ImportProblem[], foreign: ImportProblem[]): ImportRefused {
  const parts = [
    foreign.length > 0 && `${foreign.length} row(s) use a reference that an issue you cannot change already has`,
    conflicts.length > 0 &&
      `${conflicts.length} row(s) have a reference that exists with other content (import with "update existing" to change them)`,
  ].filter(Boolean);
  const problems = [...foreign, ...conflicts].sort((a, b) => a.line - b.line);
  return new ImportRefused(`Nothing was imported: ${parts.join('; ')}.`, problems, null);
}

/**
 * Writes the checked file in one transaction, a chunk of rows at a time: each chunk's rows are read again,
 * compared with the issues already imported under their references (inside the transaction, so that of two
 * simultaneous imports of a file the second sees the first one's rows and changes nothing), then inserted
 * or, when asked, updated. A conflict anywhere refuses the whole file, listing every conflict.
 */
function writeRows(db: Db, { attempt, source, file, request, actor, now }: WriteJob): Promise<ImportOutcome> {
  const dialect = dialectOf(db);
  const { importRunId } = attempt;
  return db.$transaction(
    async (tx) => {
      const conflicts: ImportProblem[] = [];
      const foreign: ImportProblem[] = [];
      const previousContent: PreviousContent[] = [];
      const placed: string[] = [];
      let [created, unchanged, done] = [0, 0, 0];
      for (let chunk = 0; chunk < file.chunkStarts.length; chunk += 1) {
        const rows = rowsOfChunk(file, chunk);
        const existing = new Map(
          (
            await findExisting(
              tx,
              dialect,
              source,
              rows.map((row) => row.externalRef),
            )
          ).map((issue) => [issue.externalRef ?? '', issue]),
        );
        const fresh: ValidIssueRow[] = [];
        const changed: [ValidIssueRow, Existing][] = [];
        for (const row of rows) {
          const current = existing.get(row.externalRef);
          // An import touches only issues its actor may edit, and tells nothing of the others.
          if (current && !keepsRecordsAt(actor, current.facilityId)) foreign.push(foreignReferenceOf(row));
          else if (!current) fresh.push(row);
          else if (contentOf(existingRow(current)) === contentOf(row)) unchanged += 1;
          else changed.push([row, current]);
        }
        if (!request.updateExisting) conflicts.push(...changed.map(([row]) => conflictOf(row)));
        // Once a row refuses the file, the rest is only read for the report.
        if (conflicts.length > 0 || foreign.length > 0) continue;
        placed.push(...(await insertIssues(tx, dialect, fresh, { importRunId, source, now })));
        pausePoint('import:after-first-rows');
        created += fresh.length;
        for (const [row, current] of changed) {
          await tx.localIssue.update({
            where: { id: current.id },
            data: { ...issueFieldsOf(row), version: { increment: 1 } },
          });
          previousContent.push({
            id: current.id,
            versionAfterImport: current.version + 1,
            before: existingRow(current),
          });
          placed.push(current.id);
        }
        done += rows.length;
        request.onRowsWritten?.(done, file.rowCount);
      }
      if (conflicts.length > 0 || foreign.length > 0) throw refusalOfRows(conflicts, foreign);
      const updated = previousContent.length;
      // Only the attempt that holds the run ends it: if a sweep took the run from this one (taken for dead),
      // everything written here is rolled back, and the run says what the sweep decided.
      const { count } = await tx.importRun.updateMany({
        where: { id: importRunId, runnerToken: attempt.token, outcome: 'running' },
        data: {
          outcome: 'succeeded',
          phase: 'done',
          rowsTotal: file.rowCount,
          rowsDone: file.rowCount,
          rowsCreated: created,
          rowsUpdated: updated,
          rowsUnchanged: unchanged,
          finishedAt: new Date(),
          report: { problems: [] },
          previousContent: asJson(previousContent),
          fileContent: null,
          ...NO_RUNNER,
        },
      });
      if (count === 0) throw lostRun();
      await tx.auditEvent.create({
        data: {
          actorId: actor.userId,
          actorLabel: actorLabel(actor),
          entityType: 'import_run',
          entityId: importRunId,
          action: 'import.succeeded' satisfies AuditAction,
          changes: { fileName: request.fileName, source, created, updated, unchanged },
        },
      });
      if (placed.length > 0) {
        // Cluster placement runs after the commit, from the outbox, never inside the import.
        await tx.outboxMessage.create({
          data: { kind: 'cluster.place', payload: { importRunId, localIssueIds: placed } },
        });
      }
      return { importRunId, created, updated, unchanged };
    },
    { timeout: 10 * 60_000, maxWait: 60_000 },
  );
}

const lostRun = () =>
  new ServiceError(
    'refused',
    'Nothing was imported: this import was taken for stopped (no sign of it for minutes) and its run was ended or queued again; see its page.',
  );
