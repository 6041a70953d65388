import type { APIRoute } from 'astro';
import { caseFeedResponse } from '../../../lib/cases/public-output-responses.ts';

/** The Atom feed of the public cases a department owns, by its code (docs/PUBLIC.md, "Atom feeds"). */
export const GET: APIRoute = ({ locals, params }) =>
  caseFeedResponse(locals, { kind: 'department', code: params.code ?? '' });
