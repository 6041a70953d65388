import type { APIRoute } from 'astro';
import { caseFeedResponse } from '../lib/cases/public-output-responses.ts';

/** The Atom feed of every public case's public events (docs/PUBLIC.md, "Atom feeds"). */
export const GET: APIRoute = ({ locals }) => caseFeedResponse(locals, { kind: 'all' });
