import { z } from 'zod';
import type { Db, Tx } from '../../../db/client.ts';
import type { SignedInActor } from '../../../domain/accounts/actor.ts';
import { facilityProblems } from '../../../domain/capture/facility-rules.ts';
import { textField } from '../../../domain/text/text-schema.ts';
import { FACILITY_KINDS, PROVINCES, SECTORS } from '../../../domain/vocabulary.ts';
import { recordAudit } from '../audit/audit.ts';
import type { FieldProblems } from '../../../lib/forms/field-problems.ts';
import { parseFieldByField, valueOrAllProblems } from '../shared/form-check.ts';
import { ServiceError, fieldError } from '../shared/service-error.ts';
import { changedFieldNames, editNote, refusingDuplicates, staleVersionError } from '../shared/versioned-edit.ts';

/**
 * Facility and department codes are how imports, survey forms and addresses name them, so they
 * are set once, when the record is created, and never change.
 */
export const RecordCodeSchema = textField()
  .trim()
  .toUpperCase()
  .regex(
    /^[A-Z0-9][A-Z0-9-]{1,39}$/,
    'Enter a code of 2 to 40 capital letters, digits and hyphens, for example MP-KABOKWENI-SAPS',
  );

const place = (what: string) =>
  textField().trim().min(1, `Enter the ${what}`).max(100, `The ${what} must be 100 characters or fewer`);
const coordinate = (what: string) =>
  z.number(`Enter the ${what} as a number, for example -25.33`).nullable().default(null);

const FacilityFieldsSchema = z.object({
  name: textField().trim().min(1, 'Enter the facility’s name').max(120, 'The name must be 120 characters or fewer'),
  kind: z.enum(FACILITY_KINDS, 'Choose the kind of facility'),
  sector: z.enum(SECTORS, 'Choose a sector'),
  province: z.enum(PROVINCES, 'Choose a province'),
  district: place('district'),
  localMunicipality: place('local municipality'),
  community: place('community or town'),
  latitude: coordinate('latitude'),
  longitude: coordinate('longitude'),
  departmentId: textField().min(1, 'Choose the responsible department'),
});
export type FacilityFields = z.input<typeof FacilityFieldsSchema>;
export const FacilityCreateSchema = FacilityFieldsSchema.extend({ code: RecordCodeSchema });
export const RecordVersionSchema = z.object({ id: textField().min(1), version: z.int().min(0) });
export const FacilityUpdateSchema = FacilityFieldsSchema.extend(RecordVersionSchema.shape);
export const FacilityArchiveSchema = z.object({
  id: textField().min(1),
  version: z.int().min(0),
  archived: z.boolean(),
  reason: textField().trim().max(1000).default(''),
});

const FIELD_NAMES: Record<keyof z.output<typeof FacilityFieldsSchema>, string> = {
  name: 'name',
  kind: 'kind',
  sector: 'sector',
  province: 'province',
  district: 'district',
  localMunicipality: 'local municipality',
  community: 'community',
  latitude: 'latitude',
  longitude: 'longitude',
  departmentId: 'responsible department',
};

/**
 * A facility's fields checked in one pass (every problem at once): the schema, and on the fields that
 * parsed, the department that must exist and fit the facility (domain/capture/facility-rules.ts) and, for
 * a new facility, its code that must be free.
 */
async function checkFacility<S extends typeof FacilityCreateSchema | typeof FacilityUpdateSchema>(
  tx: Tx,
  schema: S,
  input: unknown,
): Promise<z.output<S>> {
  const parsed = parseFieldByField(schema, input);
  const fields: Partial<z.output<typeof FacilityCreateSchema>> = parsed.fields;
  const department =
    fields.departmentId === undefined
      ? undefined
      : await tx.department.findUnique({ where: { id: fields.departmentId } });
  const problems: FieldProblems = facilityProblems(fields, department ?? undefined);
  if (department === null) problems.departmentId = 'Choose a department from the list';
  if (fields.code !== undefined) {
    const existing = await tx.facility.findUnique({ where: { code: fields.code } });
    if (existing) Object.assign(problems, codeTakenProblem(fields.code, existing.name));
  }
  return valueOrAllProblems(parsed, problems) as z.output<S>;
}

