import { scopeOf, type Actor } from './actor.ts';

/**
 * Whether the actor keeps a facility's records (its monitoring rounds and commitment charter):
 * analysts and administrators anywhere, facilitators at their own facilities, nobody else.
 */
export function keepsRecordsAt(actor: Actor, facilityId: string): boolean {
  const scope = scopeOf(actor);
  if (scope.kind === 'everything') return true;
  return scope.kind === 'facilities' && scope.facilityIds.includes(facilityId);
}
