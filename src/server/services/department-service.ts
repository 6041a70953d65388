import { z } from 'zod';
import type { Db, Tx } from '../../db/client.ts';
import type { SignedInActor } from '../../domain/access/actor.ts';
import { departmentChangeProblems, departmentProblems } from '../../domain/facility/facility-rules.ts';
import { textField } from '../../domain/text/text-schema.ts';
import { PROVINCES, SECTORS, SPHERES } from '../../domain/vocabulary.ts';
import { recordAudit } from './audit.ts';
import { RecordCodeSchema } from './facility-edit-service.ts';
import { ServiceError, fieldError } from './service-error.ts';
import { changedFieldNames, editNote, refusingDuplicates, staleVersionError } from './versioned-edit.ts';

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
  name: textField().trim().min(1, 'give the department a name').max(160, 'at most 160 characters'),
  sphere: z.enum(SPHERES, 'choose national, provincial or local'),
  province: z.enum(PROVINCES, 'choose a province').nullable().default(null),
  sector: z.enum(SECTORS, 'choose a sector'),
});
export type DepartmentFields = z.input<typeof DepartmentFieldsSchema>;
export const DepartmentCreateSchema = DepartmentFieldsSchema.extend({ code: RecordCodeSchema });
export const DepartmentUpdateSchema = DepartmentFieldsSchema.extend({
  id: textField().min(1),
  version: z.int().min(0),
});

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

const codeTaken = (code: string, name?: string) =>
  fieldError({ code: `${code} is already the code of ${name ?? 'another department'}; choose another` });

export async function createDepartment(db: Db, actor: SignedInActor, input: z.input<typeof DepartmentCreateSchema>) {
  const request = DepartmentCreateSchema.parse(input);
  const problems = departmentProblems(request);
  if (Object.keys(problems).length > 0) throw fieldError(problems);
  return refusingDuplicates(
    () =>
      db.$transaction(async (tx) => {
        const existing = await tx.department.findUnique({ where: { code: request.code } });
        if (existing) throw codeTaken(request.code, existing.name);
        const created = await tx.department.create({ data: request });
        await recordAudit(tx, actor, {
          entityType: 'department',
          entityId: created.id,
          action: 'department.created',
          changes: { version: 0, ...request },
        });
        return { id: created.id, code: created.code, version: created.version };
      }),
    () => codeTaken(request.code),
  );
}

const staleDepartment = (tx: Tx, id: string, seenVersion: number) =>
  staleVersionError(tx, { entityType: 'department', entityId: id, noun: 'department' }, seenVersion);

/**
 * Edits a department. A new sector or province is refused while facilities it runs would no longer
 * fit it, so that a facility's department always works in its sector and province.
 */
export async function updateDepartment(db: Db, actor: SignedInActor, input: z.input<typeof DepartmentUpdateSchema>) {
  const { id, version, ...fields } = DepartmentUpdateSchema.parse(input);
  return db.$transaction(async (tx) => {
    const current = await tx.department.findUnique({ where: { id } });
    if (!current) throw new ServiceError('not_found', 'There is no such department.');
    // Archived facilities count too: restoring one must not bring back a mismatch.
    const facilities = await tx.facility.findMany({
      where: { departmentId: id },
      select: { sector: true, province: true },
    });
    const problems = departmentChangeProblems(fields, facilities);
    if (Object.keys(problems).length > 0) throw fieldError(problems);
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
