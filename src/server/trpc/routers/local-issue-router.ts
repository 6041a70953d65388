import { z } from 'zod';
import { textField } from '../../../domain/text/text-schema.ts';
import {
  exportLocalIssuesCsv,
  getLocalIssue,
  listLocalIssues,
  listRoundOptions,
  LocalIssueExportSchema,
  LocalIssueListQuerySchema,
  suggestTags,
} from '../../services/capture/local-issue-queries.ts';
import {
  ArchiveSchema,
  changeLocalIssueStatus,
  createLocalIssue,
  LocalIssueDraftSchema,
  PersonalDataReviewSchema,
  reviewPersonalData,
  setLocalIssueArchived,
  StatusChangeSchema,
  updateLocalIssue,
  VersionedSchema,
} from '../../services/capture/local-issue-service.ts';
import { LocalIssueSearchSchema, searchLocalIssues } from '../../services/capture/local-issue-search.ts';
import { listTagOptions } from '../../services/taxonomy/tag-service.ts';
import { formInputOf } from '../form-input.ts';
import { procedureFor, router } from '../trpc.ts';

/** Survey and dialogue text can name people: local issues are for staff roles only, each in its scope. */
const staffReader = procedureFor('admin', 'analyst', 'facilitator', 'official');
/** Recording and editing: analysts and admins anywhere, facilitators at their facilities. */
const capturer = procedureFor('admin', 'analyst', 'facilitator');

export const localIssueRouter = router({
  search: staffReader
    .input(LocalIssueSearchSchema)
    .query(({ ctx, input }) => searchLocalIssues(ctx.db, ctx.actor, input)),
  list: staffReader
    .input(LocalIssueListQuerySchema)
    .query(({ ctx, input }) => listLocalIssues(ctx.db, ctx.actor, input)),
  exportCsv: staffReader
    .input(LocalIssueExportSchema)
    .query(({ ctx, input }) => exportLocalIssuesCsv(ctx.db, ctx.actor, input)),
  get: staffReader
    .input(z.object({ id: textField().min(1) }))
    .query(({ ctx, input }) => getLocalIssue(ctx.db, ctx.actor, input.id)),
  roundOptions: capturer
    .input(z.object({ facilityId: textField().min(1) }))
    .query(({ ctx, input }) => listRoundOptions(ctx.db, input.facilityId)),
  tagOptions: staffReader.query(({ ctx }) => listTagOptions(ctx.db)),
  suggestTags: capturer
    .input(z.object({ q: textField().max(80), limit: z.int().min(1).max(20).default(8) }))
    .query(({ ctx, input }) => suggestTags(ctx.db, input.q, input.limit)),
  create: capturer
    .input(formInputOf(LocalIssueDraftSchema))
    .mutation(({ ctx, input }) => createLocalIssue(ctx.db, ctx.actor, input)),
  update: capturer
    .input(formInputOf(LocalIssueDraftSchema).and(VersionedSchema))
    .mutation(({ ctx, input }) => updateLocalIssue(ctx.db, ctx.actor, input)),
  changeStatus: capturer
    .input(StatusChangeSchema)
    .mutation(({ ctx, input }) => changeLocalIssueStatus(ctx.db, ctx.actor, input)),
  setArchived: capturer
    .input(ArchiveSchema)
    .mutation(({ ctx, input }) => setLocalIssueArchived(ctx.db, ctx.actor, input)),
  reviewPersonalData: capturer
    .input(PersonalDataReviewSchema)
    .mutation(({ ctx, input }) => reviewPersonalData(ctx.db, ctx.actor, input)),
});
