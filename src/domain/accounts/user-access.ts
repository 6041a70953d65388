import type { Role } from './roles.ts';

export interface AccessAssignment {
  role: Role;
  departmentId: string | null;
  facilityIds: readonly string[];
}

export type AccessCheck =
  | { ok: true; assignment: AccessAssignment }
  | { ok: false; refusal: { field: 'departmentId' | 'facilityIds'; message: string } };

/**
 * An official needs a department and a facilitator at least one facility; other roles carry
 * neither, so a changed role never leaves a stale scope behind.
 */
export function checkAccessAssignment(requested: AccessAssignment): AccessCheck {
  const { role } = requested;
  if (role === 'official' && !requested.departmentId) {
    return { ok: false, refusal: { field: 'departmentId', message: 'Choose the department this official works for.' } };
  }
  if (role === 'facilitator' && requested.facilityIds.length === 0) {
    return { ok: false, refusal: { field: 'facilityIds', message: 'Assign at least one facility to a facilitator.' } };
  }
  return {
    ok: true,
    assignment: {
      role,
      departmentId: role === 'official' ? requested.departmentId : null,
      facilityIds: role === 'facilitator' ? [...new Set(requested.facilityIds)] : [],
    },
  };
}
