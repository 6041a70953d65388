import type { APIRoute } from 'astro';
import { caseFeedResponse } from '../../../lib/cases/public-output-responses.ts';

/** The Atom feed of the public cases about a tag, by its slug (docs/PUBLIC.md, "Atom feeds"). */
export const GET: APIRoute = ({ locals, params }) => caseFeedResponse(locals, { kind: 'tag', slug: params.slug ?? '' });
