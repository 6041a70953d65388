import { defineMiddleware } from 'astro:middleware';
import { getDatabase } from './server/database.ts';
import { createContext } from './server/trpc/context.ts';
import { createCaller } from './server/trpc/root.ts';

export const onRequest = defineMiddleware(async (context, next) => {
  // Prerendered pages are built without a request; they get no caller.
  if (context.isPrerendered) return next();
  context.locals.trpc = createCaller(createContext(await getDatabase()));
  return next();
});
