import type { IncomingMessage, ServerResponse } from 'node:http';
import { gzipSync } from 'node:zlib';
import { todayInSouthAfrica } from '../../lib/calendar-date.ts';
import type { RequestRecord } from '../log/request-log.ts';

/**
 * Public outputs change with every decision on a case but are read far more often than they change: each server
 * process keeps what it rendered for visitors without a session, per address, and serves it again while the
 * database's public data version (DataVersion "public", moved by triggers on every table below) stays the same.
 * Checking the version is one indexed read, shared by the requests that arrive while it runs.
 */

/** The tables whose every change moves the public data version (their triggers are in the migrations). */
export const PUBLIC_DATA_TABLES = [
  'SystemicCase',
  'CaseEvent',
  'ResponseAction',
  'CaseDeadline',
  'FollowUpFinding',
  'CaseSupportingDepartment',
  'CaseLocalIssue',
  'CaseCluster',
  'PublicTextReview',
  'CharterCommitment',
  'CommitmentUpdate',
  'Tag',
  'TagSynonym',
  'TagAlias',
  'Department',
  'Facility',
  'AppSetting',
] as const;

/**
 * How long a copy may be served of a page whose figures come from tables that move no data version: local issues
 * and monitoring rounds, which an import writes by the thousand. As long as the figures behind them are kept (the
 * home page's overview and the facility list's open-issue counts, 30 s).
 */
export const FIGURES_MAX_AGE_MS = 30_000;

/**
 * Addresses whose answer depends only on the address, the day and the public data: the same for every visitor.
 * Those with figures kept a while by the process carry that as their copies' `maxAgeMs`. (Not /departments yet:
 * its figures come from a computation kept 30 s, and it has no such bound.)
 */
