import { z } from 'zod';
import type { Db, Tx } from '../../../db/client.ts';
import type { SignedInActor } from '../../../domain/accounts/actor.ts';
import { keepsRecordsAt } from '../../../domain/accounts/facility-access.ts';
import { decideStepMove, roundDateProblems } from '../../../domain/capture/round-steps.ts';
import { textField } from '../../../domain/text/text-schema.ts';
import {
  METHOD_STEP_NAMES,
  METHOD_STEPS,
  PROGRAMME_NAMES,
  PROGRAMMES,
  type MethodStep,
} from '../../../domain/vocabulary.ts';
import { fromCalendarDate, todayInSouthAfrica, toCalendarDate } from '../../../lib/calendar-date.ts';
import { recordAudit } from '../audit/audit.ts';
import type { FieldProblems } from '../../../lib/forms/field-problems.ts';
import { findOpenFacility, RecordVersionSchema } from './facility-edit-service.ts';
import { parseFieldByField, valueOrAllProblems } from '../shared/form-check.ts';
import { ServiceError, fieldError } from '../shared/service-error.ts';
import { changedFieldNames, editNote, refusingDuplicates, staleVersionError } from '../shared/versioned-edit.ts';
import { typedDateSchema } from '../../../lib/forms/date-parts.ts';

/** A count of the round, in a sentence that names it: "the number of citizens interviewed". */
const count = (what: string) =>
  z
    .int(`Enter ${what} as a whole number, for example 120`)
    .min(0, `Enter ${what} as 0 or more`)
    .max(1_000_000, `Enter ${what} as 1 000 000 or fewer`)
    .default(0);

const RoundFieldsSchema = z.object({
  programme: z.enum(PROGRAMMES, 'Choose a programme'),
  wave: z
    .int('Enter the wave as a whole number, for example 2')
    .min(1, 'Enter the wave as 1 or more: waves are numbered from 1')
    .max(99, 'Enter the wave as 99 or less'),
  startedOn: typedDateSchema('the date the round started'),
  endedOn: typedDateSchema('the date the round ended').nullable().default(null),
  citizensInterviewed: count('the number of citizens interviewed'),
  staffInterviewed: count('the number of staff interviewed'),
  monitorsTrained: count('the number of monitors trained'),
  currentStep: z.enum(METHOD_STEPS, 'Choose a step of the method').default('gather_feedback'),
});
export type RoundFields = z.input<typeof RoundFieldsSchema>;
export const RoundCreateSchema = RoundFieldsSchema.extend({ facilityId: textField().min(1) });
export const RoundUpdateSchema = RoundFieldsSchema.extend({
  ...RecordVersionSchema.shape,
  /** Why the round goes back a step; required only then, and kept in the audit trail. */
  stepReason: textField().trim().max(500, 'The reason must be 500 characters or fewer').default(''),
});

const FIELD_NAMES: Record<keyof z.output<typeof RoundFieldsSchema>, string> = {
  programme: 'programme',
  wave: 'wave',
  startedOn: 'start date',
  endedOn: 'end date',
  citizensInterviewed: 'citizens interviewed',
  staffInterviewed: 'staff interviewed',
  monitorsTrained: 'monitors trained',
  currentStep: 'step',
};

function assertMayKeepRounds(actor: SignedInActor, facilityId: string) {
  if (!keepsRecordsAt(actor, facilityId)) {
    throw new ServiceError('forbidden', 'You may keep the monitoring rounds of your own facilities only.');
  }
}

const waveTakenProblem = (fields: { programme: keyof typeof PROGRAMME_NAMES; wave: number }) => ({
  wave: `Enter another wave: this facility already has wave ${fields.wave} of the ${PROGRAMME_NAMES[fields.programme]}`,
});

/** The refusal when another request took the wave after this one's check had passed (so its input parses). */
const waveTakenMeanwhile = (input: unknown) => () => fieldError(waveTakenProblem(RoundFieldsSchema.parse(input)));

type ParsedRound = Partial<z.output<typeof RoundUpdateSchema>>;

/**
 * A round's fields checked in one pass (every problem at once): the schema, then on the fields that parsed
 * its dates, a wave that is free at the facility (one programme's wave happens once there) and, for an
 * edit, a step move that the method allows.
 */
async function checkRound<S extends typeof RoundCreateSchema | typeof RoundUpdateSchema>(
  tx: Tx,
  schema: S,
  input: unknown,
  { facilityId, now, current }: { facilityId: string; now: Date; current?: { id: string; currentStep: MethodStep } },
): Promise<z.output<S>> {
  const parsed = parseFieldByField(schema, input);
  const fields: ParsedRound = parsed.fields;
  const { programme, wave, startedOn, endedOn, currentStep, stepReason } = fields;
  const problems: FieldProblems =
    startedOn !== undefined && endedOn !== undefined
      ? roundDateProblems({ startedOn, endedOn }, todayInSouthAfrica(now))
      : {};
  if (programme !== undefined && wave !== undefined) {
    const other = await tx.monitoringRound.findFirst({
      where: { facilityId, programme, wave, id: current ? { not: current.id } : undefined },
    });
    if (other) Object.assign(problems, waveTakenProblem({ programme, wave }));
  }
  if (current && currentStep !== undefined && stepReason !== undefined) {
    const move = decideStepMove(current.currentStep, currentStep, stepReason);
    if (!move.ok) problems[move.field] = move.refusal;
  }
  return valueOrAllProblems(parsed, problems) as z.output<S>;
}

