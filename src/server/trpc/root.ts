import { facilityRouter } from './routers/facility-router.ts';
import { systemRouter } from './routers/system-router.ts';
import { createCallerFactory, router } from './trpc.ts';

export const appRouter = router({
  system: systemRouter,
  facility: facilityRouter,
});

export type AppRouter = typeof appRouter;
export const createCaller = createCallerFactory(appRouter);
export type AppCaller = ReturnType<typeof createCaller>;
