import { z } from 'zod';
import type { Db, Tx } from '../../db/client.ts';
import type { Prisma } from '../../db/generated/sqlite/client.ts';
import { scopeOf, type SignedInActor } from '../../domain/access/actor.ts';
import { COMMITMENT_STATUSES, PROVINCES } from '../../domain/vocabulary.ts';
import { fromCalendarDate, todayInSouthAfrica } from '../../lib/calendar-date.ts';
import { PageRequestSchema, toPage, toSkipTake } from '../../lib/pagination.ts';
import { recordAudit } from './audit.ts';
import { ServiceError } from './service-error.ts';

const CommitmentFieldsSchema = z.object({
  commitment: z.string().trim().min(1, 'say what was promised').max(1000, 'at most 1000 characters'),
  responsibleParty: z.string().trim().min(1, 'say who is responsible').max(200, 'at most 200 characters'),
  dueOn: z.iso.date('expected a date such as 2026-03-14'),
});
export const CommitmentCreateSchema = CommitmentFieldsSchema.extend({
  facilityId: z.string().min(1),
  localIssueId: z.string().min(1).nullable().default(null),
});
export const CommitmentUpdateSchema = CommitmentFieldsSchema.extend({
  id: z.string().min(1),
  version: z.int().min(0),
  status: z.enum(COMMITMENT_STATUSES),
});
export const ProgressUpdateSchema = z.object({
  commitmentId: z.string().min(1),
  version: z.int().min(0),
  on: z.iso.date('expected a date such as 2026-03-14'),
  note: z.string().trim().min(1, 'say what happened').max(2000, 'at most 2000 characters'),
  /** A progress report may move the commitment on (in progress, done, missed) in the same step. */
  status: z.enum(COMMITMENT_STATUSES).optional(),
});
export const OverdueQuerySchema = PageRequestSchema.extend({
  province: z.enum(PROVINCES).optional(),
  facilityId: z.string().min(1).optional(),
});

/** Commitments still open past their due date (South African today). */
export function overdueWhere(now: Date): Prisma.CharterCommitmentWhereInput {
  return { status: { in: ['not_started', 'in_progress'] }, dueOn: { lt: fromCalendarDate(todayInSouthAfrica(now)) } };
}

/** Charter commitments are staff business; facilitators keep their own facilities' charters. */
function charterScope(actor: SignedInActor): Prisma.CharterCommitmentWhereInput {
  const scope = scopeOf(actor);
  if (scope.kind === 'everything') return {};
  if (scope.kind === 'facilities') return { facilityId: { in: [...scope.facilityIds] } };
  return { id: { in: [] } };
}

function assertMayKeepCharter(actor: SignedInActor, facilityId: string) {
  const scope = scopeOf(actor);
  if (scope.kind === 'everything') return;
  if (scope.kind === 'facilities' && scope.facilityIds.includes(facilityId)) return;
  throw new ServiceError('forbidden', 'You may keep the charters of your own facilities only.');
}

async function findCommitment(tx: Tx, actor: SignedInActor, id: string) {
  const found = await tx.charterCommitment.findFirst({ where: { AND: [{ id }, charterScope(actor)] } });
  if (!found) throw new ServiceError('not_found', 'There is no such commitment, or it is outside your facilities.');
  return found;
}

async function claimVersion(tx: Tx, id: string, version: number, data: Prisma.CharterCommitmentUpdateManyMutationInput) {
  const { count } = await tx.charterCommitment.updateMany({
    where: { id, version },
    data: { ...data, version: { increment: 1 } },
  });
  if (count === 0) {
    throw new ServiceError(
      'stale_version',
      'Someone changed this commitment after you opened it, so your change was not saved. Reload it and try again.',
    );
  }
  return version + 1;
}

