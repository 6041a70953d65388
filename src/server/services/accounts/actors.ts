import type { Db } from '../../../db/client.ts';
import { requiresTwoFactor, type SignedInActor } from '../../../domain/accounts/actor.ts';
import type { Role } from '../../../domain/accounts/roles.ts';

/**
 * The actor of an active account, found by id or e-mail, for everything that acts on someone's behalf
 * outside a request: a session, the command line, a queued job. Null for a missing or deactivated one.
 */
export async function findActiveActor(
  db: Db,
  where: { id: string } | { email: string },
  twoFactorRequiredRoles: readonly Role[],
): Promise<SignedInActor | null> {
  const user = await db.user.findUnique({
    where: 'email' in where ? { email: where.email.toLowerCase() } : where,
    include: { facilities: { select: { facilityId: true } } },
  });
  if (!user || user.deactivatedAt) return null;
  return {
    kind: 'user',
    userId: user.id,
    name: user.name,
    role: user.role,
    departmentId: user.departmentId,
    facilityIds: user.facilities.map((assignment) => assignment.facilityId),
    isDemo: user.isDemo,
    mustEnrollTwoFactor: requiresTwoFactor(user, twoFactorRequiredRoles),
  };
}
