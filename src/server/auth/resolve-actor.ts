import type { Db } from '../../db/client.ts';
import { PUBLIC_ACTOR, type Actor } from '../../domain/accounts/actor.ts';
import type { Role } from '../../domain/accounts/roles.ts';
import { findActiveActor } from '../services/accounts/actors.ts';
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
  return (await findActiveActor(db, { id: session.user.id }, twoFactorRequiredRoles)) ?? PUBLIC_ACTOR;
}
