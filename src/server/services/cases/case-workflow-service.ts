import { z } from 'zod';
import type { Db, Tx } from '../../../db/client.ts';
import { actorLabel, type SignedInActor } from '../../../domain/accounts/actor.ts';
import { applyClock, type RunningDeadline } from '../../../domain/cases/deadlines.ts';
import {
  CASE_MOVE_NAMES,
  CASE_WORKFLOW,
  moveProblems,
  stateAfter,
  type CaseMoveName,
} from '../../../domain/cases/workflow.ts';
import { textField } from '../../../domain/text/text-schema.ts';
import { fromCalendarDate, todayInSouthAfrica, toCalendarDate } from '../../../lib/calendar-date.ts';
import { typedDateSchema } from '../../../lib/forms/date-parts.ts';
import { env } from '../../../lib/env.ts';
import { notifyCaseMove } from './case-notifications.ts';
import { deadlineSettings, workingCalendarOf } from './deadline-settings-service.ts';
import { caseNotFound, relationTo } from './case-access.ts';
import { escalateLinkedWork, releaseLinkedWork } from './case-links.ts';
import { staleCaseError } from './case-history.ts';
import { followUpStandingOf } from './follow-up-standing.ts';
import { parseFieldByField, valueOrAllProblems } from '../shared/form-check.ts';
import { fieldError, ServiceError } from '../shared/service-error.ts';
import { pausePoint } from '../../test-hooks/pause-point.ts';

const LongText = textField().trim().max(4000, 'Write 4,000 characters or fewer');

export const EvidenceUrl = textField()
  .trim()
  .max(2000, 'The link must be 2,000 characters or fewer')
  .refine((text) => text === '' || /^https?:\/\/[^\s/]+\.[^\s]+$/i.test(text), {
    error: 'Enter the link as a web address starting with https://',
  })
  .default('');

export const MoveCaseSchema = z.object({
  reference: textField().min(1),
  move: z.enum(CASE_MOVE_NAMES),
  version: z.int().min(0),
  reason: LongText.default(''),
  evidence: LongText.default(''),
  evidenceUrl: EvidenceUrl,
  targetDepartmentId: textField().trim().default(''),
  newDueOn: typedDateSchema('the new due date').optional(),
});
export type MoveCaseInput = z.input<typeof MoveCaseSchema>;

/** The fields of the move forms, as refusals name them. */
export const MOVE_FIELD_LABELS = {
  reason: 'reason',
  evidence: 'evidence',
  evidenceUrl: 'link to the evidence',
  targetDepartmentId: 'department',
  newDueOn: 'new due date',
};

/** The case as a move reads it, with what the workflow table's requirements look at. */
export async function caseForMove(tx: Tx | Db, reference: string) {
  return tx.systemicCase.findUnique({
    where: { reference },
    include: {
      owningDepartment: { select: { id: true, name: true } },
      supportingDepartments: { select: { departmentId: true } },
      responseActions: { select: { status: true } },
      deadlines: { where: { endedOn: null }, orderBy: { startedOn: 'desc' }, take: 1 },
    },
  });
}
type CaseForMove = NonNullable<Awaited<ReturnType<typeof caseForMove>>>;

const runningDeadlineOf = (row: CaseForMove['deadlines'][number] | undefined): RunningDeadline | null =>
  row
    ? {
        kind: row.kind as RunningDeadline['kind'],
        startedOn: toCalendarDate(row.startedOn),
        dueOn: toCalendarDate(row.dueOn),
        originalDueOn: toCalendarDate(row.originalDueOn),
        pausedOn: row.pausedOn ? toCalendarDate(row.pausedOn) : null,
        pausedWorkingDays: row.pausedWorkingDays,
        extensions: row.extensions,
      }
    : null;

/**
 * Makes one move of the workflow table on a case, as `actor`, against the version they saw: refused with
 * what to fix when the table says no, with who changed what when the case moved on since, and as "not
 * found" when the actor may not see the case. The case, its deadline, its event and what escalation does
 * to the linked issues and clusters are written in one transaction.
 */
export async function moveCase(
  db: Db,
  actor: SignedInActor,
  input: MoveCaseInput,
  now = new Date(),
  publicUrl = env().PUBLIC_URL,
) {
  return db.$transaction((tx) => moveCaseIn(tx, actor, input, now, publicUrl));
}

