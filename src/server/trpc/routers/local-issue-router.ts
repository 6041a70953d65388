import { z } from 'zod';
import { env } from '../../../lib/env.ts';
import { importLocalIssues } from '../../services/import-service.ts';
import { LocalIssueSearchSchema, searchLocalIssues } from '../../services/local-issue-search.ts';
import { procedureFor, router } from '../trpc.ts';

const ImportInputSchema = z.object({
  fileName: z.string().trim().min(1).max(200),
  /** The file's bytes in base64, so that browsers and scripts can send it as JSON too. */
  contentBase64: z.base64(),
  updateExisting: z.boolean().default(false),
});

export const localIssueRouter = router({
  /** Staff only: survey text can name people; each role sees its own scope. */
  search: procedureFor('admin', 'analyst', 'facilitator', 'official')
    .input(LocalIssueSearchSchema)
    .query(({ ctx, input }) => searchLocalIssues(ctx.db, ctx.actor, input)),
  /** All or nothing; a refusal carries every problem (line, column, value, reason) in its details. */
  import: procedureFor('admin', 'analyst', 'facilitator')
    .input(ImportInputSchema)
    .mutation(({ ctx, input }) =>
      importLocalIssues(
        ctx.db,
        {
          fileName: input.fileName,
          bytes: Buffer.from(input.contentBase64, 'base64'),
          updateExisting: input.updateExisting,
          maxBytes: env().IMPORT_MAX_MB * 1_048_576,
        },
        ctx.actor,
      ),
    ),
});
