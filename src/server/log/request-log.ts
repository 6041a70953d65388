import { AsyncLocalStorage } from 'node:async_hooks';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { logger, newRequestId } from './logger.ts';

/**
 * One request as the server logs it: the id made when it arrived and the route that answered it, which the
 * layer that answers fills in (a static file, a public copy, the health checks, or Astro's middleware, which
 * finds it with currentRequestRecord()).
 */
export interface RequestRecord {
  readonly id: string;
  /** A route pattern such as '/cases/[reference]', or a label such as 'static': never the address asked for. */
  route: string | null;
}

/** Answers that load balancers and browsers ask for all day: one line each at debug level, not info. */
const ROUTINE_ROUTES = new Set(['static', '/health', '/health/ready']);

/** The label of a request that no layer named a route for. */
export const NO_ROUTE = '(no route)';

/**
 * Where the app's middleware finds the record of the request it renders. The app is a bundle of its own with its
 * own copy of this module: the store is met on globalThis, in the one process they share.
 */
const SHARED_STORE = Symbol.for('cbm.requestRecord');
type WithStore = { [SHARED_STORE]?: AsyncLocalStorage<RequestRecord> };
function requestStore(): AsyncLocalStorage<RequestRecord> {
  return ((globalThis as WithStore)[SHARED_STORE] ??= new AsyncLocalStorage<RequestRecord>());
}

/** Runs `render` (the app's handler) with `record` as the current request's record. */
export function renderWithRecord<T>(record: RequestRecord, render: () => T): T {
  return requestStore().run(record, render);
}

/** The record of the request being rendered; undefined outside the server of scripts/lib/web-server.ts (astro dev). */
export function currentRequestRecord(): RequestRecord | undefined {
  return requestStore().getStore();
}

/**
 * Starts the record of a request and logs one line when its response ends or the connection closes: method,
 * route, status, duration and request id, and nothing else of the request (no address, query string, headers
 * or body, which may hold personal data or secrets).
 */
export function startRequestLog(request: IncomingMessage, response: ServerResponse): RequestRecord {
  const startedAt = performance.now();
  const record: RequestRecord = { id: newRequestId(), route: null };
  // Every answer names its line, static files and health checks too; the app's middleware sends the same id.
  response.setHeader('X-Request-Id', record.id);
  response.once('close', () => {
    const status = response.statusCode;
    const route = record.route ?? NO_ROUTE;
    const line = {
      requestId: record.id,
      method: request.method,
      route,
      status,
      durationMs: Math.round((performance.now() - startedAt) * 10) / 10,
      ...(!response.writableFinished && { aborted: true }),
    };
    if (status >= 500) logger.error(line, 'request');
    else if (ROUTINE_ROUTES.has(route)) logger.debug(line, 'request');
    else logger.info(line, 'request');
  });
  return record;
}
