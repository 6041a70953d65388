import type { Db } from '../../db/client.ts';
import { PUBLIC_ACTOR, requiresTwoFactor, type Actor } from '../../domain/access/actor.ts';
import type { Role } from '../../domain/access/roles.ts';
import type { Auth } from './auth.ts';

/** The actor behind a request's session cookie; anyone without a valid, active session is the public. */
export async function resolveActor(
  db: Db,
  auth: Auth,
  headers: Headers,
  twoFactorRequiredRoles: readonly Role[],
): Promise<Actor> {
  const session = await auth.api.getSession({ headers });
  if (!session) return PUBLIC_ACTOR;
  const user = await db.user.findUnique({
    where: { id: session.user.id },
    include: { facilities: { select: { facilityId: true } } },
  });
  if (!user || user.deactivatedAt) return PUBLIC_ACTOR;
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
