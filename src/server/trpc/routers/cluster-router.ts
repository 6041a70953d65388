import { z } from 'zod';
import { textField } from '../../../domain/text/text-schema.ts';
import {
  confirmCluster,
  ConfirmClusterSchema,
  dismissCluster,
  DismissClusterSchema,
  mergeClusters,
  MergeClustersSchema,
  moveIssue,
  MoveIssueSchema,
  renameCluster,
  RenameClusterSchema,
  splitCluster,
  SplitClusterSchema,
} from '../../services/clustering/cluster-decision-service.ts';
import {
  ClusterExportSchema,
  ClusterListSchema,
  exportClustersCsv,
  ClusterRunListSchema,
  getCluster,
  getClusterRun,
  listClusterOptions,
  listClusterRuns,
  listClusters,
  similarIssues,
  SimilarIssuesSchema,
} from '../../services/clustering/cluster-queries.ts';
import { queueClusterRun } from '../../services/clustering/cluster-run-service.ts';
import {
  moveProblemToTheme,
  MoveProblemToThemeSchema,
  renameTheme,
  RenameThemeSchema,
} from '../../services/clustering/theme-decision-service.ts';
import { getTheme, listThemeOptions, listThemes, ThemeListSchema } from '../../services/clustering/theme-queries.ts';
import {
  escalationRuleWithHistory,
  EscalationRuleSchema,
  setEscalationRule,
} from '../../services/clustering/escalation-rule-service.ts';
import { formInputOf } from '../form-input.ts';
import { procedureFor, router } from '../trpc.ts';

/** Clusters are the analysts' work (DESIGN.md section 1); administrators may do it too. */
const analyst = procedureFor('admin', 'analyst');
/** The duplicate hint serves whoever records local issues. */
const capturer = procedureFor('admin', 'analyst', 'facilitator');
const Id = z.object({ id: textField().min(1) });

export const clusterRouter = router({
  list: analyst.input(ClusterListSchema).query(({ ctx, input }) => listClusters(ctx.db, ctx.actor, input)),
  exportCsv: analyst.input(ClusterExportSchema).query(({ ctx, input }) => exportClustersCsv(ctx.db, ctx.actor, input)),
  get: analyst.input(Id).query(({ ctx, input }) => getCluster(ctx.db, ctx.actor, input.id)),
  options: analyst.input(Id).query(({ ctx, input }) => listClusterOptions(ctx.db, ctx.actor, input.id)),
  runs: analyst.input(ClusterRunListSchema).query(({ ctx, input }) => listClusterRuns(ctx.db, ctx.actor, input)),
  run: analyst.input(Id).query(({ ctx, input }) => getClusterRun(ctx.db, ctx.actor, input.id)),
  queueRun: analyst.mutation(({ ctx }) => queueClusterRun(ctx.db, ctx.actor)),
  confirm: analyst.input(ConfirmClusterSchema).mutation(({ ctx, input }) => confirmCluster(ctx.db, ctx.actor, input)),
  dismiss: analyst.input(DismissClusterSchema).mutation(({ ctx, input }) => dismissCluster(ctx.db, ctx.actor, input)),
  rename: analyst.input(RenameClusterSchema).mutation(({ ctx, input }) => renameCluster(ctx.db, ctx.actor, input)),
  merge: analyst
    .input(formInputOf(MergeClustersSchema))
    .mutation(({ ctx, input }) => mergeClusters(ctx.db, ctx.actor, input)),
  split: analyst
    .input(formInputOf(SplitClusterSchema))
    .mutation(({ ctx, input }) => splitCluster(ctx.db, ctx.actor, input)),
  moveIssue: analyst
    .input(formInputOf(MoveIssueSchema))
    .mutation(({ ctx, input }) => moveIssue(ctx.db, ctx.actor, input)),
  escalationRule: analyst.query(({ ctx }) => escalationRuleWithHistory(ctx.db)),
  setEscalationRule: analyst
    .input(EscalationRuleSchema)
    .mutation(({ ctx, input }) => setEscalationRule(ctx.db, ctx.actor, input)),
  themes: analyst.input(ThemeListSchema).query(({ ctx, input }) => listThemes(ctx.db, ctx.actor, input)),
  theme: analyst.input(Id).query(({ ctx, input }) => getTheme(ctx.db, ctx.actor, input.id)),
  themeOptions: analyst
    .input(z.object({ excludeId: textField().min(1).nullable() }))
    .query(({ ctx, input }) => listThemeOptions(ctx.db, ctx.actor, input.excludeId)),
  renameTheme: analyst.input(RenameThemeSchema).mutation(({ ctx, input }) => renameTheme(ctx.db, ctx.actor, input)),
  moveProblemToTheme: analyst
    .input(formInputOf(MoveProblemToThemeSchema))
    .mutation(({ ctx, input }) => moveProblemToTheme(ctx.db, ctx.actor, input)),
  similarIssues: capturer.input(SimilarIssuesSchema).query(({ ctx, input }) => similarIssues(ctx.db, ctx.actor, input)),
});
