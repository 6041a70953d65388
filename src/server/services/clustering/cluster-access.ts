import type { SignedInActor } from '../../../domain/accounts/actor.ts';
import { ServiceError } from '../shared/service-error.ts';

/** Clusters, their runs and the escalation rule are the analysts' (and administrators') work. */
export function assertReviewsClusters(actor: SignedInActor, doing: string) {
  if (actor.role !== 'analyst' && actor.role !== 'admin') {
    throw new ServiceError('forbidden', `Only analysts and administrators ${doing}.`);
  }
}
