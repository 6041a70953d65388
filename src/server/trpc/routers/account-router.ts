import { getUser } from '../../services/accounts/user-service.ts';
import {
  DigestPreferenceSchema,
  listOwnNotifications,
  markOwnNotificationsRead,
  NotificationListSchema,
  setOwnDigestPreference,
} from '../../services/accounts/notification-service.ts';
import { ownAccountProcedure, router } from '../trpc.ts';

export const accountRouter = router({
  /** The signed-in user's own account, e-mail included (only admins see other people's). */
  me: ownAccountProcedure.query(({ ctx }) => getUser(ctx.db, ctx.actor.userId)),
  /** Their own notifications (the page /notifications), so that nothing depends on mail alone. */
  notifications: ownAccountProcedure
    .input(NotificationListSchema)
    .query(({ ctx, input }) => listOwnNotifications(ctx.db, ctx.actor, input)),
  markNotificationsRead: ownAccountProcedure.mutation(({ ctx }) => markOwnNotificationsRead(ctx.db, ctx.actor)),
  setDigest: ownAccountProcedure
    .input(DigestPreferenceSchema)
    .mutation(({ ctx, input }) => setOwnDigestPreference(ctx.db, ctx.actor, input)),
});
