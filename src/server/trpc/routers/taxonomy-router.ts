import {
  addTag,
  AddTagSchema,
  addTagSynonym,
  exportTaxonomy,
  getTag,
  listTaxonomy,
  mergeTags,
  MergeTagsSchema,
  MergePreviewSchema,
  moveTag,
  MoveTagSchema,
  previewMerge,
  removeTagSynonym,
  renameTag,
  RenameTagSchema,
  setTagRouting,
  TagLookupSchema,
  TagRoutingSchema,
  TagSynonymSchema,
  TaxonomyListSchema,
} from '../../services/taxonomy/taxonomy-service.ts';
import { formInputOf } from '../form-input.ts';
import { procedureFor, router } from '../trpc.ts';

/** DESIGN.md section 1: administrators and analysts keep the taxonomy; the issue counts are internal too. */
const keeper = procedureFor('admin', 'analyst');

export const taxonomyRouter = router({
  list: keeper.input(TaxonomyListSchema).query(({ ctx, input }) => listTaxonomy(ctx.db, ctx.actor, input)),
  get: keeper.input(TagLookupSchema).query(({ ctx, input }) => getTag(ctx.db, ctx.actor, input)),
  export: keeper.query(({ ctx }) => exportTaxonomy(ctx.db, ctx.actor)),
  previewMerge: keeper.input(MergePreviewSchema).query(({ ctx, input }) => previewMerge(ctx.db, ctx.actor, input)),
  add: keeper.input(formInputOf(AddTagSchema)).mutation(({ ctx, input }) => addTag(ctx.db, ctx.actor, input)),
  rename: keeper.input(formInputOf(RenameTagSchema)).mutation(({ ctx, input }) => renameTag(ctx.db, ctx.actor, input)),
  move: keeper.input(MoveTagSchema).mutation(({ ctx, input }) => moveTag(ctx.db, ctx.actor, input)),
  setRouting: keeper.input(TagRoutingSchema).mutation(({ ctx, input }) => setTagRouting(ctx.db, ctx.actor, input)),
  addSynonym: keeper.input(TagSynonymSchema).mutation(({ ctx, input }) => addTagSynonym(ctx.db, ctx.actor, input)),
  removeSynonym: keeper
    .input(TagSynonymSchema)
    .mutation(({ ctx, input }) => removeTagSynonym(ctx.db, ctx.actor, input)),
  merge: keeper.input(MergeTagsSchema).mutation(({ ctx, input }) => mergeTags(ctx.db, ctx.actor, input)),
});
