import type { Role } from '../../domain/accounts/roles.ts';
import { field } from '../http.ts';

/** The invitation and access forms' words for each field, for the error summary. */
export const USER_FIELD_LABELS: Record<string, string> = {
  name: 'Name',
  email: 'E-mail address',
  role: 'Role',
  departmentId: 'Department',
  facilityIds: 'Facilities',
  reason: 'Reason',
};

/**
 * The role and scope fields of components/AccessFields.astro. The role is taken as typed: the
 * procedure's Zod schema refuses anything that is not a role, with a message naming the field.
 */
export function readAccessFields(form: FormData): { role: Role; departmentId: string | null; facilityIds: string[] } {
  return {
    role: field(form, 'role') as Role,
    departmentId: field(form, 'departmentId') || null,
    facilityIds: form.getAll('facilityIds').filter((id): id is string => typeof id === 'string'),
  };
}
