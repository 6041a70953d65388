import type { APIRoute } from 'astro';
import { openDataResponse } from '../../lib/cases/public-output-responses.ts';

/** The open data as one JSON document (docs/PUBLIC.md, "Open data"). */
export const GET: APIRoute = ({ locals }) => openDataResponse(locals, 'json');
