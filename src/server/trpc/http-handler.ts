import { fetchRequestHandler } from '@trpc/server/adapters/fetch';
import type { Db } from '../../db/client.ts';
import type { Actor } from '../../domain/accounts/actor.ts';
import { crossSiteRefusal, isCrossSiteWrite } from '../http/same-origin.ts';
import { createContext } from './context.ts';
import { appRouter } from './root.ts';

/**
 * The most calls one HTTP request may batch. The pages' scripts send one call at a time; without a cap,
 * one anonymous request of 300 calls kept the server busy for 52 s (docs/SECURITY.md).
 */
export const MAX_BATCH_CALLS = 10;

/** tRPC over HTTP for browsers and scripts, as `actor`; a batch of more than MAX_BATCH_CALLS is refused (400). */
export function handleTrpcRequest(
  request: Request,
  { db, actor, publicUrl, requestId }: { db: Db; actor: Actor; publicUrl: string; requestId?: string },
) {
  if (isCrossSiteWrite(request, publicUrl)) return crossSiteRefusal();
  return fetchRequestHandler({
    endpoint: '/api/trpc',
    req: request,
    router: appRouter,
    maxBatchSize: MAX_BATCH_CALLS,
    createContext: () => createContext(db, actor, publicUrl, requestId),
  });
}
