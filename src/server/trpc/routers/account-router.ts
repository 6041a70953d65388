import { getUser } from '../../services/accounts/user-service.ts';
import { ownAccountProcedure, router } from '../trpc.ts';

export const accountRouter = router({
  /** The signed-in user's own account, e-mail included (only admins see other people's). */
  me: ownAccountProcedure.query(({ ctx }) => getUser(ctx.db, ctx.actor.userId)),
});
