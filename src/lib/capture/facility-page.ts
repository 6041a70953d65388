import type { AstroGlobal } from 'astro';
import { keepsRecordsAt } from '../../domain/accounts/facility-access.ts';
import { orNotFound } from '../not-found.ts';
import { guardPage } from '../page-guard.ts';

/**
 * For the pages that add a round or a commitment at `/facilities/[code]/...`: the facility when the
 * signed-in actor keeps its records, or the response to send instead (sign-in, 403, or 404 for an
 * unknown or archived facility). The procedures check again.
 */
export async function facilityToKeep(astro: Pick<AstroGlobal, 'locals' | 'url' | 'redirect' | 'params'>) {
  const guard = await guardPage(astro, ['admin', 'analyst', 'facilitator']);
  if (guard.response) return { response: guard.response };
  const facility = await orNotFound(astro.locals.trpc.facility.get({ code: astro.params.code ?? '' }));
  if (!facility || facility.archived) {
    return { response: new Response('There is no facility with this code.', { status: 404 }) };
  }
  if (!keepsRecordsAt(guard.actor, facility.id)) {
    return { response: new Response('You keep the records of your own facilities only.', { status: 403 }) };
  }
  return { facility };
}
