import { z } from 'zod';
import type { Db, Tx } from '../../../db/client.ts';
import type { Prisma } from '../../../db/generated/sqlite/client.ts';
import { scopeOf, type SignedInActor } from '../../../domain/accounts/actor.ts';
import { keepsRecordsAt } from '../../../domain/accounts/facility-access.ts';
import {
  daysOverdue,
  isCommitmentOverdue,
  OPEN_COMMITMENT_STATUSES,
  pastDueProblem,
  progressStatuses,
  progressStatusRefusal,
} from '../../../domain/capture/commitments.ts';
import { textField } from '../../../domain/text/text-schema.ts';
import { COMMITMENT_STATUSES, PROVINCES } from '../../../domain/vocabulary.ts';
import { fromCalendarDate, todayInSouthAfrica, toCalendarDate } from '../../../lib/calendar-date.ts';
import { PagedExportSchema, pagedCsvChunk, type CsvColumn } from '../../../lib/lists/csv.ts';
import { PageRequestSchema, toPage, toSkipTake } from '../../../lib/lists/pagination.ts';
import type { FieldProblems } from '../../../lib/forms/field-problems.ts';
import { historyOf } from '../audit/audit-history.ts';
import { recordAudit } from '../audit/audit.ts';
import { findOpenFacility } from './facility-edit-service.ts';
import { parseFieldByField, valueOrAllProblems } from '../shared/form-check.ts';
import { ServiceError, fieldError } from '../shared/service-error.ts';
import { changedFieldNames, editNote, staleVersionError } from '../shared/versioned-edit.ts';
import { typedDateSchema } from '../../../lib/forms/date-parts.ts';
import { facilityIdOrCode } from './facility-filter.ts';

const CommitmentFieldsSchema = z.object({
  commitment: textField()
    .trim()
    .min(1, 'Enter what was promised')
    .max(1000, 'The commitment must be 1000 characters or fewer'),
  responsibleParty: textField()
    .trim()
    .min(1, 'Enter who is responsible')
    .max(200, 'The responsible party must be 200 characters or fewer'),
  dueOn: typedDateSchema('the due date'),
  /** The local issue the commitment answers, at the same facility; null for none. */
  localIssueId: textField().min(1).nullable().default(null),
  /** A due date in the past is saved only when the person confirmed it (pastDueProblem). */
  isPastDueConfirmed: z.boolean().default(false),
});
export const CommitmentCreateSchema = CommitmentFieldsSchema.extend({
  facilityId: textField().min(1),
});
export type CommitmentDraft = z.input<typeof CommitmentCreateSchema>;
export const CommitmentEditSchema = CommitmentFieldsSchema.extend({
  status: z.enum(COMMITMENT_STATUSES, 'Choose a status'),
});
/** Which commitment an edit is for, and the version the person saw. */
export const CommitmentVersionSchema = z.object({ id: textField().min(1), version: z.int().min(0) });
export type CommitmentUpdate = z.input<typeof CommitmentEditSchema> & z.input<typeof CommitmentVersionSchema>;
export const ProgressUpdateSchema = z.object({
  commitmentId: textField().min(1),
  version: z.int().min(0),
  on: typedDateSchema('the date of the update'),
  note: textField().trim().min(1, 'Enter what happened').max(2000, 'What happened must be 2000 characters or fewer'),
  /** A progress report may move the commitment on (in progress, done, missed) in the same step. */
  status: z.enum(COMMITMENT_STATUSES).optional(),
});
export const OverdueQuerySchema = PageRequestSchema.extend({
  province: z.enum(PROVINCES).optional(),
  facilityId: textField().min(1).optional(),
  departmentCode: textField().trim().min(1).max(40).optional(),
});

const FIELD_NAMES = {
  commitment: 'commitment',
  responsibleParty: 'responsible party',
  dueOn: 'due date',
  status: 'status',
  localIssueId: 'linked issue',
} as const;
type CommitmentField = keyof typeof FIELD_NAMES;

/** Commitments still open past their due date (South African today). */
export function overdueWhere(now: Date): Prisma.CharterCommitmentWhereInput {
  return {
    status: { in: [...OPEN_COMMITMENT_STATUSES] },
    dueOn: { lt: fromCalendarDate(todayInSouthAfrica(now)) },
  };
}

/**
 * Charters are kept by analysts and administrators anywhere and by facilitators at their own
 * facilities; they name who promised what, so, like local issues, nobody else reads them.
 */
