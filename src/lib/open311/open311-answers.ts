import {
  OPEN311_CONTENT_TYPES,
  open311ErrorsOf,
  open311FormatOf,
  serialiseOpen311,
  type Open311Document,
  type Open311Format,
} from '../../domain/open311/georeport.ts';
import { ServiceError } from '../../server/services/shared/service-error.ts';

/**
 * Open311's HTTP answers, for the endpoints under src/pages/open311/v2/ and for scripts/lib/web-server.ts (which answers the
 * writes Astro's origin check would otherwise refuse in plain text). A public read API: any site may read it.
 */

export interface Open311Answer {
  status: number;
  headers: Record<string, string>;
  body: string | null;
}

const READ_METHODS = 'GET, HEAD, OPTIONS';

export function open311Answer(document: Open311Document, format: Open311Format, status = 200): Open311Answer {
  return {
    status,
    headers: { 'Content-Type': OPEN311_CONTENT_TYPES[format], 'Access-Control-Allow-Origin': '*' },
    body: serialiseOpen311(document, format),
  };
}

export function toResponse(answer: Open311Answer): Response {
  return new Response(answer.body, { status: answer.status, headers: answer.headers });
}

/** The format an address asks for by its extension; XML, the one the standard requires, when it names none. */
export function open311FormatOfPath(path: string): Open311Format {
  return open311FormatOf(/\.([a-z]+)$/i.exec(path)?.[1]?.toLowerCase()) ?? 'xml';
}

/** The standard's status for each refusal: 404 for what does not exist, 400 for arguments it cannot use. */
const STATUS_OF: Partial<Record<ServiceError['code'], number>> = { not_found: 404, invalid_input: 400 };

/** A service's refusal as the standard's list of errors, one per problem; anything else is not a refusal. */
export function open311Refusal(error: unknown, format: Open311Format): Open311Answer {
  const status = error instanceof ServiceError ? STATUS_OF[error.code] : undefined;
  if (!(error instanceof ServiceError) || status === undefined) throw error;
  const details = error.details as { problems?: string[] } | undefined;
  return open311Answer(open311ErrorsOf(status, details?.problems ?? [error.message]), format, status);
}

export function unknownFormat(extension: string | undefined): Open311Answer {
  const description = `There is no "${extension ?? ''}" format; end the address in .json or .xml.`;
  return open311Answer(open311ErrorsOf(404, [description]), 'xml', 404);
}

const isCreateRequest = (path: string) => /^\/open311\/v2\/requests\.[a-z]+$/i.test(path);

/**
 * The answer to anything but a read of an Open311 address, or null for a read (or another address). Filing a
 * service request needs an API key, and none is issued: 403, as the standard answers a missing or wrong key.
 * Any other write is 405; OPTIONS says what a browser on another site may do.
 */
export function open311MethodRefusal(method: string, path: string): Open311Answer | null {
  if (!path.startsWith('/open311/') || method === 'GET' || method === 'HEAD') return null;
  const allow = { Allow: READ_METHODS, 'Access-Control-Allow-Methods': READ_METHODS };
  if (method === 'OPTIONS') {
    return { status: 204, headers: { ...allow, 'Access-Control-Allow-Origin': '*' }, body: null };
  }
  const format = open311FormatOfPath(path);
  const [status, description] = isCreateRequest(path)
    ? [
        403,
        'This Open311 endpoint is read-only: it accepts no service requests and issues no api_key. Problems at a facility reach DPME through citizen-based monitoring.',
      ]
    : [405, `${method} is not answered here: this Open311 endpoint is read-only (GET).`];
  const answer = open311Answer(open311ErrorsOf(status, [description]), format, status);
  return { ...answer, headers: { ...answer.headers, ...allow } };
}
