import { z } from 'zod';
import { textField } from '../../../domain/text/text-schema.ts';
import {
  addCommitment,
  addProgressUpdate,
  CommitmentCreateSchema,
  CommitmentEditSchema,
  CommitmentVersionSchema,
  getCommitment,
  listCharter,
  listCommitmentIssueOptions,
  listOverdueCommitments,
  OverdueExportSchema,
  OverdueQuerySchema,
  exportOverdueCommitmentsCsv,
  ProgressUpdateSchema,
  updateCommitment,
} from '../../services/capture/charter-service.ts';
import { publicCharter } from '../../services/capture/public-charter-queries.ts';
import { formInputOf } from '../form-input.ts';
import { procedureFor, publicProcedure, router } from '../trpc.ts';

/**
 * Charters are kept, and read in full, by analysts and administrators anywhere, facilitators at their facilities;
 * everyone reads them as the public does (every text through the personal-data gate).
 */
const charterKeeper = procedureFor('admin', 'analyst', 'facilitator');
const FacilityInputSchema = z.object({ facilityId: textField().min(1) });

export const charterRouter = router({
  public: publicProcedure.input(FacilityInputSchema).query(({ ctx, input }) => publicCharter(ctx.db, input.facilityId)),
  list: charterKeeper
    .input(FacilityInputSchema)
    .query(({ ctx, input }) => listCharter(ctx.db, ctx.actor, input.facilityId)),
  get: charterKeeper
    .input(z.object({ id: textField().min(1) }))
    .query(({ ctx, input }) => getCommitment(ctx.db, ctx.actor, input.id)),
  issueOptions: charterKeeper
    .input(FacilityInputSchema)
    .query(({ ctx, input }) => listCommitmentIssueOptions(ctx.db, ctx.actor, input.facilityId)),
  overdue: charterKeeper
    .input(OverdueQuerySchema)
    .query(({ ctx, input }) => listOverdueCommitments(ctx.db, ctx.actor, input)),
  exportOverdueCsv: charterKeeper
    .input(OverdueExportSchema)
    .query(({ ctx, input }) => exportOverdueCommitmentsCsv(ctx.db, ctx.actor, input)),
  add: charterKeeper
    .input(formInputOf(CommitmentCreateSchema))
    .mutation(({ ctx, input }) => addCommitment(ctx.db, ctx.actor, input)),
  update: charterKeeper
    .input(formInputOf(CommitmentEditSchema).and(CommitmentVersionSchema))
    .mutation(({ ctx, input }) => updateCommitment(ctx.db, ctx.actor, input)),
  addProgress: charterKeeper
    .input(ProgressUpdateSchema)
    .mutation(({ ctx, input }) => addProgressUpdate(ctx.db, ctx.actor, input)),
});