export function charterScope(actor: SignedInActor): Prisma.CharterCommitmentWhereInput {
  const scope = scopeOf(actor);
  if (scope.kind === 'everything') return {};
  if (scope.kind === 'facilities') return { facilityId: { in: [...scope.facilityIds] } };
  return { id: { in: [] } };
}

function assertMayKeepCharter(actor: SignedInActor, facilityId: string) {
  if (!keepsRecordsAt(actor, facilityId)) {
    throw new ServiceError('forbidden', 'You may keep the charters of your own facilities only.');
  }
}

async function findCommitment(tx: Tx | Db, actor: SignedInActor, id: string) {
  const found = await tx.charterCommitment.findFirst({ where: { AND: [{ id }, charterScope(actor)] } });
  if (!found) throw new ServiceError('not_found', 'There is no such commitment, or it is outside your facilities.');
  return found;
}

/**
 * A commitment's fields checked in one pass (every problem at once): the schema, a due date in the past
 * not confirmed, and a linked issue that must be at the commitment's facility and not archived.
 */
async function checkCommitment<S extends typeof CommitmentCreateSchema | typeof CommitmentEditSchema>(
  tx: Tx,
  schema: S,
  input: unknown,
  { facilityId, now, dueBefore }: { facilityId: string; now: Date; dueBefore?: string },
): Promise<z.output<S>> {
  const parsed = parseFieldByField(schema, input);
  const { dueOn, localIssueId, isPastDueConfirmed = false } = parsed.fields;
  const problems: FieldProblems = {};
  const today = todayInSouthAfrica(now);
  const pastDue = dueOn && pastDueProblem(dueOn, { today, before: dueBefore, isConfirmed: isPastDueConfirmed });
  if (pastDue) problems.dueOn = pastDue;
  if (localIssueId) {
    const issue = await tx.localIssue.findFirst({ where: { id: localIssueId, facilityId, archived: false } });
    if (!issue) problems.localIssueId = 'Choose a local issue of this facility';
  }
  return valueOrAllProblems(parsed, problems) as z.output<S>;
}

/** What is stored of a checked commitment: the confirmation is the person's answer, not a field. */
function storedFields<T extends { isPastDueConfirmed: boolean }>(checked: T): Omit<T, 'isPastDueConfirmed'> {
  const { isPastDueConfirmed: _answer, ...fields } = checked;
  return fields;
}

const staleCommitment = (tx: Tx, id: string, seenVersion: number) =>
  staleVersionError(tx, { entityType: 'commitment', entityId: id, noun: 'commitment' }, seenVersion);

async function claimVersion(
  tx: Tx,
  id: string,
  version: number,
  data: Prisma.CharterCommitmentUncheckedUpdateManyInput,
) {
  const { count } = await tx.charterCommitment.updateMany({
    where: { id, version },
    data: { ...data, version: { increment: 1 } },
  });
  if (count === 0) throw await staleCommitment(tx, id, version);
  return version + 1;
}

export async function addCommitment(db: Db, actor: SignedInActor, input: CommitmentDraft, now = new Date()) {
  const facility = CommitmentCreateSchema.shape.facilityId.safeParse(input.facilityId);
  if (!facility.success) throw fieldError({ facilityId: 'Choose a facility' });
  const facilityId = facility.data;
  assertMayKeepCharter(actor, facilityId);
  return db.$transaction(async (tx) => {
    await findOpenFacility(tx, facilityId);
    const request = storedFields(await checkCommitment(tx, CommitmentCreateSchema, input, { facilityId, now }));
    const created = await tx.charterCommitment.create({
      data: { ...request, dueOn: fromCalendarDate(request.dueOn) },
    });
    await recordAudit(tx, actor, {
      entityType: 'commitment',
      entityId: created.id,
      action: 'commitment.added',
      changes: { version: 0, ...request },
    });
    return { id: created.id, version: created.version };
  });
}

