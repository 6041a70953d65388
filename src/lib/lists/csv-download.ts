import { TRPCError } from '@trpc/server';
import type { z } from 'zod';
import { readListAddress, type ListAddress } from './list-query.ts';

/**
 * A CSV download, streamed a chunk at a time: `readChunk` gives a chunk and the cursor of the next (null
 * after the last). libSQL runs each query on the web process's event loop, so the next chunk is read only
 * once the last one is sent and other requests have had a turn. A refusal of the first chunk (a role, a
 * filter) is an error status with its message, not a broken file.
 */
export async function csvDownload<Cursor>(
  fileName: string,
  readChunk: (after?: Cursor) => Promise<{ csv: string; next: Cursor | null }>,
): Promise<Response> {
  try {
    // The first chunk before any byte is sent: a refusal is still an error status.
    const first = await readChunk();
    let next = first.next;
    const encoder = new TextEncoder();
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(encoder.encode(first.csv));
        if (next === null) controller.close();
      },
      async pull(controller) {
        if (next === null) return;
        await new Promise((resolve) => setImmediate(resolve));
        const chunk = await readChunk(next);
        controller.enqueue(encoder.encode(chunk.csv));
        next = chunk.next;
        if (next === null) controller.close();
      },
    });
    const stamp = new Date().toISOString().slice(0, 10);
    return new Response(body, {
      headers: {
        'Content-Type': 'text/csv; charset=utf-8',
        'Content-Disposition': `attachment; filename="${fileName}-${stamp}.csv"`,
        'Cache-Control': 'private, no-store',
      },
    });
  } catch (error) {
    if (!(error instanceof TRPCError)) throw error;
    const status = { UNAUTHORIZED: 401, FORBIDDEN: 403, BAD_REQUEST: 400 }[error.code as string] ?? 500;
    return new Response(error.message, { status, headers: { 'Content-Type': 'text/plain; charset=utf-8' } });
  }
}

/**
 * The CSV download of a paged list: the list's filters read from the address as its page reads them
 * (`address`), then every page of it through `readChunk`. Filters the page would ignore as unrecognised
 * refuse the download rather than give the whole list.
 */
export function pagedListCsv<Schema extends z.ZodType>(
  fileName: string,
  url: URL,
  list: { schema: Schema; address: ListAddress },
  readChunk: (query: z.output<Schema>, after?: number) => Promise<{ csv: string; next: number | null }>,
): Promise<Response> | Response {
  const { query, isValid } = readListAddress(list.schema, url, list.address);
  if (!isValid) {
    return new Response('Some filters in the address were not recognised: go back to the list and filter again.', {
      status: 400,
      headers: { 'Content-Type': 'text/plain; charset=utf-8' },
    });
  }
  return csvDownload(fileName, (after?: number) => readChunk(query, after));
}
