import { field } from './http.ts';

/** The role and scope fields of components/AccessFields.astro, as the user services take them. */
export function readAccessFields(form: FormData) {
  return {
    role: field(form, 'role') as never,
    departmentId: field(form, 'departmentId') || null,
    facilityIds: form.getAll('facilityIds').filter((id): id is string => typeof id === 'string'),
  };
}
