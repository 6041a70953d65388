import { z } from 'zod';
import type { Db, Tx } from '../../../db/client.ts';
import type { SignedInActor } from '../../../domain/accounts/actor.ts';
import { departmentChangeProblems, departmentProblems } from '../../../domain/capture/facility-rules.ts';
import { textField } from '../../../domain/text/text-schema.ts';
import { PROVINCES, SECTORS, SPHERES } from '../../../domain/vocabulary.ts';
import { recordAudit } from '../audit/audit.ts';
import { RecordCodeSchema, RecordVersionSchema } from './facility-edit-service.ts';
import { parseFieldByField, valueOrAllProblems } from '../shared/form-check.ts';
import { ServiceError, fieldError } from '../shared/service-error.ts';
import { changedFieldNames, editNote, refusingDuplicates, staleVersionError } from '../shared/versioned-edit.ts';

export async function listDepartments(db: Db) {
  const departments = await db.department.findMany({
    select: {
      id: true,
      code: true,
      name: true,
      sphere: true,
      province: true,
      sector: true,
      _count: { select: { facilities: { where: { archived: false } } } },
    },
    orderBy: [{ sphere: 'asc' }, { name: 'asc' }],
  });
  return departments.map(({ _count, ...department }) => ({ ...department, facilities: _count.facilities }));
}

const DepartmentFieldsSchema = z.object({
  name: textField().trim().min(1, 'Enter the department’s name').max(160, 'The name must be 160 characters or fewer'),
  sphere: z.enum(SPHERES, 'Choose national, provincial or local'),
  province: z.enum(PROVINCES, 'Choose a province').nullable().default(null),
  sector: z.enum(SECTORS, 'Choose a sector'),
});
export type DepartmentFields = z.input<typeof DepartmentFieldsSchema>;
export const DepartmentCreateSchema = DepartmentFieldsSchema.extend({ code: RecordCodeSchema });
export const DepartmentUpdateSchema = DepartmentFieldsSchema.extend(RecordVersionSchema.shape);

const FIELD_NAMES: Record<keyof z.output<typeof DepartmentFieldsSchema>, string> = {
  name: 'name',
  sphere: 'sphere',
  province: 'province',
  sector: 'sector',
};

/** A department for its edit page, with how many facilities and officials depend on it. */
export async function getDepartment(db: Db, code: string) {
  const department = await db.department.findUnique({
    where: { code: code.toUpperCase() },
    include: { _count: { select: { facilities: { where: { archived: false } }, officials: true } } },
  });
  if (!department) throw new ServiceError('not_found', `There is no department with the code ${code}.`);
  const { _count, ...fields } = department;
  return { ...fields, facilities: _count.facilities, officials: _count.officials };
}

const codeTakenProblem = (code: string, name?: string) => ({
  code: `${code} is already the code of ${name ?? 'another department'}; choose another`,
});

/** A new department checked in one pass (every problem at once): the schema, its province, and a code that is free. */
async function checkNewDepartment(tx: Tx, input: unknown) {
  const parsed = parseFieldByField(DepartmentCreateSchema, input);
  const problems = departmentProblems(parsed.fields);
  const { code } = parsed.fields;
  const existing = code === undefined ? null : await tx.department.findUnique({ where: { code } });
  if (code !== undefined && existing) Object.assign(problems, codeTakenProblem(code, existing.name));
  return valueOrAllProblems(parsed, problems);
}

export async function createDepartment(db: Db, actor: SignedInActor, input: z.input<typeof DepartmentCreateSchema>) {
  return refusingDuplicates(
    () =>
      db.$transaction(async (tx) => {
        const request = await checkNewDepartment(tx, input);
        const created = await tx.department.create({ data: request });
        await recordAudit(tx, actor, {
          entityType: 'department',
          entityId: created.id,
          action: 'department.created',
          changes: { version: 0, ...request },
        });
        return { id: created.id, code: created.code, version: created.version };
      }),
    // Only after the input passed its check, when another creation took the code meanwhile.
    () => fieldError(codeTakenProblem(RecordCodeSchema.parse(input.code))),
  );
}

const staleDepartment = (tx: Tx, id: string, seenVersion: number) =>
  staleVersionError(tx, { entityType: 'department', entityId: id, noun: 'department' }, seenVersion);

/**
 * Edits a department. A new sector or province is refused while facilities it runs would no longer
 * fit it, so that a facility's department always works in its sector and province.
 */
export async function updateDepartment(db: Db, actor: SignedInActor, input: z.input<typeof DepartmentUpdateSchema>) {
  const { id, version } = RecordVersionSchema.parse(input);
  return db.$transaction(async (tx) => {
    const current = await tx.department.findUnique({ where: { id } });
    if (!current) throw new ServiceError('not_found', 'There is no such department.');
    // Archived facilities count too: restoring one must not bring back a mismatch.
    const facilities = await tx.facility.findMany({
      where: { departmentId: id },
      select: { sector: true, province: true },
    });
    // Every problem at once: the schema's, and the facilities that the fields that parsed would no longer fit.
    const parsed = parseFieldByField(DepartmentUpdateSchema, input);
    const {
      id: _id,
      version: _version,
      ...fields
    } = valueOrAllProblems(parsed, departmentChangeProblems(parsed.fields, facilities));
    if (current.version !== version) throw await staleDepartment(tx, id, version);
    const changed = changedFieldNames(current, fields, FIELD_NAMES);
    if (changed.length === 0) return { id, code: current.code, version, changed: [] as string[] };
    const { count } = await tx.department.updateMany({
      where: { id, version },
      data: { ...fields, version: { increment: 1 } },
    });
    if (count === 0) throw await staleDepartment(tx, id, version);
    const note = editNote(version + 1, changed, FIELD_NAMES, current, fields);
    await recordAudit(tx, actor, {
      entityType: 'department',
      entityId: id,
      action: 'department.edited',
      changes: note,
    });
    return { id, code: current.code, version: version + 1, changed: note.fields };
  });
}