export async function addCommitment(db: Db, actor: SignedInActor, input: z.input<typeof CommitmentCreateSchema>) {
  const request = CommitmentCreateSchema.parse(input);
  assertMayKeepCharter(actor, request.facilityId);
  return db.$transaction(async (tx) => {
    if (request.localIssueId) {
      const issue = await tx.localIssue.findUnique({ where: { id: request.localIssueId } });
      if (!issue || issue.facilityId !== request.facilityId) {
        throw new ServiceError('invalid_input', 'localIssueId: that issue is not at this facility', {
          fields: { localIssueId: 'that issue is not at this facility' },
        });
      }
    }
    const created = await tx.charterCommitment.create({
      data: { ...request, dueOn: fromCalendarDate(request.dueOn) },
    });
    await recordAudit(tx, actor, {
      entityType: 'commitment',
      entityId: created.id,
      action: 'commitment.added',
      changes: { facilityId: request.facilityId, commitment: request.commitment, dueOn: request.dueOn },
    });
    return { id: created.id };
  });
}

export async function updateCommitment(db: Db, actor: SignedInActor, input: z.input<typeof CommitmentUpdateSchema>) {
  const { id, version, ...fields } = CommitmentUpdateSchema.parse(input);
  return db.$transaction(async (tx) => {
    const current = await findCommitment(tx, actor, id);
    assertMayKeepCharter(actor, current.facilityId);
    const newVersion = await claimVersion(tx, id, version, { ...fields, dueOn: fromCalendarDate(fields.dueOn) });
    await recordAudit(tx, actor, {
      entityType: 'commitment',
      entityId: id,
      action: 'commitment.edited',
      changes: {
        version: newVersion,
        from: {
          commitment: current.commitment,
          responsibleParty: current.responsibleParty,
          dueOn: current.dueOn.toISOString().slice(0, 10),
          status: current.status,
        },
        to: fields,
      },
    });
    return { id, version: newVersion };
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
  if (request.on > todayInSouthAfrica(now)) {
    throw new ServiceError('invalid_input', 'on: cannot be in the future', { fields: { on: 'cannot be in the future' } });
  }
  return db.$transaction(async (tx) => {
    const current = await findCommitment(tx, actor, request.commitmentId);
    assertMayKeepCharter(actor, current.facilityId);
    const status = request.status ?? current.status;
    const newVersion = await claimVersion(tx, current.id, request.version, { status });
    await tx.commitmentUpdate.create({
      data: { commitmentId: current.id, on: fromCalendarDate(request.on), note: request.note, actorId: actor.userId },
    });
    await recordAudit(tx, actor, {
      entityType: 'commitment',
      entityId: current.id,
      action: 'commitment.progress',
      changes: { version: newVersion, on: request.on, from: current.status, to: status },
    });
    return { id: current.id, version: newVersion };
  });
}

/** A facility's charter: every commitment with its updates, the overdue ones marked. */
export async function listCharter(db: Db, actor: SignedInActor, facilityId: string, now = new Date()) {
  const overdue = overdueWhere(now);
  const [commitments, overdueIds] = await Promise.all([
    db.charterCommitment.findMany({
      where: { AND: [{ facilityId }, charterScope(actor)] },
      include: {
        updates: { orderBy: { on: 'desc' } },
        localIssue: { select: { id: true, title: true } },
      },
      orderBy: [{ dueOn: 'asc' }, { id: 'asc' }],
    }),
    db.charterCommitment.findMany({ where: { AND: [{ facilityId }, overdue] }, select: { id: true } }),
  ]);
  const isOverdue = new Set(overdueIds.map((row) => row.id));
  return commitments.map((commitment) => ({ ...commitment, isOverdue: isOverdue.has(commitment.id) }));
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
      query.facilityId ? { facilityId: query.facilityId } : {},
      query.province ? { facility: { province: query.province } } : {},
    ],
  };
  const [total, items] = await Promise.all([
    db.charterCommitment.count({ where }),
    db.charterCommitment.findMany({
      where,
      include: {
        facility: { select: { id: true, name: true, province: true } },
        updates: { orderBy: { on: 'desc' }, take: 1 },
      },
      orderBy: [{ dueOn: 'asc' }, { id: 'asc' }],
      ...toSkipTake(query),
    }),
  ]);
  return toPage(items, total, query);
}
