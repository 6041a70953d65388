import type { APIRoute } from 'astro';
import { TRPCError } from '@trpc/server';
import { ISSUE_FILTER_PARAMETERS, issueFilterParameters } from '../../lib/issue-filters.ts';

/** The filtered list of local issues as a CSV download (staff only, each in their own scope). */
export const GET: APIRoute = async ({ locals, url }) => {
  const filter: Record<string, string> = {};
  for (const [parameter, value] of issueFilterParameters(url)) {
    filter[ISSUE_FILTER_PARAMETERS[parameter as keyof typeof ISSUE_FILTER_PARAMETERS]] = value;
  }
  try {
    const { csv } = await locals.trpc.localIssue.exportCsv(filter as never);
    const stamp = new Date().toISOString().slice(0, 10);
    return new Response(csv, {
      headers: {
        'Content-Type': 'text/csv; charset=utf-8',
        'Content-Disposition': `attachment; filename="local-issues-${stamp}.csv"`,
        'Cache-Control': 'private, no-store',
      },
    });
  } catch (error) {
    if (!(error instanceof TRPCError)) throw error;
    const status = { UNAUTHORIZED: 401, FORBIDDEN: 403, BAD_REQUEST: 400 }[error.code as string] ?? 500;
    return new Response(error.message, { status, headers: { 'Content-Type': 'text/plain; charset=utf-8' } });
  }
};
