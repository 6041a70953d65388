import type { APIRoute } from 'astro';
import { env } from '../../../lib/env.ts';
import { handleAuthRequest } from '../../../server/auth/http.ts';
import { getAuth } from '../../../server/auth/instance.ts';

/** better-auth's own endpoints (sessions, TOTP, password reset); the pages use them server-side. */
export const ALL: APIRoute = async ({ request }) => handleAuthRequest(await getAuth(), request, env().PUBLIC_URL);
