import { z } from 'zod';
import type { Db, Tx } from '../../../db/client.ts';
import type { SignedInActor } from '../../../domain/accounts/actor.ts';
import { findPersonalData } from '../../../domain/privacy/personal-data.ts';
import { textField } from '../../../domain/text/text-schema.ts';
import { RESPONSE_ACTION_STATUSES, type CaseStatus } from '../../../domain/vocabulary.ts';
import { fromCalendarDate } from '../../../lib/calendar-date.ts';
import { typedDateSchema } from '../../../lib/forms/date-parts.ts';
import { parseFieldByField, valueOrAllProblems } from '../shared/form-check.ts';
import { fieldError, ServiceError } from '../shared/service-error.ts';
import { caseNotFound, relationTo } from './case-access.ts';
import { staleCaseError } from './case-history.ts';
import { EvidenceUrl, eventActor } from './case-workflow-service.ts';

/** A response plan is the department's to write from acceptance until the case is resolved. */
const PLAN_STATES: readonly CaseStatus[] = ['accepted', 'response_planned', 'in_progress'];

const CaseVersion = z.object({ reference: textField().min(1), version: z.int().min(0) });

const ActionFields = {
  action: textField()
    .trim()
    .min(1, 'Enter what will be done')
    .max(1000, 'What will be done must be 1,000 characters or fewer'),
  responsible: textField()
    .trim()
    .min(2, 'Enter the unit or post responsible, for example “District pharmacist”')
    .max(200, 'The unit or post must be 200 characters or fewer'),
  /** The form's "it is a post, not a person" tick, after the name check warned. */
  responsibleIsPost: z.boolean().default(false),
  dueOn: typedDateSchema('the due date'),
};

export const AddResponseActionSchema = CaseVersion.extend(ActionFields);

export const UpdateResponseActionSchema = CaseVersion.extend({
  actionId: textField().min(1),
  status: z.enum(RESPONSE_ACTION_STATUSES, 'Choose a status'),
  evidence: textField().trim().max(4000, 'Evidence must be 4,000 characters or fewer').default(''),
  evidenceUrl: EvidenceUrl,
  dropReason: textField().trim().max(1000, 'The reason must be 1,000 characters or fewer').default(''),
});

export const RESPONSE_ACTION_FIELD_LABELS = {
  action: 'what will be done',
  responsible: 'unit or post responsible',
  dueOn: 'due date',
  status: 'status',
  evidence: 'evidence',
  evidenceUrl: 'link to the evidence',
  dropReason: 'reason for dropping it',
};

/** Who is responsible is an office: a name a person could be traced by is refused unless marked a post. */
function responsibleProblem(responsible: string | undefined, isPost: boolean | undefined): string | null {
  if (!responsible || isPost) return null;
  const named = findPersonalData(responsible).some((finding) => finding.kind === 'named_person');
  return named
    ? 'This looks like a person’s name: write the unit or post instead (for example “Fleet manager, Gauteng”), or tick “This is a post, not a person”'
    : null;
}

/**
 * The case, claimed for a change to its plan by an official of its owning department in a state where the
 * plan is theirs to write: its version moves on, so that a move made on the page before the change is
 * refused as stale and says what changed.
 */
async function claimPlan(tx: Tx, actor: SignedInActor, reference: string, version: number) {
  const found = await tx.systemicCase.findUnique({
    where: { reference },
    select: {
      id: true,
      status: true,
      version: true,
      owningDepartmentId: true,
      owningDepartment: { select: { name: true } },
      supportingDepartments: { select: { departmentId: true } },
    },
  });
  if (!found) throw caseNotFound();
  const relation = relationTo(actor, {
    status: found.status,
    owningDepartmentId: found.owningDepartmentId,
    supportingDepartmentIds: found.supportingDepartments.map((link) => link.departmentId),
  });
  if (relation === 'outsider') throw caseNotFound();
  if (found.version !== version) throw await staleCaseError(tx, found.id, version);
  if (relation !== 'owning_official') {
    throw new ServiceError(
      'forbidden',
      `Only an official of ${found.owningDepartment.name} can change the response plan.`,
    );
  }
  if (!PLAN_STATES.includes(found.status)) {
    throw new ServiceError(
      'refused',
      'The response plan can be changed once the case is accepted and until it is resolved.',
    );
  }
  const { count } = await tx.systemicCase.updateMany({
    where: { id: found.id, version },
    data: { version: { increment: 1 } },
  });
  if (count === 0) throw await staleCaseError(tx, found.id, version);
  return { ...found, version: version + 1 };
}