export async function updateCommitment(db: Db, actor: SignedInActor, input: CommitmentUpdate, now = new Date()) {
  const { id, version } = CommitmentVersionSchema.parse(input);
  return db.$transaction(async (tx) => {
    const current = await findCommitment(tx, actor, id);
    assertMayKeepCharter(actor, current.facilityId);
    await findOpenFacility(tx, current.facilityId);
    const checked = await checkCommitment(tx, CommitmentEditSchema, input, {
      facilityId: current.facilityId,
      now,
      dueBefore: toCalendarDate(current.dueOn),
    });
    const fields = storedFields(checked);
    if (current.version !== version) throw await staleCommitment(tx, id, version);
    const before: Record<CommitmentField, unknown> = {
      commitment: current.commitment,
      responsibleParty: current.responsibleParty,
      dueOn: toCalendarDate(current.dueOn),
      status: current.status,
      localIssueId: current.localIssueId,
    };
    const changed = changedFieldNames(before, fields, FIELD_NAMES);
    if (changed.length === 0) return { id, version, changed: [] as string[] };
    const newVersion = await claimVersion(tx, id, version, { ...fields, dueOn: fromCalendarDate(fields.dueOn) });
    const note = editNote(newVersion, changed, FIELD_NAMES, before, fields);
    await recordAudit(tx, actor, {
      entityType: 'commitment',
      entityId: id,
      action: 'commitment.edited',
      changes: note,
    });
    return { id, version: newVersion, changed: note.fields };
  });
}

/** A dated progress report on a commitment, optionally moving its status on; both are recorded. */
export async function addProgressUpdate(
  db: Db,
  actor: SignedInActor,
  input: z.input<typeof ProgressUpdateSchema>,
  now = new Date(),
) {
  const request = ProgressUpdateSchema.parse(input);
  if (request.on > todayInSouthAfrica(now))
    throw fieldError({ on: 'The date of the update must be today or in the past' });
  return db.$transaction(async (tx) => {
    const current = await findCommitment(tx, actor, request.commitmentId);
    assertMayKeepCharter(actor, current.facilityId);
    await findOpenFacility(tx, current.facilityId);
    if (current.version !== request.version) throw await staleCommitment(tx, current.id, request.version);
    const status = request.status ?? current.status;
    const refusal = progressStatusRefusal(current.status, status);
    if (refusal) throw fieldError({ status: refusal });
    const newVersion = await claimVersion(tx, current.id, request.version, { status });
    await tx.commitmentUpdate.create({
      data: { commitmentId: current.id, on: fromCalendarDate(request.on), note: request.note, actorId: actor.userId },
    });
    await recordAudit(tx, actor, {
      entityType: 'commitment',
      entityId: current.id,
      action: 'commitment.progress',
      changes: { version: newVersion, on: request.on, note: request.note, from: current.status, to: status },
    });
    return { id: current.id, version: newVersion };
  });
}

/** How many progress updates the charter shows per commitment; its own page shows them all. */
const LATEST_UPDATES = 3;

/** A facility's charter: every commitment with its latest updates, the overdue ones marked. */
export async function listCharter(db: Db, actor: SignedInActor, facilityId: string, now = new Date()) {
  const today = todayInSouthAfrica(now);
  const commitments = await db.charterCommitment.findMany({
    where: { AND: [{ facilityId }, charterScope(actor)] },
    include: {
      updates: { orderBy: [{ on: 'desc' }, { createdAt: 'desc' }], take: LATEST_UPDATES },
      localIssue: { select: { id: true, title: true } },
      _count: { select: { updates: true } },
    },
    orderBy: [{ dueOn: 'asc' }, { id: 'asc' }],
  });
  return commitments.map(({ _count, ...commitment }) => ({
    ...withCalendarDates(commitment, today),
    updateCount: _count.updates,
  }));
}

/** Dates as the pages show them (YYYY-MM-DD, South African), and whether (by how many days) it is overdue. */
function withCalendarDates<
  C extends { dueOn: Date; status: (typeof COMMITMENT_STATUSES)[number]; updates: { on: Date }[] },
>(
  commitment: C,
  today: string,
): Omit<C, 'dueOn' | 'updates'> & {
  dueOn: string;
  isOverdue: boolean;
  daysOverdue: number;
  updates: (Omit<C['updates'][number], 'on'> & { on: string })[];
} {
  const { dueOn: due, updates, ...rest } = commitment;
  const dueOn = toCalendarDate(due);
  type Update = C['updates'][number];
  return {
    ...rest,
    dueOn,
    isOverdue: isCommitmentOverdue({ status: commitment.status, dueOn }, today),
    daysOverdue: daysOverdue({ status: commitment.status, dueOn }, today),
    updates: updates.map(({ on, ...update }) => ({ ...(update as Omit<Update, 'on'>), on: toCalendarDate(on) })),
  };
}

