import { fetchRequestHandler } from '@trpc/server/adapters/fetch';
import type { APIRoute } from 'astro';
import { getDatabase } from '../../../server/database.ts';
import { createContext } from '../../../server/trpc/context.ts';
import { appRouter } from '../../../server/trpc/root.ts';

/** tRPC over HTTP for browsers; pages use the in-process caller from middleware instead. */
export const ALL: APIRoute = async ({ request }) =>
  fetchRequestHandler({
    endpoint: '/api/trpc',
    req: request,
    router: appRouter,
    createContext: async () => createContext(await getDatabase()),
  });