export async function addResponseAction(
  db: Db,
  actor: SignedInActor,
  input: z.input<typeof AddResponseActionSchema>,
  now = new Date(),
) {
  const parsed = parseFieldByField(AddResponseActionSchema, input);
  const named = responsibleProblem(parsed.fields.responsible, parsed.fields.responsibleIsPost);
  const request = valueOrAllProblems(parsed, named ? { responsible: named } : {});
  return db.$transaction(async (tx) => {
    const claimed = await claimPlan(tx, actor, request.reference, request.version);
    const action = await tx.responseAction.create({
      data: {
        caseId: claimed.id,
        action: request.action,
        responsible: request.responsible,
        dueOn: fromCalendarDate(request.dueOn),
      },
    });
    await tx.caseEvent.create({
      data: {
        caseId: claimed.id,
        ...eventActor(actor),
        kind: 'action_added',
        changes: {
          actionId: action.id,
          action: request.action,
          responsible: request.responsible,
          dueOn: request.dueOn,
        },
        version: claimed.version,
        createdAt: now,
      },
    });
    return { reference: request.reference, version: claimed.version, actionId: action.id };
  });
}

/** Moves an action on (planned, in progress, done, dropped) with its evidence; dropping one needs a reason. */
export async function updateResponseAction(
  db: Db,
  actor: SignedInActor,
  input: z.input<typeof UpdateResponseActionSchema>,
  now = new Date(),
) {
  const parsed = parseFieldByField(UpdateResponseActionSchema, input);
  const further: Record<string, string> = {};
  if (parsed.fields.status === 'dropped' && !parsed.fields.dropReason)
    further.dropReason = 'Say why the action is dropped';
  const request = valueOrAllProblems(parsed, further);
  return db.$transaction(async (tx) => {
    const claimed = await claimPlan(tx, actor, request.reference, request.version);
    const action = await tx.responseAction.findFirst({ where: { id: request.actionId, caseId: claimed.id } });
    if (!action) throw fieldError({ actionId: 'There is no such action in this case’s plan.' });
    const after = {
      status: request.status,
      evidence: request.evidence || null,
      evidenceUrl: request.evidenceUrl || null,
      dropReason: request.status === 'dropped' ? request.dropReason : null,
    };
    await tx.responseAction.update({ where: { id: action.id }, data: { ...after, version: { increment: 1 } } });
    await tx.caseEvent.create({
      data: {
        caseId: claimed.id,
        ...eventActor(actor),
        kind: 'action_changed',
        reason: request.status === 'dropped' ? request.dropReason : request.evidence || null,
        evidenceUrl: after.evidenceUrl,
        changes: { actionId: action.id, action: action.action, from: action.status, to: request.status },
        version: claimed.version,
        createdAt: now,
      },
    });
    return { reference: request.reference, version: claimed.version };
  });
}

export const CommentSchema = z.object({
  reference: textField().min(1),
  comment: textField().trim().min(1, 'Enter a comment').max(4000, 'A comment must be 4,000 characters or fewer'),
  isPublic: z.boolean().default(false),
});

/**
 * Adds a comment to the timeline: analysts and the officials of the owning and supporting departments may.
 * Comments are internal; only an analyst may mark one public (the public view of cases shows those). A comment
 * overwrites nothing, so it neither checks nor moves the case's version.
 */
export async function commentOnCase(
  db: Db,
  actor: SignedInActor,
  input: z.input<typeof CommentSchema>,
  now = new Date(),
) {
  const request = valueOrAllProblems(parseFieldByField(CommentSchema, input), {});
  const found = await db.systemicCase.findUnique({
    where: { reference: request.reference },
    select: {
      id: true,
      status: true,
      version: true,
      owningDepartmentId: true,
      supportingDepartments: { select: { departmentId: true } },
    },
  });
  if (!found) throw caseNotFound();
  const relation = relationTo(actor, {
    status: found.status,
    owningDepartmentId: found.owningDepartmentId,
    supportingDepartmentIds: found.supportingDepartments.map((link) => link.departmentId),
  });
  if (relation === 'outsider') throw caseNotFound();
  if (relation === 'administrator') {
    throw new ServiceError('forbidden', 'Administrators read cases; analysts and departments comment on them.');
  }
  if (request.isPublic && relation !== 'analyst') {
    throw fieldError({ isPublic: 'Only a DPME CBM analyst can make a comment public' });
  }
  await db.caseEvent.create({
    data: {
      caseId: found.id,
      ...eventActor(actor),
      kind: 'commented',
      reason: request.comment,
      isPublic: request.isPublic,
      version: found.version,
      createdAt: now,
    },
  });
  return { reference: request.reference };
}
