import { z } from 'zod';
import { textField } from '../../../domain/text/text-schema.ts';
import { CaseListSchema, casePage, listCases } from '../../services/cases/case-queries.ts';
import { moveCase, MoveCaseSchema } from '../../services/cases/case-workflow-service.ts';
import { DashboardSchema, recentCaseDashboard } from '../../services/cases/dashboard-service.ts';
import {
  caseDraft,
  editCase,
  EditCaseSchema,
  EvidenceSourceSchema,
  openCase,
  OpenCaseSchema,
} from '../../services/cases/escalation-service.ts';
import {
  addResponseAction,
  AddResponseActionSchema,
  commentOnCase,
  CommentSchema,
  updateResponseAction,
  UpdateResponseActionSchema,
} from '../../services/cases/response-plan-service.ts';
import {
  listPublicCases,
  publicCaseFilterOptions,
  publicCasePage,
  PublicCaseListSchema,
} from '../../services/cases/public-case-queries.ts';
import { FollowUpFindingSchema, recordFollowUpFinding } from '../../services/cases/follow-up-service.ts';
import { formInputOf } from '../form-input.ts';
import { procedureFor, publicProcedure, router } from '../trpc.ts';

/** Analysts open cases; a case's page and moves are for those the case concerns (the services say "not found" to the rest). */
const analyst = procedureFor('analyst');
const caseWorker = procedureFor('analyst', 'official');
const Reference = z.object({ reference: textField().min(1).max(40) });

export const caseRouter = router({
  list: procedureFor('admin', 'analyst', 'official')
    .input(CaseListSchema)
    .query(({ ctx, input }) => listCases(ctx.db, ctx.actor, input)),
  dashboard: procedureFor('admin', 'analyst', 'official')
    .input(DashboardSchema)
    .query(({ ctx, input }) => recentCaseDashboard(ctx.db, ctx.actor, input)),
  /** Public cases, as anyone may read them (the public view: src/domain/cases/public-case.ts). */
  publicList: publicProcedure.input(PublicCaseListSchema).query(({ ctx, input }) => listPublicCases(ctx.db, input)),
  publicFilters: publicProcedure.query(({ ctx }) => publicCaseFilterOptions(ctx.db)),
  publicView: publicProcedure.input(Reference).query(({ ctx, input }) => publicCasePage(ctx.db, input.reference)),
  get: publicProcedure.input(Reference).query(({ ctx, input }) => casePage(ctx.db, ctx.actor, input.reference)),
  draft: analyst.input(EvidenceSourceSchema).query(({ ctx, input }) => caseDraft(ctx.db, ctx.actor, input)),
  open: analyst
    .input(formInputOf(OpenCaseSchema))
    .mutation(({ ctx, input }) => openCase(ctx.db, ctx.actor, input, new Date(), ctx.publicUrl)),
  edit: analyst.input(formInputOf(EditCaseSchema)).mutation(({ ctx, input }) => editCase(ctx.db, ctx.actor, input)),
  move: caseWorker
    .input(formInputOf(MoveCaseSchema))
    .mutation(({ ctx, input }) => moveCase(ctx.db, ctx.actor, input, new Date(), ctx.publicUrl)),
  addAction: caseWorker
    .input(formInputOf(AddResponseActionSchema))
    .mutation(({ ctx, input }) => addResponseAction(ctx.db, ctx.actor, input)),
  updateAction: caseWorker
    .input(formInputOf(UpdateResponseActionSchema))
    .mutation(({ ctx, input }) => updateResponseAction(ctx.db, ctx.actor, input)),
  comment: caseWorker
    .input(formInputOf(CommentSchema))
    .mutation(({ ctx, input }) => commentOnCase(ctx.db, ctx.actor, input)),
  recordFinding: analyst
    .input(formInputOf(FollowUpFindingSchema))
    .mutation(({ ctx, input }) => recordFollowUpFinding(ctx.db, ctx.actor, input)),
});
