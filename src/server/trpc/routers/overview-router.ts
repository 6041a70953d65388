import { getStartPage } from '../../services/overview/start-page-service.ts';
import { publicProcedure, router } from '../trpc.ts';

export const overviewRouter = router({
  /** The home page's panel for the caller's role, within their scope; partners and the public get none. */
  start: publicProcedure.query(({ ctx }) => getStartPage(ctx.db, ctx.actor)),
});
