import type { Db } from '../../../db/client.ts';
import { requiresTwoFactor, type SignedInActor } from '../../../domain/accounts/actor.ts';
import type { Role } from '../../../domain/accounts/roles.ts';

/** The fields of an account an actor is made of. */
export interface AccountFields {
  id: string;
  name: string;
  role: Role;
  departmentId: string | null;
  deactivatedAt: Date | null;
  isDemo: boolean;
  twoFactorEnabled: boolean;
}

/**
 * The actor of an active account, found by id or e-mail, for everything that acts on someone's behalf
 * outside a request: the command line, a queued job. Null for a missing or deactivated one.
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
  return actorOf(
    user,
    user.facilities.map((assignment) => assignment.facilityId),
    twoFactorRequiredRoles,
  );
}

/**
 * The actor of an account already read (a session's user, which the session check reads afresh on every
 * request): only a facilitator's facilities are still to be read. Null for a deactivated account.
 */
export async function activeActorOf(
  db: Db,
  user: AccountFields,
  twoFactorRequiredRoles: readonly Role[],
): Promise<SignedInActor | null> {
  if (user.deactivatedAt) return null;
  const facilityIds =
    user.role === 'facilitator'
      ? (await db.facilityAssignment.findMany({ where: { userId: user.id }, select: { facilityId: true } })).map(
          (assignment) => assignment.facilityId,
        )
      : [];
  return actorOf(user, facilityIds, twoFactorRequiredRoles);
}

function actorOf(user: AccountFields, facilityIds: string[], twoFactorRequiredRoles: readonly Role[]): SignedInActor {
  return {
    kind: 'user',
    userId: user.id,
    name: user.name,
    role: user.role,
    departmentId: user.departmentId,
    facilityIds,
    isDemo: user.isDemo,
    mustEnrollTwoFactor: requiresTwoFactor(user, twoFactorRequiredRoles),
  };
}
