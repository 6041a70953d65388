import { TRPCError } from '@trpc/server';

/**
 * A procedure's answer, or null when it says NOT_FOUND, so that a page can answer 404 itself. An input it
 * refuses (BAD_REQUEST) counts as not found too: the id or code comes from the address, and one that no record
 * can have (a control character in it, say) names nothing.
 */
export function orNotFound<T>(call: Promise<T>): Promise<T | null> {
  return call.catch((caught: unknown) => {
    if (caught instanceof TRPCError && (caught.code === 'NOT_FOUND' || caught.code === 'BAD_REQUEST')) return null;
    throw caught;
  });
}

/** The status a refused form post answers with: 409 for a stale copy, 400 for everything else. */
export function refusedStatus(caught: unknown): 400 | 409 {
  return caught instanceof TRPCError && caught.code === 'CONFLICT' ? 409 : 400;
}
