import type { APIRoute } from 'astro';
import { TRPCError } from '@trpc/server';

/**
 * The live taxonomy in content/taxonomy.json's format (analysts and administrators), so that an
 * analyst's renames, moves and merges can be committed back; docs/TAXONOMY.md says when and how.
 */
export const GET: APIRoute = async ({ locals }) => {
  try {
    const taxonomy = await locals.trpc.taxonomy.export();
    // The same layout as the committed file, so that a commit shows only what changed.
    return new Response(`${JSON.stringify(taxonomy, null, 2)}\n`, {
      headers: {
        'Content-Type': 'application/json; charset=utf-8',
        'Content-Disposition': 'attachment; filename="taxonomy.json"',
        'Cache-Control': 'private, no-store',
      },
    });
  } catch (error) {
    if (!(error instanceof TRPCError)) throw error;
    const status = { UNAUTHORIZED: 401, FORBIDDEN: 403 }[error.code as string] ?? 500;
    return new Response(error.message, { status, headers: { 'Content-Type': 'text/plain; charset=utf-8' } });
  }
};