const PUBLIC_OUTPUTS: readonly { pattern: RegExp; maxAgeMs?: number }[] = [
  { pattern: /^\/cases$/ },
  { pattern: /^\/cases\/SC-[^/]+(\/public)?$/ },
  { pattern: /^\/cases\.atom$/ },
  { pattern: /^\/(departments|provinces|tags)\/[^/]+\/cases\.atom$/ },
  { pattern: /^\/open311\/v2\// },
  { pattern: /^\/open-data(\/[^/]+)?$/ },
  { pattern: /^\/$/, maxAgeMs: FIGURES_MAX_AGE_MS },
  { pattern: /^\/facilities$/, maxAgeMs: FIGURES_MAX_AGE_MS },
  { pattern: /^\/facilities\/(?!export\.csv$)[^/]+$/, maxAgeMs: FIGURES_MAX_AGE_MS },
];

export function isPublicOutput(path: string): boolean {
  return PUBLIC_OUTPUTS.some(({ pattern }) => pattern.test(path));
}

/** How long a copy of the page at `path` may be served besides its data version; undefined: while that stays. */
export function copyMaxAgeOf(path: string): number | undefined {
  return PUBLIC_OUTPUTS.find(({ pattern }) => pattern.test(path))?.maxAgeMs;
}

/**
 * The key of a copy: the address and South Africa's date, since overdue and running deadlines change at midnight
 * without any write.
 */
export function publicCopyKey(path: string, search: string, now = new Date()): string {
  return `${todayInSouthAfrica(now)} ${path}${search}`;
}

export const acceptsGzip = (acceptEncoding: string | null | undefined) => /\bgzip\b/.test(acceptEncoding ?? '');

/** A session cookie (better-auth's, prefixed "cbm"): its holder may see more than the public. */
export function hasSessionCookie(headers: Headers): boolean {
  return /(^|;\s*)(__Secure-)?cbm\.session_token=/.test(headers.get('cookie') ?? '');
}

interface CachedAnswer {
  version: number;
  /** When the copy may no longer be served, whatever the version (copyMaxAgeOf). */
  expiresAt: number;
  /** The route pattern that rendered it, for the request log of the copies served before the app. */
  route: string;
  status: number;
  headers: [string, string][];
  body: Uint8Array;
  gzipped: Uint8Array | null;
}

/** Headers that belong to one answer, never to a copy served to someone else. */
const PER_ANSWER_HEADERS = new Set(['set-cookie', 'x-request-id', 'content-length', 'content-encoding', 'date']);
/** Text answers smaller than this go uncompressed, as the server's compression leaves them (scripts/lib/web-server.ts). */
const COMPRESS_FROM_BYTES = 1024;

export interface PublicPageCacheOptions {
  maxEntries?: number;
  maxBytes?: number;
  now?: () => number;
}

export function createPublicPageCache(
  readVersion: () => Promise<number>,
  { maxEntries = 1000, maxBytes = 64 * 1024 * 1024, now = Date.now }: PublicPageCacheOptions = {},
) {
  // Least recently used first: a Map keeps insertion order, and a hit moves its entry to the end.
  const entries = new Map<string, CachedAnswer>();
  let bytes = 0;
  let versionRead: Promise<number> | null = null;

  const sizeOf = (answer: CachedAnswer) => answer.body.byteLength + (answer.gzipped?.byteLength ?? 0);
  function forget(key: string) {
    const answer = entries.get(key);
    if (!answer) return;
    bytes -= sizeOf(answer);
    entries.delete(key);
  }

  /** The database's public data version; requests arriving while one read runs share it. */
  function currentVersion(): Promise<number> {
    versionRead ??= readVersion().finally(() => {
      versionRead = null;
    });
    return versionRead;
  }

  /** The copy for `key` at `version`, its headers and the body to send; null when there is none. */
  function copyOf(
    key: string,
    version: number,
    gzip: boolean,
  ): { status: number; route: string; headers: [string, string][]; body: Uint8Array } | null {
    const cached = entries.get(key);
    if (!cached) return null;
    if (cached.version !== version || now() >= cached.expiresAt) {
      forget(key);
      return null;
    }
    entries.delete(key);
    entries.set(key, cached);
    const headers: [string, string][] = [...cached.headers, ['vary', 'Accept-Encoding'], ['x-cache', 'hit']];
    if (gzip && cached.gzipped) {
      const gzipHeaders: [string, string][] = [...headers, ['content-encoding', 'gzip']];
      return { status: cached.status, route: cached.route, headers: gzipHeaders, body: cached.gzipped };
    }
    return { status: cached.status, route: cached.route, headers, body: cached.body };
  }

  /** The cached answer for `key` at `version`, as a Response; null when there is none. */
  function answer(key: string, version: number, gzip: boolean): Response | null {
    const copy = copyOf(key, version, gzip);
    return copy && new Response(copy.body as BodyInit, { status: copy.status, headers: copy.headers });
  }

  /** Keeps a rendered answer for `key` at `version` and gives back one to send (the original's body is read). */
  async function keep(
    key: string,
    { version, route, maxAgeMs }: { version: number; route: string; maxAgeMs?: number },
    response: Response,
    gzip: boolean,
  ): Promise<Response> {
    const body = new Uint8Array(await response.arrayBuffer());
    const headers = [...response.headers].filter(([name]) => !PER_ANSWER_HEADERS.has(name.toLowerCase()));
    const isText = /text|json|xml/.test(response.headers.get('content-type') ?? '');
    const gzipped = isText && body.byteLength >= COMPRESS_FROM_BYTES ? new Uint8Array(gzipSync(body)) : null;
    const expiresAt = maxAgeMs === undefined ? Infinity : now() + maxAgeMs;
    const cached: CachedAnswer = { version, expiresAt, route, status: response.status, headers, body, gzipped };
    forget(key);
    if (sizeOf(cached) <= maxBytes) {
      entries.set(key, cached);
      bytes += sizeOf(cached);
      for (const oldest of entries.keys()) {
        if (entries.size <= maxEntries && bytes <= maxBytes) break;
        forget(oldest);
      }
    }
    const sent = answer(key, version, gzip) ?? new Response(body as BodyInit, response);
    sent.headers.set('x-cache', 'miss');
    return sent;
  }

  return { currentVersion, copyOf, answer, keep, size: () => entries.size };
}

export type PublicPageCache = ReturnType<typeof createPublicPageCache>;

/**
 * Where the web process finds the copies the built app keeps: the app is a bundle of its own, so the server in
 * scripts/lib/web-server.ts cannot import its instance, and meets it here, in the one process they share.
 */
const PROCESS_CACHE = Symbol.for('cbm.publicPageCache');
type WithCache = { [PROCESS_CACHE]?: PublicPageCache };

export function shareWithServer(cache: PublicPageCache) {
  (globalThis as WithCache)[PROCESS_CACHE] = cache;
}

/**
 * Sends a visitor without a session the copy of a public output, before the app renders anything (the app's own
 * routing and middleware cost more than the copy); false when there is no current copy, for the app to answer.
 */
export async function sendPublicCopy(
  req: IncomingMessage,
  res: ServerResponse,
  request: RequestRecord,
): Promise<boolean> {
  const cache = (globalThis as WithCache)[PROCESS_CACHE];
  if (!cache || req.method !== 'GET' || hasSessionCookie(new Headers({ cookie: req.headers.cookie ?? '' }))) {
    return false;
  }
  const url = new URL(req.url ?? '/', 'http://localhost');
  if (!isPublicOutput(url.pathname)) return false;
  const copy = cache.copyOf(
    publicCopyKey(url.pathname, url.search),
    await cache.currentVersion(),
    acceptsGzip(req.headers['accept-encoding']),
  );
  if (!copy) return false;
  for (const [name, value] of copy.headers) res.appendHeader(name, value);
  res.setHeader('x-request-id', request.id);
  request.route = copy.route;
  res.writeHead(copy.status).end(copy.body);
  return true;
}