/** One commitment with all its progress updates and history, for its own page. */
export async function getCommitment(db: Db, actor: SignedInActor, id: string, now = new Date()) {
  const commitment = await db.charterCommitment.findFirst({
    where: { AND: [{ id }, charterScope(actor)] },
    include: {
      facility: { select: { id: true, code: true, name: true, archived: true } },
      localIssue: { select: { id: true, title: true } },
      updates: { orderBy: [{ on: 'desc' }, { createdAt: 'desc' }] },
    },
  });
  if (!commitment)
    throw new ServiceError('not_found', 'There is no such commitment, or it is outside your facilities.');
  const history = await historyOf(db, { entityType: 'commitment', entityId: id });
  return {
    ...withCalendarDates(commitment, todayInSouthAfrica(now)),
    progressStatuses: progressStatuses(commitment.status),
    history,
  };
}

/** The facility's issues a commitment may answer, newest first, for the form's picker. */
export async function listCommitmentIssueOptions(db: Db, actor: SignedInActor, facilityId: string) {
  assertMayKeepCharter(actor, facilityId);
  return db.localIssue.findMany({
    where: { facilityId, archived: false },
    select: { id: true, title: true, raisedOn: true },
    orderBy: [{ raisedOn: 'desc' }, { id: 'asc' }],
    take: 200,
  });
}

/** Overdue commitments across facilities, oldest due date first, within the actor's scope. */
export async function listOverdueCommitments(
  db: Db,
  actor: SignedInActor,
  input: z.input<typeof OverdueQuerySchema>,
  now = new Date(),
) {
  const query = OverdueQuerySchema.parse(input);
  const where: Prisma.CharterCommitmentWhereInput = {
    AND: [
      overdueWhere(now),
      charterScope(actor),
      {
        facility: {
          archived: false,
          province: query.province,
          department: query.departmentCode ? { code: query.departmentCode } : undefined,
        },
      },
      query.facilityId ? { facility: facilityIdOrCode(query.facilityId) } : {},
    ],
  };
  const today = todayInSouthAfrica(now);
  const [total, items] = await Promise.all([
    db.charterCommitment.count({ where }),
    db.charterCommitment.findMany({
      where,
      include: {
        facility: {
          select: {
            id: true,
            code: true,
            name: true,
            province: true,
            department: { select: { code: true, name: true } },
          },
        },
        updates: { orderBy: [{ on: 'desc' }, { createdAt: 'desc' }], take: 1 },
      },
      orderBy: [{ dueOn: 'asc' }, { id: 'asc' }],
      ...toSkipTake(query),
    }),
  ]);
  return toPage(
    items.map((item) => withCalendarDates(item, today)),
    total,
    query,
  );
}

export const OverdueExportSchema = OverdueQuerySchema.omit({ page: true, pageSize: true }).extend(
  PagedExportSchema.shape,
);

type OverdueItem = Awaited<ReturnType<typeof listOverdueCommitments>>['items'][number];
const OVERDUE_CSV_COLUMNS: readonly CsvColumn<OverdueItem>[] = [
  { header: 'id', cell: (item) => item.id },
  { header: 'commitment', cell: (item) => item.commitment },
  { header: 'facility_code', cell: (item) => item.facility.code },
  { header: 'facility_name', cell: (item) => item.facility.name },
  { header: 'province', cell: (item) => item.facility.province },
  { header: 'department', cell: (item) => item.facility.department.name },
  { header: 'responsible_party', cell: (item) => item.responsibleParty },
  { header: 'due_on', cell: (item) => item.dueOn },
  { header: 'days_overdue', cell: (item) => item.daysOverdue },
  { header: 'status', cell: (item) => item.status },
  { header: 'latest_progress_on', cell: (item) => item.updates[0]?.on },
  { header: 'latest_progress', cell: (item) => item.updates[0]?.note },
];

/** One chunk of the filtered list of overdue commitments as CSV (/commitments/overdue.csv). */
export async function exportOverdueCommitmentsCsv(
  db: Db,
  actor: SignedInActor,
  input: z.input<typeof OverdueExportSchema>,
  now = new Date(),
) {
  const { after, ...query } = OverdueExportSchema.parse(input);
  return pagedCsvChunk(OVERDUE_CSV_COLUMNS, after, (request) =>
    listOverdueCommitments(db, actor, { ...query, ...request }, now),
  );
}
