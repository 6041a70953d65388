import { ROLE_NAMES, type Role } from './roles.ts';

export type PublicActor = { kind: 'public' };

export interface SignedInActor {
  kind: 'user';
  userId: string;
  name: string;
  role: Role;
  /** Set for officials: the one department whose cases they see. */
  departmentId: string | null;
  /** Set for facilitators: the facilities they work at. */
  facilityIds: readonly string[];
  isDemo: boolean;
  /** Their role requires two-factor sign-in and they have not set it up yet. */
  mustEnrollTwoFactor: boolean;
}

export type Actor = PublicActor | SignedInActor;

export const PUBLIC_ACTOR: PublicActor = { kind: 'public' };

export function requiresTwoFactor(
  user: { role: Role; isDemo: boolean; twoFactorEnabled: boolean },
  requiredRoles: readonly Role[],
): boolean {
  return !user.isDemo && !user.twoFactorEnabled && requiredRoles.includes(user.role);
}

/** What an actor may see of local issues and cases; services turn it into query filters. */
export type Scope =
  | { kind: 'everything' }
  | { kind: 'facilities'; facilityIds: readonly string[] }
  | { kind: 'department'; departmentId: string | null }
  | { kind: 'public' };

export function scopeOf(actor: Actor): Scope {
  if (actor.kind === 'public') return { kind: 'public' };
  switch (actor.role) {
    case 'admin':
    case 'analyst':
      return { kind: 'everything' };
    case 'facilitator':
      return { kind: 'facilities', facilityIds: actor.facilityIds };
    case 'official':
      return { kind: 'department', departmentId: actor.departmentId };
    case 'partner':
      return { kind: 'public' };
  }
}

/** Labels a user in audit events and timelines. */
export function actorLabel(actor: Actor): string {
  return actor.kind === 'public' ? 'anonymous' : `${actor.name} (${ROLE_NAMES[actor.role]})`;
}
