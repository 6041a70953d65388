import { checkHealth } from '../../services/jobs/health-service.ts';
import { getOverview } from '../../services/overview/overview-service.ts';
import { publicProcedure, router } from '../trpc.ts';

export const systemRouter = router({
  health: publicProcedure.query(({ ctx }) =>
    checkHealth(ctx.db, { isAdministrator: ctx.actor.kind === 'user' && ctx.actor.role === 'admin' }),
  ),
  overview: publicProcedure.query(({ ctx }) => getOverview(ctx.db)),
});
