import { publicCaseTexts } from '../../services/cases/public-case-queries.ts';
import {
  reviewPublicText,
  ReviewPublicTextSchema,
  textsAwaitingReview,
} from '../../services/privacy/public-text-review-service.ts';
import { formInputOf } from '../form-input.ts';
import { procedureFor, router } from '../trpc.ts';

const analyst = procedureFor('analyst');

/** Flagged texts that wait for an analyst before the public reads them. */
export const publicTextRouter = router({
  awaitingReview: analyst.query(async ({ ctx }) => textsAwaitingReview(ctx.db, await publicCaseTexts(ctx.db))),
  review: analyst
    .input(formInputOf(ReviewPublicTextSchema))
    .mutation(({ ctx, input }) => reviewPublicText(ctx.db, ctx.actor, input)),
});