/**
 * The facility a round or commitment is written for. Archived facilities keep their records as
 * they are: nothing is added or changed there until an administrator restores the facility.
 */
export async function findOpenFacility(tx: Tx, facilityId: string) {
  const facility = await tx.facility.findUnique({ where: { id: facilityId } });
  if (!facility) throw new ServiceError('not_found', 'There is no such facility.');
  if (facility.archived) {
    throw new ServiceError(
      'refused',
      `${facility.name} is archived; an administrator restores it before its records change.`,
    );
  }
  return facility;
}

const codeTakenProblem = (code: string, name?: string) => ({
  code: `${code} is already the code of ${name ?? 'another facility'}; choose another`,
});

export async function createFacility(db: Db, actor: SignedInActor, input: z.input<typeof FacilityCreateSchema>) {
  return refusingDuplicates(
    () =>
      db.$transaction(async (tx) => {
        const request = await checkFacility(tx, FacilityCreateSchema, input);
        const created = await tx.facility.create({ data: request });
        await recordAudit(tx, actor, {
          entityType: 'facility',
          entityId: created.id,
          action: 'facility.created',
          changes: { version: 0, ...request },
        });
        return { id: created.id, code: created.code, version: created.version };
      }),
    // Only after the input passed its check, when another creation took the code meanwhile.
    () => fieldError(codeTakenProblem(RecordCodeSchema.parse(input.code))),
  );
}

const staleFacility = (tx: Tx, id: string, seenVersion: number) =>
  staleVersionError(tx, { entityType: 'facility', entityId: id, noun: 'facility' }, seenVersion);

async function findFacility(tx: Tx, id: string) {
  const facility = await tx.facility.findUnique({ where: { id } });
  if (!facility) throw new ServiceError('not_found', 'There is no such facility.');
  return facility;
}

async function claimVersion(
  tx: Tx,
  id: string,
  version: number,
  data: Parameters<Tx['facility']['updateMany']>[0]['data'],
) {
  const { count } = await tx.facility.updateMany({
    where: { id, version },
    data: { ...data, version: { increment: 1 } },
  });
  if (count === 0) throw await staleFacility(tx, id, version);
  return version + 1;
}

export async function updateFacility(db: Db, actor: SignedInActor, input: z.input<typeof FacilityUpdateSchema>) {
  const { id, version } = RecordVersionSchema.parse(input);
  return db.$transaction(async (tx) => {
    const current = await findFacility(tx, id);
    const { id: _id, version: _version, ...fields } = await checkFacility(tx, FacilityUpdateSchema, input);
    if (current.version !== version) throw await staleFacility(tx, id, version);
    const changed = changedFieldNames(current, fields, FIELD_NAMES);
    if (changed.length === 0) return { id, code: current.code, version, changed: [] as string[] };
    const newVersion = await claimVersion(tx, id, version, fields);
    const note = editNote(newVersion, changed, FIELD_NAMES, current, fields);
    await recordAudit(tx, actor, { entityType: 'facility', entityId: id, action: 'facility.edited', changes: note });
    return { id, code: current.code, version: newVersion, changed: note.fields };
  });
}

/**
 * Facilities are archived, never deleted: their issues, rounds and charters stay, but they leave the
 * lists, take no new issues or commitments, and their page answers 404 to all but administrators.
 */
export async function setFacilityArchived(db: Db, actor: SignedInActor, input: z.input<typeof FacilityArchiveSchema>) {
  const { id, version, archived, reason } = FacilityArchiveSchema.parse(input);
  return db.$transaction(async (tx) => {
    const current = await findFacility(tx, id);
    if (current.version !== version) throw await staleFacility(tx, id, version);
    if (current.archived === archived) return { id, code: current.code, version };
    const newVersion = await claimVersion(tx, id, version, { archived });
    await recordAudit(tx, actor, {
      entityType: 'facility',
      entityId: id,
      action: archived ? 'facility.archived' : 'facility.restored',
      changes: { version: newVersion, reason },
    });
    return { id, code: current.code, version: newVersion };
  });
}
