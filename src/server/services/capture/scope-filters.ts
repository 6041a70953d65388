import type { Prisma } from '../../../db/generated/sqlite/client.ts';
import { scopeOf, type Actor } from '../../../domain/accounts/actor.ts';

/** Matches nothing: for callers who may see no rows at all. */
const NOTHING = { id: { in: [] as string[] } };

/**
 * The local issues an actor may see: everything for analysts and admins, their facilities' issues
 * for facilitators, for officials the issues linked to cases escalated to their department, and
 * none for partners and the public (survey text can name people).
 */
export function localIssueScope(actor: Actor): Prisma.LocalIssueWhereInput {
  const scope = scopeOf(actor);
  switch (scope.kind) {
    case 'everything':
      return {};
    case 'facilities':
      return { facilityId: { in: [...scope.facilityIds] } };
    case 'department':
      return scope.departmentId ? { cases: { some: { case: { owningDepartmentId: scope.departmentId } } } } : NOTHING;
    case 'public':
      return NOTHING;
  }
}

/**
 * The systemic cases an actor may see: all for analysts and admins, their department's for
 * officials, and the public ones for everyone else.
 */
export function systemicCaseScope(actor: Actor): Prisma.SystemicCaseWhereInput {
  const scope = scopeOf(actor);
  switch (scope.kind) {
    case 'everything':
      return {};
    case 'department':
      return scope.departmentId ? { owningDepartmentId: scope.departmentId } : NOTHING;
    case 'facilities':
      return {
        OR: [
          { visibility: 'public' },
          { localIssues: { some: { localIssue: { facilityId: { in: [...scope.facilityIds] } } } } },
        ],
      };
    case 'public':
      return { visibility: 'public' };
  }
}
