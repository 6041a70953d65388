import { crossSiteRefusal, isCrossSiteWrite } from '../http/same-origin.ts';
import type { Auth } from './auth.ts';

/**
 * better-auth's endpoints, behind a same-origin check for every state-changing request: better-auth
 * checks the Origin only when the request carries cookies, which leaves login CSRF open.
 */
export async function handleAuthRequest(auth: Auth, request: Request, publicUrl: string): Promise<Response> {
  return isCrossSiteWrite(request, publicUrl) ? crossSiteRefusal() : auth.handler(request);
}
