import { defineMiddleware } from 'astro:middleware';
import { env } from './lib/env.ts';
import { getAuth } from './server/auth/instance.ts';
import { resolveActor } from './server/auth/resolve-actor.ts';
import { crossSiteRefusal, isCrossSiteWrite } from './server/http/same-origin.ts';
import { bodyLimitFor, refuseBody } from './server/http/request-limits.ts';
import {
  acceptsGzip,
  createPublicPageCache,
  hasSessionCookie,
  copyMaxAgeOf,
  isPublicOutput,
  publicCopyKey,
  shareWithServer,
  type PublicPageCache,
} from './server/http/public-page-cache.ts';
import { canonicalCodePath, isPlainPageRefusal } from './lib/refusal-page.ts';
import { logRequestError, newRequestId } from './server/log/logger.ts';
import { currentRequestRecord } from './server/log/request-log.ts';
import { recordAudit } from './server/services/audit/audit.ts';
import { getDatabase } from './server/database.ts';
import { createContext } from './server/trpc/context.ts';
import { createCaller } from './server/trpc/root.ts';
import { readDataVersion } from './server/services/shared/data-version.ts';

const UNUSED_IMAGE_ENDPOINT = '/_image';

let publicPages: PublicPageCache | undefined;
async function publicPageCache(): Promise<PublicPageCache> {
  const db = await getDatabase();
  if (!publicPages) {
    publicPages = createPublicPageCache(() => readDataVersion(db, 'public'));
    shareWithServer(publicPages);
  }
  return publicPages;
}

/** Pages someone who must still set up two-factor sign-in may open. */
const OPEN_DURING_ENROLMENT = ['/account/two-factor', '/logout'];

export const onRequest = defineMiddleware(async (context, next) => {
  // Prerendered pages are built without a request; they get no caller.
  if (context.isPrerendered) return next();
  // A rewrite (to the error page, or a case's public view) runs this again with the same locals: it keeps the
  // request's id, and leaves copies to the first run, which answers the address asked for.
  const isRewrite = context.locals.requestId !== undefined;
  // The server (scripts/lib/web-server.ts) logs one line per request, with the route that answered it and its id.
  const requestLog = currentRequestRecord();
  if (requestLog && !isRewrite) requestLog.route = context.routePattern;
  // Astro serves an image transformer that the product, which shows no images, has no use for.
  if (context.url.pathname.startsWith(UNUSED_IMAGE_ENDPOINT)) return new Response(null, { status: 404 });
  const canonical = ['GET', 'HEAD'].includes(context.request.method) ? canonicalCodePath(context.url.pathname) : null;
  if (canonical) return context.redirect(`${canonical}${context.url.search}`, 301);
  const { TWO_FACTOR_REQUIRED_ROLES, PUBLIC_URL, IMPORT_MAX_MB } = env();
  // Every state-changing request, whatever its Content-Type: Astro's own check covers form types only.
  if (isCrossSiteWrite(context.request, PUBLIC_URL)) return crossSiteRefusal();
  const requestId = context.locals.requestId ?? requestLog?.id ?? newRequestId();
  const path = context.url.pathname;
  // A visitor without a session reads public outputs as everyone does: from this process's copy while current.
  const shared =
    !isRewrite && context.request.method === 'GET' && isPublicOutput(path) && !hasSessionCookie(context.request.headers)
      ? {
          cache: await publicPageCache(),
          key: publicCopyKey(path, context.url.search),
          acceptsGzip: acceptsGzip(context.request.headers.get('accept-encoding')),
        }
      : null;
  const version = shared ? await shared.cache.currentVersion() : 0;
  const copy = shared?.cache.answer(shared.key, version, shared.acceptsGzip);
  if (copy) {
    copy.headers.set('X-Request-Id', requestId);
    return copy;
  }
  const db = await getDatabase();
  const actor = await resolveActor(db, await getAuth(), context.request.headers, TWO_FACTOR_REQUIRED_ROLES);
  const tooLarge = refuseBody(context.request, bodyLimitFor(path, actor, IMPORT_MAX_MB * 1_048_576));
  if (tooLarge) return tooLarge;

  context.locals.actor = actor;
  context.locals.requestId = requestId;
  context.locals.trpc = createCaller(createContext(db, actor, PUBLIC_URL, requestId));
  context.locals.recordPageRefusal = (refused) =>
    recordAudit(db, actor, {
      entityType: 'page',
      entityId: refused,
      action: 'permission.denied',
      changes: { code: 'FORBIDDEN' },
    });
  if (
    actor.kind === 'user' &&
    actor.mustEnrollTwoFactor &&
    !OPEN_DURING_ENROLMENT.some((open) => path.startsWith(open))
  ) {
    return context.redirect('/account/two-factor?required=1', 303);
  }
  let response: Response;
  try {
    response = await next();
    if (isPlainPageRefusal(path, response)) {
      // A page's one-sentence refusal, shown in the layout with a way on (src/pages/404.astro).
      const refusal = {
        status: response.status,
        message: (await response.text()).trim(),
        path: `${path}${context.url.search}`,
      };
      context.locals.refusal = refusal;
      const page = await context.rewrite('/404');
      response = new Response(page.body, { status: refusal.status, headers: page.headers });
    }
  } catch (error) {
    // Logged once with the request's id; the error page shows the id and nothing of the error.
    logRequestError(error, { requestId, where: `${context.request.method} ${context.routePattern}` });
    response = await context.rewrite('/500');
    response = new Response(response.body, { status: 500, headers: response.headers });
  }
  if (shared && response.status === 200)
    response = await shared.cache.keep(
      shared.key,
      { version, route: context.routePattern, maxAgeMs: copyMaxAgeOf(path) },
      response,
      shared.acceptsGzip,
    );
  response.headers.set('X-Request-Id', requestId);
  return response;
});
