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
      return scope.departmentId
        ? { cases: { some: { case: { owningDepartmentId: scope.departmentId, status: { not: 'draft' } } } } }
        : NOTHING;
    case 'public':
      return NOTHING;
  }
}
