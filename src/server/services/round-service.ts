import { z } from 'zod';
import type { Db, Tx } from '../../db/client.ts';
import type { SignedInActor } from '../../domain/access/actor.ts';
import { keepsRecordsAt } from '../../domain/access/facility-access.ts';
import { decideStepMove, roundDateProblems } from '../../domain/monitoring/round-steps.ts';
import { textField } from '../../domain/text/text-schema.ts';
import {
  METHOD_STEP_NAMES,
  METHOD_STEPS,
  PROGRAMME_NAMES,
  PROGRAMMES,
  type MethodStep,
} from '../../domain/vocabulary.ts';
import { fromCalendarDate, todayInSouthAfrica, toCalendarDate } from '../../lib/calendar-date.ts';
import { recordAudit } from './audit.ts';
import { findOpenFacility } from './facility-edit-service.ts';
import { ServiceError, fieldError } from './service-error.ts';
import { changedFieldNames, editNote, refusingDuplicates, staleVersionError } from './versioned-edit.ts';

const count = z
  .int('expected a whole number')
  .min(0, 'cannot be negative')
  .max(1_000_000, 'at most 1 000 000')
  .default(0);

const RoundFieldsSchema = z.object({
  programme: z.enum(PROGRAMMES, 'choose a programme'),
  wave: z.int('expected a whole number').min(1, 'waves are numbered from 1').max(99, 'at most 99'),
  startedOn: z.iso.date('expected a date such as 2026-03-14'),
  endedOn: z.iso.date('expected a date such as 2026-03-14').nullable().default(null),
  citizensInterviewed: count,
  staffInterviewed: count,
  monitorsTrained: count,
  currentStep: z.enum(METHOD_STEPS, 'choose a step').default('gather_feedback'),
});
export type RoundFields = z.input<typeof RoundFieldsSchema>;
export const RoundCreateSchema = RoundFieldsSchema.extend({ facilityId: textField().min(1) });
export const RoundUpdateSchema = RoundFieldsSchema.extend({
  id: textField().min(1),
  version: z.int().min(0),
  /** Why the round goes back a step; required only then, and kept in the audit trail. */
  stepReason: textField().trim().max(500, 'at most 500 characters').default(''),
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

function assertDates(fields: z.output<typeof RoundFieldsSchema>, now: Date) {
  const problems = roundDateProblems(fields, todayInSouthAfrica(now));
  if (Object.keys(problems).length > 0) throw fieldError(problems);
}

const waveTaken = (fields: { programme: keyof typeof PROGRAMME_NAMES; wave: number }) =>
  fieldError({ wave: `this facility already has wave ${fields.wave} of the ${PROGRAMME_NAMES[fields.programme]}` });

/** One programme's wave happens once at a facility. */
async function assertWaveFree(
  tx: Tx,
  facilityId: string,
  fields: z.output<typeof RoundFieldsSchema>,
  exceptId?: string,
) {
  const other = await tx.monitoringRound.findFirst({
    where: { facilityId, programme: fields.programme, wave: fields.wave, id: exceptId ? { not: exceptId } : undefined },
  });
  if (other) throw waveTaken(fields);
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
  const { facilityId, ...fields } = RoundCreateSchema.parse(input);
  assertMayKeepRounds(actor, facilityId);
  assertDates(fields, now);
  return refusingDuplicates(
    () =>
      db.$transaction(async (tx) => {
        const facility = await findOpenFacility(tx, facilityId);
        await assertWaveFree(tx, facilityId, fields);
        const created = await tx.monitoringRound.create({ data: { facilityId, ...asStored(fields) } });
        await recordAudit(tx, actor, {
          entityType: 'monitoring_round',
          entityId: created.id,
          action: 'monitoring_round.created',
          changes: { version: 0, facilityId, ...fields },
        });
        return { id: created.id, version: created.version, facilityCode: facility.code };
      }),
    () => waveTaken(fields),
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
  const { id, version, stepReason, ...fields } = RoundUpdateSchema.parse(input);
  assertDates(fields, now);
  return refusingDuplicates(
    () =>
      db.$transaction(async (tx) => {
        const current = await findRound(tx, actor, id);
        await findOpenFacility(tx, current.facilityId);
        const move = decideStepMove(current.currentStep, fields.currentStep, stepReason);
        if (!move.ok) throw fieldError({ [move.field]: move.refusal });
        await assertWaveFree(tx, current.facilityId, fields, id);
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
            ...(move.direction !== 'none' && {
              step: { direction: move.direction, to: stepName(fields.currentStep), reason: stepReason || null },
            }),
          },
        });
        return { id, version: version + 1, facilityCode: current.facility.code, changed: note.fields };
      }),
    () => waveTaken(fields),
  );
}
