import type { AstroGlobal } from 'astro';
import type { SignedInActor } from '../domain/accounts/actor.ts';
import type { Role } from '../domain/accounts/roles.ts';
import { loginPath } from './return-address.ts';

/**
 * For staff pages: the signed-in actor when their role may open the page; otherwise the response to
 * send instead (sign-in for the public, 403 for a wrong role, recorded in the audit log as a refused
 * procedure is). The service layer checks again.
 */
export async function guardPage(
  astro: Pick<AstroGlobal, 'locals' | 'url' | 'redirect'>,
  roles: readonly Role[],
): Promise<{ actor: SignedInActor; response?: undefined } | { actor?: undefined; response: Response }> {
  const { actor } = astro.locals;
  if (actor.kind === 'public') return { response: astro.redirect(loginPath(astro.url), 303) };
  if (!roles.includes(actor.role)) {
    await astro.locals.recordPageRefusal(astro.url.pathname);
    return { response: new Response('Your role cannot open this page.', { status: 403 }) };
  }
  return { actor };
}
