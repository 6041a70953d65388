import type { APIRoute } from 'astro';
import { env } from '../../../lib/env.ts';
import { getDatabase } from '../../../server/database.ts';
import { handleTrpcRequest } from '../../../server/trpc/http-handler.ts';

/** tRPC over HTTP for browsers, as the signed-in user middleware resolved; pages use the in-process caller. */
export const ALL: APIRoute = async ({ request, locals }) =>
  handleTrpcRequest(request, {
    db: await getDatabase(),
    actor: locals.actor,
    publicUrl: env().PUBLIC_URL,
    requestId: locals.requestId,
  });
