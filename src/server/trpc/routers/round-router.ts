import { z } from 'zod';
import { textField } from '../../../domain/text/text-schema.ts';
import {
  createRound,
  getRound,
  RoundCreateSchema,
  RoundUpdateSchema,
  updateRound,
} from '../../services/capture/round-service.ts';
import { formInputOf } from '../form-input.ts';
import { procedureFor, router } from '../trpc.ts';

/** Rounds are kept by analysts and administrators anywhere, facilitators at their facilities. */
const roundKeeper = procedureFor('admin', 'analyst', 'facilitator');

export const roundRouter = router({
  get: roundKeeper
    .input(z.object({ id: textField().min(1) }))
    .query(({ ctx, input }) => getRound(ctx.db, ctx.actor, input.id)),
  create: roundKeeper
    .input(formInputOf(RoundCreateSchema))
    .mutation(({ ctx, input }) => createRound(ctx.db, ctx.actor, input)),
  update: roundKeeper
    .input(formInputOf(RoundUpdateSchema))
    .mutation(({ ctx, input }) => updateRound(ctx.db, ctx.actor, input)),
});
