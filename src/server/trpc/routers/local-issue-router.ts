import { LocalIssueSearchSchema, searchLocalIssues } from '../../services/local-issue-search.ts';
import { procedureFor, router } from '../trpc.ts';

export const localIssueRouter = router({
  /** Staff only: survey text can name people; each role sees its own scope. */
  search: procedureFor('admin', 'analyst', 'facilitator', 'official')
    .input(LocalIssueSearchSchema)
    .query(({ ctx, input }) => searchLocalIssues(ctx.db, ctx.actor, input)),
});
