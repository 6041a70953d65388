import { z } from 'zod';
import { openDataLicenceOf } from '../../../lib/cases/open-data-files.ts';
import { env } from '../../../lib/env.ts';
import { CaseFeedRequestSchema, publicCaseFeed } from '../../services/cases/case-feed-service.ts';
import { OPEN_DATA_FORMATS, openDataFile } from '../../services/cases/open-data-service.ts';
import { publicProcedure, router } from '../trpc.ts';

/** The public outputs that are files rather than pages: the Atom feeds and the open data (docs/PUBLIC.md). */
export const publicOutputRouter = router({
  caseFeed: publicProcedure
    .input(CaseFeedRequestSchema)
    .query(({ ctx, input }) => publicCaseFeed(ctx.db, input, ctx.publicUrl)),
  openData: publicProcedure
    .input(z.object({ format: z.enum(OPEN_DATA_FORMATS) }))
    .query(({ ctx, input }) => openDataFile(ctx.db, input.format, openDataLicenceOf(env()), ctx.publicUrl)),
});
