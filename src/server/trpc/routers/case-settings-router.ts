import { DeadlineSettingsSchema } from '../../../domain/cases/deadline-settings.ts';
import { deadlineSettingsWithHistory, setDeadlineSettings } from '../../services/cases/deadline-settings-service.ts';
import { procedureFor, router } from '../trpc.ts';

/** The working days each step of a case has, and the declared holidays, are the administrators' to set. */
const adminProcedure = procedureFor('admin');

export const caseSettingsRouter = router({
  deadlines: adminProcedure.query(({ ctx }) => deadlineSettingsWithHistory(ctx.db)),
  setDeadlines: adminProcedure
    .input(DeadlineSettingsSchema)
    .mutation(({ ctx, input }) => setDeadlineSettings(ctx.db, ctx.actor, input)),
});
