import type { Actor } from '../../domain/accounts/actor.ts';
import type { Role } from '../../domain/accounts/roles.ts';

const KIB = 1024;
/** Sign-in, password reset and anything else the public may post: a few short fields. */
export const ANONYMOUS_BODY_LIMIT = 64 * KIB;
/** Forms and tRPC calls of signed-in people: the longest text a form takes is far below this. */
export const SIGNED_IN_BODY_LIMIT = 1024 * KIB;
/** Room beside the file in an import: the form's other fields, a mapping file (200,000 characters at most). */
const IMPORT_ENVELOPE = 256 * KIB;
/** base64, which the tRPC import procedures take, is 4/3 of the bytes; multipart adds a little. */
const IMPORT_ENCODING = 1.37;

const IMPORTERS: readonly Role[] = ['admin', 'analyst', 'facilitator'];
/** The page's form and the tRPC procedures that carry a whole file. */
const IMPORT_PAGE = '/issues/import';
const IMPORT_PROCEDURES = ['imports.run', 'imports.queue'];

function carriesImport(path: string): boolean {
  if (path === IMPORT_PAGE) return true;
  if (!path.startsWith('/api/trpc/')) return false;
  const procedures = decodeURIComponent(path.slice('/api/trpc/'.length)).split(',');
  return procedures.some((procedure) => IMPORT_PROCEDURES.includes(procedure));
}

/**
 * The largest request body, in bytes, that `actor` may send to `path`: checked against Content-Length
 * before anything reads the body, since reading it is what costs memory (eight anonymous 450 MB posts took
 * the server to 4.2 GB). Imports, for the roles that may import, get what IMPORT_MAX_MB allows.
 */
export function bodyLimitFor(path: string, actor: Actor, importMaxBytes: number): number {
  if (actor.kind === 'public') return ANONYMOUS_BODY_LIMIT;
  if (IMPORTERS.includes(actor.role) && carriesImport(path)) {
    return Math.ceil(importMaxBytes * IMPORT_ENCODING) + IMPORT_ENVELOPE;
  }
  return SIGNED_IN_BODY_LIMIT;
}

const METHODS_WITHOUT_BODY = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * The answer to a request whose body is too large, or of unknown length (a chunked body could be of any
 * size: browsers send Content-Length with every form and fetch), or null to let it through.
 */
export function refuseBody(request: Request, limit: number): Response | null {
  if (METHODS_WITHOUT_BODY.has(request.method)) return null;
  const declared = request.headers.get('content-length');
  if (declared === null) {
    if (!request.headers.has('transfer-encoding')) return null;
    return new Response('Send the request with a Content-Length header.', { status: 411 });
  }
  const length = Number(declared);
  if (!Number.isSafeInteger(length) || length < 0) {
    return new Response('The Content-Length header is not a number of bytes.', { status: 400 });
  }
  if (length <= limit) return null;
  return new Response(
    `The request is too large: ${formatBytes(length)}, where ${formatBytes(limit)} is the most this page accepts.`,
    { status: 413, headers: { connection: 'close' } },
  );
}

function formatBytes(bytes: number): string {
  return bytes >= 1024 * KIB ? `${(bytes / (1024 * KIB)).toFixed(1)} MB` : `${Math.ceil(bytes / KIB)} KB`;
}
