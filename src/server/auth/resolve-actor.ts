import type { Db } from '../../db/client.ts';
import { PUBLIC_ACTOR, type Actor } from '../../domain/accounts/actor.ts';
import { ROLES, type Role } from '../../domain/accounts/roles.ts';
import { activeActorOf } from '../services/accounts/actors.ts';
import type { Auth } from './auth.ts';

/**
 * The actor behind a request's session cookie; anyone without a valid, active session is the public. The
 * session check reads the account afresh on every request (no cookie cache), so a deactivation or a role
 * change counts from the next request; the actor is made from that read rather than a second one.
 */
export async function resolveActor(
  db: Db,
  auth: Auth,
  headers: Headers,
  twoFactorRequiredRoles: readonly Role[],
): Promise<Actor> {
  const session = await auth.api.getSession({ headers });
  if (!session) return PUBLIC_ACTOR;
  const { user } = session;
  if (!ROLES.includes(user.role as Role)) return PUBLIC_ACTOR;
  const actor = await activeActorOf(
    db,
    {
      id: user.id,
      name: user.name,
      role: user.role as Role,
      departmentId: user.departmentId ?? null,
      deactivatedAt: user.deactivatedAt ?? null,
      isDemo: user.isDemo ?? false,
      twoFactorEnabled: user.twoFactorEnabled ?? false,
    },
    twoFactorRequiredRoles,
  );
  return actor ?? PUBLIC_ACTOR;
}
