import { defineMiddleware } from 'astro:middleware';
import { env } from './lib/env.ts';
import { getAuth } from './server/auth/instance.ts';
import { resolveActor } from './server/auth/resolve-actor.ts';
import { recordAudit } from './server/services/audit.ts';
import { getDatabase } from './server/database.ts';
import { createContext } from './server/trpc/context.ts';
import { createCaller } from './server/trpc/root.ts';

/** Pages someone who must still set up two-factor sign-in may open. */
const OPEN_DURING_ENROLMENT = ['/account/two-factor', '/logout'];

export const onRequest = defineMiddleware(async (context, next) => {
  // Prerendered pages are built without a request; they get no caller.
  if (context.isPrerendered) return next();
  const db = await getDatabase();
  const { TWO_FACTOR_REQUIRED_ROLES, PUBLIC_URL } = env();
  const actor = await resolveActor(db, await getAuth(), context.request.headers, TWO_FACTOR_REQUIRED_ROLES);
  context.locals.actor = actor;
  context.locals.trpc = createCaller(createContext(db, actor, PUBLIC_URL));
  context.locals.recordPageRefusal = (path) =>
    recordAudit(db, actor, {
      entityType: 'page',
      entityId: path,
      action: 'permission.denied',
      changes: { code: 'FORBIDDEN' },
    });
  const path = context.url.pathname;
  if (
    actor.kind === 'user' &&
    actor.mustEnrollTwoFactor &&
    !OPEN_DURING_ENROLMENT.some((open) => path.startsWith(open))
  ) {
    return context.redirect('/account/two-factor?required=1', 303);
  }
  return next();
});
