import type { APIContext, APIRoute } from 'astro';
import type { Db } from '../../db/client.ts';
import { open311FormatOf, type Open311Document } from '../../domain/open311/georeport.ts';
import { getDatabase } from '../../server/database.ts';
import { open311Answer, open311MethodRefusal, open311Refusal, toResponse, unknownFormat } from './open311-answers.ts';

/**
 * The handlers of an Open311 address `….[format]`: GET (and HEAD) answer `read`'s document in the format the
 * extension names, a service's refusal in the standard's shape; every other method is refused.
 */
export function open311Endpoint(read: (db: Db, context: APIContext) => Promise<Open311Document>) {
  const GET: APIRoute = async (context) => {
    const format = open311FormatOf(context.params.format);
    if (!format) return toResponse(unknownFormat(context.params.format));
    try {
      return toResponse(open311Answer(await read(await getDatabase(), context), format));
    } catch (error) {
      return toResponse(open311Refusal(error, format));
    }
  };
  // GET and HEAD have handlers of their own, so every method this sees is refused.
  const ALL: APIRoute = ({ request, url }) => toResponse(open311MethodRefusal(request.method, url.pathname)!);
  return { GET, HEAD: GET, ALL };
}
