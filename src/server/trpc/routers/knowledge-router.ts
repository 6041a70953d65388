import { z } from 'zod';
import { textField } from '../../../domain/text/text-schema.ts';
import {
  guidanceForTags,
  publicCasesForTags,
  searchKnowledgeBase,
} from '../../services/knowledge/knowledge-service.ts';
import { publicProcedure, router } from '../trpc.ts';

const TagsSchema = z.object({ tags: z.array(textField().trim().min(1).max(60)).max(30) });

export const knowledgeRouter = router({
  search: publicProcedure
    .input(z.object({ q: textField().max(200), limit: z.int().min(1).max(20).default(10) }))
    .query(({ ctx, input }) => searchKnowledgeBase(ctx.actor, input)),
  relatedCases: publicProcedure.input(TagsSchema).query(({ ctx, input }) => publicCasesForTags(ctx.db, input.tags)),
  guidance: publicProcedure.input(TagsSchema).query(({ ctx, input }) => guidanceForTags(ctx.actor, input.tags)),
});