/** moveCase inside a transaction the caller holds (opening a case escalates it in the one that creates it). */
export async function moveCaseIn(tx: Tx, actor: SignedInActor, input: MoveCaseInput, now: Date, publicUrl: string) {
  const request = valueOrAllProblems(parseFieldByField(MoveCaseSchema, input), {});
  const found = await caseForMove(tx, request.reference);
  if (!found) throw caseNotFound();
  const relation = relationTo(actor, {
    status: found.status,
    owningDepartmentId: found.owningDepartmentId,
    supportingDepartmentIds: found.supportingDepartments.map((row) => row.departmentId),
  });
  if (relation === 'outsider') throw caseNotFound();
  if (found.version !== request.version) throw await staleCaseError(tx, found.id, request.version);

  const move = CASE_WORKFLOW[request.move];
  const running = runningDeadlineOf(found.deadlines[0]);
  const target = request.targetDepartmentId || null;
  const problems = moveProblems({
    move: request.move,
    state: found.status,
    relation,
    owningDepartmentName: found.owningDepartment.name,
    owningDepartmentId: found.owningDepartmentId,
    reason: request.reason,
    evidence: request.evidence,
    targetDepartmentId: request.move === 'escalate_again' ? null : target,
    actionStatuses: found.responseActions.map((action) => action.status),
    newDueOn: request.newDueOn ?? null,
    currentDueOn: running?.dueOn ?? null,
    followUp: request.move === 'verify' ? await followUpStandingOf(tx, found.id) : null,
  });
  const fields = Object.fromEntries(problems.flatMap((p) => (p.field ? [[p.field, p.message]] : [])));
  if (Object.keys(fields).length > 0) throw fieldError(fields);
  if (problems[0]) throw new ServiceError('refused', problems[0].message);

  const newOwner = await newOwnerOf(tx, request.move, target, found);
  const today = todayInSouthAfrica(now);
  const clock = applyClock(move.clock, running, today, await deadlineSettings(tx), await workingCalendarOf(tx), {
    newDueOn: request.newDueOn ?? null,
    cancels: request.move === 'withdraw',
  });
  const toStatus = stateAfter(move, found.status, found.resumeStatus);
  const { count } = await tx.systemicCase.updateMany({
    where: { id: found.id, version: request.version },
    data: {
      status: toStatus,
      resumeStatus: toStatus === 'information_requested' ? found.status : null,
      owningDepartmentId: newOwner?.id ?? found.owningDepartmentId,
      escalatedAt: found.escalatedAt ?? (toStatus === 'escalated' ? now : null),
      nextDueOn: clock.running && !clock.running.pausedOn ? fromCalendarDate(clock.running.dueOn) : null,
      version: { increment: 1 },
    },
  });
  if (count === 0) throw await staleCaseError(tx, found.id, request.version);

  await recordClock(tx, found, clock, newOwner?.id ?? found.owningDepartmentId, today);
  pausePoint('case-transition:after-update');
  await tx.caseEvent.create({
    data: {
      caseId: found.id,
      ...eventActor(actor),
      kind: request.move,
      fromStatus: found.status,
      toStatus,
      reason: (request.move === 'resolve' ? request.evidence : request.reason) || null,
      evidenceUrl: request.evidenceUrl || null,
      transferFromId: newOwner ? found.owningDepartmentId : null,
      transferToId: newOwner?.id ?? null,
      changes: request.move === 'extend_deadline' ? { from: running?.dueOn ?? null, to: request.newDueOn } : undefined,
      version: request.version + 1,
      createdAt: now,
    },
  });
  if (request.move === 'escalate') await escalateLinkedWork(tx, actor, found.id);
  if (request.move === 'withdraw') await releaseLinkedWork(tx, actor, found.id);
  await notifyCaseMove(
    tx,
    {
      move: request.move,
      found,
      departmentId: found.owningDepartmentId,
      owningDepartmentId: newOwner?.id ?? found.owningDepartmentId,
      reason: (request.move === 'resolve' ? request.evidence : request.reason) || null,
      dueOn: clock.running?.dueOn ?? null,
    },
    { publicUrl, now },
  );
  return { reference: found.reference, status: toStatus, version: request.version + 1 };
}

/** Who acted, as a case event keeps it: the account, its label, its role and department. */
export function eventActor(actor: SignedInActor) {
  return {
    actorId: actor.userId,
    actorLabel: actorLabel(actor),
    actorRole: actor.role,
    actorDepartmentId: actor.departmentId,
  };
}

/** The department a transfer or a new escalation hands the case to, checked to exist. */
async function newOwnerOf(tx: Tx, move: CaseMoveName, targetId: string | null, found: CaseForMove) {
  if (move !== 'transfer' && move !== 'escalate_again') return null;
  if (!targetId || targetId === found.owningDepartmentId) return null;
  const department = await tx.department.findUnique({ where: { id: targetId }, select: { id: true } });
  if (!department) throw fieldError({ targetDepartmentId: 'Choose a department from the list' });
  return department;
}

async function recordClock(
  tx: Tx,
  found: CaseForMove,
  clock: ReturnType<typeof applyClock>,
  departmentId: string,
  today: string,
) {
  const current = found.deadlines[0];
  if (clock.ended && current) {
    await tx.caseDeadline.update({
      where: { id: current.id },
      data: { endedOn: fromCalendarDate(today), outcome: clock.ended.outcome },
    });
  }
  const running = clock.running;
  if (!running) return;
  const dates = {
    dueOn: fromCalendarDate(running.dueOn),
    pausedOn: running.pausedOn ? fromCalendarDate(running.pausedOn) : null,
    pausedWorkingDays: running.pausedWorkingDays,
    extensions: running.extensions,
  };
  if (current && !clock.ended) {
    await tx.caseDeadline.update({ where: { id: current.id }, data: dates });
  } else {
    await tx.caseDeadline.create({
      data: {
        caseId: found.id,
        kind: running.kind,
        departmentId,
        startedOn: fromCalendarDate(running.startedOn),
        originalDueOn: fromCalendarDate(running.originalDueOn),
        ...dates,
      },
    });
  }
}
