import type { CaseFeedRequest } from '../../server/services/cases/case-feed-service.ts';
import type { OpenDataFormat } from '../../server/services/cases/open-data-service.ts';
import { orNotFound } from '../not-found.ts';

/**
 * Feeds and downloads change with every decision and carry no validator yet (a cache per data version comes later):
 * browsers and proxies must ask again each time, so that nobody reads a copy older than the last change.
 */
const FRESH_EVERY_TIME = 'no-cache';

/**
 * A case feed's answer: the Atom document, a permanent redirect from a former tag's address, or a plain-text
 * 404 (which the middleware shows as a page) when the address names no department, province or tag.
 */
export async function caseFeedResponse(locals: App.Locals, request: CaseFeedRequest): Promise<Response> {
  const answer = await orNotFound(locals.trpc.publicOutput.caseFeed(request));
  if (!answer) {
    return new Response('There is no such feed: the address names no department, province or tag we know.', {
      status: 404,
      headers: { 'Content-Type': 'text/plain; charset=utf-8' },
    });
  }
  if ('movedTo' in answer) return new Response(null, { status: 301, headers: { Location: answer.movedTo } });
  return new Response(answer.xml, {
    headers: { 'Content-Type': 'application/atom+xml; charset=utf-8', 'Cache-Control': FRESH_EVERY_TIME },
  });
}

const OPEN_DATA_TYPES: Record<OpenDataFormat, { type: string; disposition: string }> = {
  zip: { type: 'application/zip', disposition: 'attachment; filename="cbm-public.zip"' },
  json: { type: 'application/json; charset=utf-8', disposition: 'inline; filename="cbm-public.json"' },
};

/** The open data download, built from the database as it stands. */
export async function openDataResponse(locals: App.Locals, format: OpenDataFormat): Promise<Response> {
  const { bytes } = await locals.trpc.publicOutput.openData({ format });
  const { type, disposition } = OPEN_DATA_TYPES[format];
  return new Response(bytes, {
    headers: { 'Content-Type': type, 'Content-Disposition': disposition, 'Cache-Control': FRESH_EVERY_TIME },
  });
}
