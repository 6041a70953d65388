import type { APIRoute } from 'astro';
import { caseFeedResponse } from '../../../lib/cases/public-output-responses.ts';

/** The Atom feed of the public cases felt in a province, e.g. kwazulu-natal (docs/PUBLIC.md, "Atom feeds"). */
export const GET: APIRoute = ({ locals, params }) =>
  caseFeedResponse(locals, { kind: 'province', slug: params.slug ?? '' });
