import type { APIRoute } from 'astro';
import { getAuth } from '../../../server/auth/instance.ts';

/** better-auth's own endpoints (sessions, TOTP, password reset); the pages use them server-side. */
export const ALL: APIRoute = async ({ request }) => (await getAuth()).handler(request);
