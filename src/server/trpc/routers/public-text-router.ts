import { textsBeforePublication } from '../../services/privacy/public-text-places.ts';
import { reviewPublicText, ReviewPublicTextSchema } from '../../services/privacy/public-text-review-service.ts';
import { formInputOf } from '../form-input.ts';
import { procedureFor, router } from '../trpc.ts';

const analyst = procedureFor('analyst');

/** Flagged texts that wait for an analyst before the public reads them. */
export const publicTextRouter = router({
  awaitingReview: analyst.query(({ ctx }) => textsBeforePublication(ctx.db)),
  review: analyst
    .input(formInputOf(ReviewPublicTextSchema))
    .mutation(({ ctx, input }) => reviewPublicText(ctx.db, ctx.actor, input)),
});
