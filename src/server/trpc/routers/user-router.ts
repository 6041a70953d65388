import { z } from 'zod';
import { textField } from '../../../domain/text/text-schema.ts';
import {
  getUser,
  inviteUser,
  listUsers,
  NewUserSchema,
  setUserActive,
  updateUserAccess,
  UpdateAccessSchema,
  UserListQuerySchema,
} from '../../services/accounts/user-service.ts';
import { formInputOf } from '../form-input.ts';
import { procedureFor, router } from '../trpc.ts';

const adminProcedure = procedureFor('admin');
const UserIdSchema = z.object({ userId: textField().min(1) });

export const userRouter = router({
  list: adminProcedure.input(UserListQuerySchema).query(({ ctx, input }) => listUsers(ctx.db, input)),
  get: adminProcedure.input(UserIdSchema).query(({ ctx, input }) => getUser(ctx.db, input.userId)),
  invite: adminProcedure
    .input(formInputOf(NewUserSchema))
    .mutation(({ ctx, input }) => inviteUser(ctx.db, input, ctx.actor, { publicUrl: ctx.publicUrl })),
  updateAccess: adminProcedure
    .input(formInputOf(UpdateAccessSchema))
    .mutation(({ ctx, input }) => updateUserAccess(ctx.db, input, ctx.actor)),
  deactivate: adminProcedure
    .input(UserIdSchema.extend({ reason: textField().trim().max(500).optional() }))
    .mutation(({ ctx, input }) => setUserActive(ctx.db, { ...input, active: false }, ctx.actor)),
  reactivate: adminProcedure
    .input(UserIdSchema)
    .mutation(({ ctx, input }) => setUserActive(ctx.db, { ...input, active: true }, ctx.actor)),
});
