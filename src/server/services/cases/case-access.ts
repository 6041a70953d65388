import type { Prisma } from '../../../db/generated/sqlite/client.ts';
import type { Actor } from '../../../domain/accounts/actor.ts';
import type { CaseRelation } from '../../../domain/cases/workflow.ts';
import { ServiceError } from '../shared/service-error.ts';

/** Matches no case: for viewers who may see none. */
const NO_CASE: Prisma.SystemicCaseWhereInput = { id: { in: [] } };

/**
 * The cases a viewer may open: analysts and administrators all of them, officials those of their
 * department as owner or supporter, once escalated. Everyone else reads public cases through their public view
 * (public-case-queries.ts); a case they may not see is "not found", never "forbidden", so that its reference gives
 * nothing away.
 */
export function visibleCases(actor: Actor): Prisma.SystemicCaseWhereInput {
  if (actor.kind !== 'user') return NO_CASE;
  if (actor.role === 'analyst' || actor.role === 'admin') return {};
  if (actor.role === 'official' && actor.departmentId) {
    return {
      // A draft is DPME's until it is escalated: the department sees nothing of it yet.
      status: { not: 'draft' },
      OR: [
        { owningDepartmentId: actor.departmentId },
        { supportingDepartments: { some: { departmentId: actor.departmentId } } },
      ],
    };
  }
  return NO_CASE;
}

/** How the viewer stands to a case; this decides the buttons they see and the moves they may make. */
export function relationTo(
  actor: Actor,
  systemicCase: { status: string; owningDepartmentId: string; supportingDepartmentIds: readonly string[] },
): CaseRelation {
  if (actor.kind !== 'user') return 'outsider';
  if (actor.role === 'analyst') return 'analyst';
  if (actor.role === 'admin') return 'administrator';
  if (actor.role === 'official' && actor.departmentId && systemicCase.status !== 'draft') {
    if (actor.departmentId === systemicCase.owningDepartmentId) return 'owning_official';
    if (systemicCase.supportingDepartmentIds.includes(actor.departmentId)) return 'supporting_official';
  }
  return 'outsider';
}

export const caseNotFound = () => new ServiceError('not_found', 'There is no such case.');

/** Opening cases is the analysts' work. */
export function assertAnalyst(actor: Actor, doing: string) {
  if (actor.kind !== 'user' || actor.role !== 'analyst') {
    throw new ServiceError('forbidden', `Only DPME CBM analysts ${doing}.`);
  }
}
