import type { APIRoute } from 'astro';
import { TRPCError } from '@trpc/server';
import { ISSUE_FILTER_PARAMETERS, issueFilterParameters } from '../../lib/capture/issue-filters.ts';

/**
 * The filtered list of local issues as a CSV download (staff only, each in their own scope): every
 * matching issue, streamed a chunk at a time. libSQL runs each query on the web process's event loop,
 * so the next chunk is read only once the last one is sent and other requests have had a turn.
 */
export const GET: APIRoute = async ({ locals, url }) => {
  const filter: Record<string, string> = {};
  for (const [parameter, value] of issueFilterParameters(url)) {
    filter[ISSUE_FILTER_PARAMETERS[parameter as keyof typeof ISSUE_FILTER_PARAMETERS]] = value;
  }
  const exportChunk = (after?: { raisedOn: string; id: string }) =>
    locals.trpc.localIssue.exportCsv({ ...filter, after } as never);
  try {
    // The first chunk before any byte is sent: a refusal is still an error status, not a broken file.
    const first = await exportChunk();
    let next = first.next;
    const encoder = new TextEncoder();
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(encoder.encode(first.csv));
        if (!next) controller.close();
      },
      async pull(controller) {
        if (!next) return;
        await new Promise((resolve) => setImmediate(resolve));
        const chunk = await exportChunk(next);
        controller.enqueue(encoder.encode(chunk.csv));
        next = chunk.next;
        if (!next) controller.close();
      },
    });
    const stamp = new Date().toISOString().slice(0, 10);
    return new Response(body, {
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
