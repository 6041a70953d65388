import { fetchRequestHandler } from '@trpc/server/adapters/fetch';
import type { APIRoute } from 'astro';
import { env } from '../../../lib/env.ts';
import { getDatabase } from '../../../server/database.ts';
import { crossSiteRefusal, isCrossSiteWrite } from '../../../server/http/same-origin.ts';
import { createContext } from '../../../server/trpc/context.ts';
import { appRouter } from '../../../server/trpc/root.ts';

/** tRPC over HTTP for browsers, as the signed-in user middleware resolved; pages use the in-process caller. */
export const ALL: APIRoute = async ({ request, locals }) => {
  const { PUBLIC_URL } = env();
  if (isCrossSiteWrite(request, PUBLIC_URL)) return crossSiteRefusal();
  const db = await getDatabase();
  return fetchRequestHandler({
    endpoint: '/api/trpc',
    req: request,
    router: appRouter,
    createContext: () => createContext(db, locals.actor, PUBLIC_URL),
  });
};