const asStored = (fields: z.output<typeof RoundFieldsSchema>) => ({
  ...fields,
  startedOn: fromCalendarDate(fields.startedOn),
  endedOn: fields.endedOn ? fromCalendarDate(fields.endedOn) : null,
});

export async function createRound(
  db: Db,
  actor: SignedInActor,
  input: z.input<typeof RoundCreateSchema>,
  now = new Date(),
) {
  const facility = RoundCreateSchema.shape.facilityId.safeParse(input.facilityId);
  if (!facility.success) throw fieldError({ facilityId: 'Choose a facility' });
  const facilityId = facility.data;
  assertMayKeepRounds(actor, facilityId);
  return refusingDuplicates(
    () =>
      db.$transaction(async (tx) => {
        const facility = await findOpenFacility(tx, facilityId);
        const { facilityId: _facility, ...fields } = await checkRound(tx, RoundCreateSchema, input, {
          facilityId,
          now,
        });
        const created = await tx.monitoringRound.create({ data: { facilityId, ...asStored(fields) } });
        await recordAudit(tx, actor, {
          entityType: 'monitoring_round',
          entityId: created.id,
          action: 'monitoring_round.created',
          changes: { version: 0, facilityId, ...fields },
        });
        return { id: created.id, version: created.version, facilityCode: facility.code };
      }),
    waveTakenMeanwhile(input),
  );
}

function storedFields(round: Awaited<ReturnType<typeof findRound>>): z.output<typeof RoundFieldsSchema> {
  return {
    programme: round.programme,
    wave: round.wave,
    startedOn: toCalendarDate(round.startedOn),
    endedOn: round.endedOn ? toCalendarDate(round.endedOn) : null,
    citizensInterviewed: round.citizensInterviewed,
    staffInterviewed: round.staffInterviewed,
    monitorsTrained: round.monitorsTrained,
    currentStep: round.currentStep,
  };
}

async function findRound(tx: Tx | Db, actor: SignedInActor, id: string) {
  const round = await tx.monitoringRound.findUnique({
    where: { id },
    include: { facility: { select: { id: true, code: true, name: true, archived: true } } },
  });
  if (!round || !keepsRecordsAt(actor, round.facilityId)) {
    throw new ServiceError('not_found', 'There is no such monitoring round, or it is outside your facilities.');
  }
  return round;
}

/** A round as its edit form shows it. */
export async function getRound(db: Db, actor: SignedInActor, id: string) {
  const round = await findRound(db, actor, id);
  return { id: round.id, version: round.version, facility: round.facility, ...storedFields(round) };
}

const stepName = (step: MethodStep) => METHOD_STEP_NAMES[step].replace(/^\d\. /, '').toLowerCase();

export async function updateRound(
  db: Db,
  actor: SignedInActor,
  input: z.input<typeof RoundUpdateSchema>,
  now = new Date(),
) {
  const { id, version } = RecordVersionSchema.parse(input);
  return refusingDuplicates(
    () =>
      db.$transaction(async (tx) => {
        const current = await findRound(tx, actor, id);
        await findOpenFacility(tx, current.facilityId);
        const checked = await checkRound(tx, RoundUpdateSchema, input, {
          facilityId: current.facilityId,
          now,
          current,
        });
        const { id: _id, version: _version, stepReason, ...fields } = checked;
        // checkRound refused a move the method does not allow; its direction is for the audit trail.
        const move = decideStepMove(current.currentStep, fields.currentStep, stepReason);
        const direction = move.ok ? move.direction : 'none';
        const stale = () =>
          staleVersionError(tx, { entityType: 'monitoring_round', entityId: id, noun: 'monitoring round' }, version);
        if (current.version !== version) throw await stale();
        const before = storedFields(current);
        const changed = changedFieldNames(before, fields, FIELD_NAMES);
        if (changed.length === 0) return { id, version, facilityCode: current.facility.code, changed: [] as string[] };
        const { count: updated } = await tx.monitoringRound.updateMany({
          where: { id, version },
          data: { ...asStored(fields), version: { increment: 1 } },
        });
        if (updated === 0) throw await stale();
        const note = editNote(version + 1, changed, FIELD_NAMES, before, fields);
        await recordAudit(tx, actor, {
          entityType: 'monitoring_round',
          entityId: id,
          action: 'monitoring_round.edited',
          changes: {
            ...note,
            ...(direction !== 'none' && {
              step: { direction, to: stepName(fields.currentStep), reason: stepReason || null },
            }),
          },
        });
        return { id, version: version + 1, facilityCode: current.facility.code, changed: note.fields };
      }),
    waveTakenMeanwhile(input),
  );
}
