import { randomUUID } from 'node:crypto';
import type { Db, Tx } from '../../../db/client.ts';
import { dialectOf, type ColumnSpec, type Dialect } from '../../../db/dialect.ts';
import type { Prisma } from '../../../db/generated/sqlite/client.ts';
import { actorLabel, type SignedInActor } from '../../../domain/accounts/actor.ts';
import {
  clusterRecords,
  DEFAULT_CLUSTERING,
  type ClusteringResult,
  type FoundCluster,
  type NeighbourSearch,
} from '../../../domain/clustering/cluster-records.ts';
import { storedVocabulary } from '../../../domain/clustering/features.ts';
import type { NearGroup } from '../../../domain/clustering/near-groups.ts';
import { suggestDepartment, type DepartmentForSuggestion } from '../../../domain/clustering/department-suggestion.ts';
import { matchEarlierClusters, settleGroups } from '../../../domain/clustering/identity.ts';
import { settleThemes, themeLabelOf, type ThemeSettlement } from '../../../domain/clustering/theme-settlement.ts';
import { spreadOf } from '../../../domain/clustering/spread.ts';
import {
  judgeClusterEscalation,
  judgeThemeEscalation,
  type EscalationRule,
} from '../../../domain/clustering/escalation-rule.ts';
import type { ClusterStatus } from '../../../domain/vocabulary.ts';
import type { RunnerKind } from '../../../domain/jobs/runner-liveness.ts';
import { assertReviewsClusters } from './cluster-access.ts';
import { escalationRule } from './escalation-rule-service.ts';
import { embeddingsOf, type EmbedTexts } from './issue-embedding-service.ts';
import { fromCalendarDate, todayInSouthAfrica } from '../../../lib/calendar-date.ts';
import { recordAudit } from '../audit/audit.ts';
import { bumpClusteringVersion } from './clustering-version.ts';
import {
  loadClusteringTaxonomy,
  loadDepartmentsForSuggestion,
  loadIssuesForClustering,
  type IssueForClustering,
} from './cluster-records.ts';
import { ServiceError } from '../shared/service-error.ts';
import { attemptFields, beginHeartbeat, NO_RUNNER } from '../jobs/run-attempt.ts';
import { pausePoint } from '../../test-hooks/pause-point.ts';

export const CLUSTER_RUN_JOB = 'cluster.run';
export const CLUSTER_PLACE_JOB = 'cluster.place';
/** Queues a full run for the worker; one queued or running run at a time is enough. */
export async function queueClusterRun(db: Db, actor: SignedInActor) {
  assertReviewsClusters(actor, 'start a clustering run');
  return db.$transaction(async (tx) => {
    const queued = await queueRunUnlessPending(tx, { startedById: actor.userId, startedByLabel: actorLabel(actor) });
    if (!queued.isAlreadyQueued) {
      await recordAudit(tx, actor, {
        entityType: 'cluster_run',
        entityId: queued.clusterRunId,
        action: 'cluster_run.queued',
      });
    }
    return queued;
  });
}

/**
 * A full run the system asks for: after a large import, or on first start over the pilot data so
 * that its clusters are there to review. Its audit event is the run's outcome, under this label.
 */
export async function queueSystemClusterRun(db: Db, reason: string) {
  return db.$transaction((tx) => queueRunUnlessPending(tx, { startedByLabel: `the system (${reason})` }));
}

/**
 * A full run after issues left clusters outside a run, in the transaction that changed them: a run already
 * reading read them before, so only one still waiting for the worker will see the change.
 */
export async function queueRunAfterChange(tx: Tx, reason: string) {
  return queueRunUnlessPending(tx, { startedByLabel: `the system (${reason})` }, ['queued']);
}

async function queueRunUnlessPending(
  tx: Tx,
  startedBy: { startedById?: string; startedByLabel: string },
  pendingStatuses: ('queued' | 'running')[] = ['queued', 'running'],
) {
  const pending = await tx.clusterRun.findFirst({ where: { status: { in: pendingStatuses } } });
  if (pending) return { clusterRunId: pending.id, isAlreadyQueued: true };
  const run = await tx.clusterRun.create({ data: startedBy });
  await tx.outboxMessage.create({ data: { kind: CLUSTER_RUN_JOB, payload: { clusterRunId: run.id } } });
  return { clusterRunId: run.id, isAlreadyQueued: false };
}

/** What a cluster's row says of the problem: explanation, spread, the escalation rule's verdict, the owner. */
export function clusterSummary(
  found: FoundCluster,
  issues: readonly IssueForClustering[],
  departments: readonly DepartmentForSuggestion[],
  today: string,
  rule: EscalationRule,
  status: ClusterStatus = 'suggested',
) {
  const members = found.members.map((member) => issues[member.record]!);
  const spread = spreadOf(
    members.map((issue) => issue.spread),
    today,
  );
  const verdict = judgeClusterEscalation(status, spread, rule);
  const owner = suggestDepartment(
    members.map((issue) => issue.owner),
    departments,
  );
  return {
    label: found.label,
    explanation: {
      topTerms: found.topTerms.map(({ term, weight }) => ({ term, weight })),
      sharedTags: found.sharedTags,
      escalation: verdict.reasons,
      department: owner?.reasons ?? [],
    } satisfies ClusterExplanation,
    spread: { ...spread },
    isSystemicCandidate: verdict.isCandidate,
    suggestedDepartmentId: owner?.departmentId ?? null,
    issueCount: spread.issues,
    facilityCount: spread.facilities,
    provinceCount: spread.provinces,
    peopleAffected: spread.peopleAffected,
    lastSeenOn: spread.lastSeen ? fromCalendarDate(spread.lastSeen) : null,
  } satisfies Prisma.ClusterUncheckedUpdateInput;
}

/** What a cluster's `explanation` holds (JSON). */
export interface ClusterExplanation {
  topTerms: { term: string; weight: number }[];
  sharedTags: string[];
  /** Why the escalation rule proposes it; empty when it does not. */
  escalation: string[];
  /** Why its suggested department was suggested. */
  department: string[];
}

/**
 * What a theme's row says of its subject: a cluster's summary over all its issues, named after what they share
 * (themeLabelOf), with its problems and loners counted and the escalation rule's verdict for themes.
 */
export function themeSummary(
  found: FoundCluster,
  issues: readonly IssueForClustering[],
  departments: readonly DepartmentForSuggestion[],
  today: string,
  rule: EscalationRule,
  {
    problemCount,
    lonerCount,
    tagName,
  }: { problemCount: number; lonerCount: number; tagName: (slug: string) => string | undefined },
) {
  const summary = clusterSummary(found, issues, departments, today, rule);
  const verdict = judgeThemeEscalation(summary.spread, problemCount, rule);
  return {
    ...summary,
    label: themeLabelOf(found, tagName),
    explanation: { ...summary.explanation, escalation: verdict.reasons },
    isSystemicCandidate: verdict.isCandidate,
    problemCount,
    lonerCount,
  } satisfies Prisma.ThemeUncheckedUpdateInput;
}

interface FinalCluster {
  id: string;
  isNew: boolean;
  found: FoundCluster;
}

/**
 * Decides the clusters of a run: the engine's groups, less the issues analysts pinned elsewhere, plus the
 * issues that join the clusters analysts decided on; each group takes the id of an earlier cluster when the
 * members they share are a majority of both, so clusters keep their identity and address and the identity
 * follows the members (`matchEarlierClusters`).
 */
function settleRun(
  issues: readonly IssueForClustering[],
  result: ClusteringResult,
  earlierStatus: ReadonlyMap<string, string>,
): FinalCluster[] {
  const indexOf = new Map(issues.map((issue, index) => [issue.id, index]));
  const groups = result.clusters
    .filter((cluster) => cluster.members.length > 1)
    .map((cluster) => cluster.members.map((member) => issues[member.record]!.id));
  const pinned = issues.flatMap((issue) =>
    issue.isPinned && issue.clusterId ? [{ issue: issue.id, cluster: issue.clusterId }] : [],
  );
  const settled = settleGroups(groups, pinned);

  const decided = new Map<string, string[]>();
  for (const { issue, cluster } of pinned) decided.set(cluster, [...(decided.get(cluster) ?? []), issue]);
  for (const [cluster, joining] of settled.joining) decided.set(cluster, [...(decided.get(cluster) ?? []), ...joining]);

  // Earlier clusters no analyst decided on lend their ids by overlap with the unpinned members they had.
  const earlierMembers = new Map<string, string[]>();
  for (const issue of issues) {
    if (issue.clusterId && !issue.isPinned && !decided.has(issue.clusterId)) {
      earlierMembers.set(issue.clusterId, [...(earlierMembers.get(issue.clusterId) ?? []), issue.id]);
    }
  }
  const ids = matchEarlierClusters(
    [...earlierMembers].map(([id, members]) => ({ id, members })),
    settled.free,
  );
  const final: FinalCluster[] = [];
  for (const [id, members] of decided) {
    if (!earlierStatus.has(id)) continue;
    final.push({ id, isNew: false, found: result.describe(members.map((member) => indexOf.get(member)!)) });
  }
  settled.free.forEach((members, index) => {
    if (members.length < 2) return;
    const id = ids[index] ?? randomUUID();
    final.push({
      id,
      isNew: ids[index] === null,
      found: result.describe(members.map((member) => indexOf.get(member)!)),
    });
  });
  return final;
}

export interface ClusterRunOptions {
  search?: NeighbourSearch;
  /** The sentence encoder, when semantic similarity is on (CLUSTER_SEMANTIC): its vectors join the words'. */
  embed?: EmbedTexts;
  now?: Date;
  /** Where the run runs, as recorded on it for the sweep: the worker, or `npm run cluster:run`. */
  runnerKind?: RunnerKind;
}

/** How often, at most, a run's embedding progress is written to its row. */
const PROGRESS_EVERY_MS = 1_000;

const TAKEN_MESSAGE =
  'This attempt was taken for stopped (its worker was silent too long) and the run was queued again; nothing was written.';

/** The run's writes by one attempt: each requires the attempt's token, and fails when the run is no longer its. */
function attemptWrites(db: Db, clusterRunId: string, token: string) {
  const where = { id: clusterRunId, runnerToken: token };
  return {
    where,
    async update(data: Prisma.ClusterRunUpdateManyMutationInput, client: Db | Tx = db) {
      const { count } = await client.clusterRun.updateMany({ where, data });
      if (count === 0) throw new ServiceError('refused', TAKEN_MESSAGE);
    },
  };
}

/**
 * A full run over every live local issue, for the worker: takes the run if it is queued (recording this
 * process on it, with a heartbeat, for the sweep in cluster-sweep.ts), reads the issues, clusters them
 * (outside any transaction: it takes seconds), then writes the clusters and every issue's membership in one
 * transaction, keeping the analysts' decisions. Progress is on the run's row. A run that is not queued (ended,
 * or another attempt has it) is returned as it is.
 */
export async function runClustering(db: Db, clusterRunId: string, options: ClusterRunOptions = {}) {
  const now = options.now ?? new Date();
  const run = await db.clusterRun.findUnique({ where: { id: clusterRunId } });
  if (!run) throw new ServiceError('not_found', `There is no clustering run ${clusterRunId}.`);
  const fields = attemptFields(options.runnerKind ?? 'worker', now);
  const { count: taken } = await db.clusterRun.updateMany({
    where: { id: clusterRunId, status: 'queued', runnerToken: null },
    data: {
      ...fields,
      status: 'running',
      phase: 'reading',
      startedAt: now,
      isSemantic: options.embed !== undefined,
      workerStarts: { increment: 1 },
    },
  });
  if (taken === 0) return run;
  const writes = attemptWrites(db, clusterRunId, fields.runnerToken);
  const attempt = beginHeartbeat(db, fields.runnerToken, () =>
    db.clusterRun.updateMany({ where: writes.where, data: { heartbeatAt: new Date() } }),
  );
  const phase = (name: string, data: Prisma.ClusterRunUpdateManyMutationInput = {}) =>
    writes.update({ phase: name, ...data });
  try {
    const [taxonomy, departments, rule] = await Promise.all([
      loadClusteringTaxonomy(db),
      loadDepartmentsForSuggestion(db),
      escalationRule(db),
    ]);
    // Clusters whose members changed before this read are up to date once this run is written.
    const readAt = new Date();
    const issues = await loadIssuesForClustering(db, taxonomy);
    if (options.embed) {
      await phase('embedding', { issueCount: issues.length });
      await embedIssues(db, writes.where, issues, options.embed);
    }
    await phase('clustering', { issueCount: issues.length });
    const result = await clusterRecords(
      issues.map((issue) => issue.record),
      taxonomy.ancestorsOf,
      // Themes too (at 100,000 issues some 150 MB and 4 to 7 s more, docs/CLUSTERING.md).
      DEFAULT_CLUSTERING,
      options.search,
    );
    await phase('writing');
    const earlier = await db.cluster.findMany({ select: { id: true, status: true, themeId: true, themePinned: true } });
    const statusOf = new Map(earlier.map((cluster) => [cluster.id, cluster.status]));
    const final = settleRun(issues, result, statusOf);
    const themes = settleRunThemes(issues, result, final, earlier);
    const nearest = result.nearGroups(
      final.map((cluster) => cluster.found.members.map((member) => member.record)),
      NEAREST_CLUSTERS_KEPT,
    );
    const today = todayInSouthAfrica(now);
    const dialect = dialectOf(db);
    await attempt.whileWriting(() =>
      db.$transaction(
        async (tx) => {
          // Themes first: the clusters and issues point to them.
          await writeThemes(tx, dialect, themes, final, issues, result, { departments, today, rule, taxonomy });
          await writeClusters(tx, dialect, final, themes, issues, { departments, today, rule, statusOf });
          await writeNearestClusters(tx, dialect, final, nearest);
          // The latest run's alone: the duplicate hint reads no other.
          await tx.clusteringVocabulary.deleteMany({});
          await tx.clusteringVocabulary.create({
            data: { clusterRunId, features: storedVocabulary(result.vocabulary) },
          });
          pausePoint('cluster-run:after-memberships');
          // Themes left without issues go, unless an analyst named them or moved a problem into them (their
          // decisions keep them, empty, for a later run to fill).
          await tx.theme.deleteMany({ where: { issueCount: 0, customLabel: null, decisions: { none: {} } } });
          await tx.cluster.updateMany({
            where: { membersChangedAt: { lte: readAt } },
            data: { membersChangedAt: null },
          });
          // Fenced: a run the sweep gave back meanwhile rolls this whole transaction back.
          await writes.update(
            {
              ...NO_RUNNER,
              status: 'succeeded',
              phase: 'done',
              clusterCount: final.length,
              finishedAt: new Date(),
              message: null,
            },
            tx,
          );
          await recordAudit(
            tx,
            { userId: run.startedById, label: run.startedByLabel },
            {
              entityType: 'cluster_run',
              entityId: clusterRunId,
              action: 'cluster_run.succeeded',
              changes: { issues: issues.length, clusters: final.length, themes: themes.themes.length },
            },
          );
          await bumpClusteringVersion(tx);
        },
        { timeout: 10 * 60_000, maxWait: 60_000 },
      ),
    );
    return db.clusterRun.findUniqueOrThrow({ where: { id: clusterRunId } });
  } catch (error) {
    // Only while the run is still this attempt's: one the sweep gave back belongs to the next attempt.
    await db.clusterRun.updateMany({
      where: writes.where,
      data: {
        ...NO_RUNNER,
        phase: 'done',
        status: 'failed',
        finishedAt: new Date(),
        message: String((error as Error).message).slice(0, 1000),
      },
    });
    throw error;
  } finally {
    attempt.stop();
  }
}

/** Gives every issue its sentence embedding (stored, or made now), with the count on the run's row. */
async function embedIssues(db: Db, run: Prisma.ClusterRunWhereInput, issues: IssueForClustering[], embed: EmbedTexts) {
  let written = Date.now();
  // Progress is written beside the work, one write at a time, and never after the last count.
  let writing: Promise<unknown> = Promise.resolve();
  const vectors = await embeddingsOf(
    db,
    embed,
    issues.map((issue) => ({ id: issue.id, ...issue.record })),
    (done) => {
      if (Date.now() - written < PROGRESS_EVERY_MS) return;
      written = Date.now();
      writing = writing.then(() =>
        db.clusterRun.updateMany({ where: run, data: { embeddedCount: done } }).catch(() => {}),
      );
    },
  );
  await writing;
  issues.forEach((issue, index) => (issue.record = { ...issue.record, embedding: vectors[index]! }));
  await db.clusterRun.updateMany({ where: run, data: { embeddedCount: issues.length } });
}

async function writeClusters(
  tx: Tx,
  dialect: Dialect,
  final: readonly FinalCluster[],
  themes: ThemeSettlement,
  issues: readonly IssueForClustering[],
  {
    departments,
    today,
    rule,
    statusOf,
  }: {
    departments: readonly DepartmentForSuggestion[];
    today: string;
    rule: EscalationRule;
    statusOf: ReadonlyMap<string, ClusterStatus>;
  },
) {
  // Every cluster starts the run empty; those the run fills get their figures back below.
  await tx.cluster.updateMany({
    where: { status: { not: 'merged' } },
    data: { issueCount: 0, facilityCount: 0, provinceCount: 0, peopleAffected: 0, isSystemicCandidate: false },
  });
  const assignments = new Map<string, [string, number, string | null]>();
  const created: Prisma.ClusterCreateManyInput[] = [];
  const kept: unknown[][] = [];
  const stamp = dialect.dateValue(new Date());
  for (const cluster of final) {
    const summary = clusterSummary(cluster.found, issues, departments, today, rule, statusOf.get(cluster.id));
    const themeId = themes.themeOfProblem.get(cluster.id) ?? null;
    if (cluster.isNew) created.push({ id: cluster.id, ...summary, themeId });
    else kept.push([...summaryRow(cluster.id, summary, dialect, stamp), themeId]);
    const repeats = new Map<number, number>();
    for (const [a, b] of cluster.found.nearDuplicates) {
      // The later report repeats the earlier one (by the day raised, then by id).
      const [first, second] = [a, b].sort(
        (x, y) =>
          (issues[x]!.spread.raisedOn ?? '').localeCompare(issues[y]!.spread.raisedOn ?? '') ||
          issues[x]!.id.localeCompare(issues[y]!.id),
      );
      repeats.set(second!, first!);
    }
    for (const member of cluster.found.members) {
      const duplicateOf = repeats.get(member.record);
      assignments.set(issues[member.record]!.id, [
        cluster.id,
        member.similarity,
        duplicateOf === undefined ? null : issues[duplicateOf]!.id,
      ]);
    }
  }
  for (let start = 0; start < created.length; start += 1_000) {
    await tx.cluster.createMany({ data: created.slice(start, start + 1_000) });
  }
  await dialect.updateRows(tx, 'Cluster', [...SUMMARY_COLUMNS, { name: 'themeId' }], kept);
  const rows = issues.map((issue, index) => {
    const assigned = assignments.get(issue.id);
    return [
      issue.id,
      assigned?.[0] ?? null,
      assigned?.[1] ?? null,
      assigned?.[2] ?? null,
      themes.themeOfRecord[index] ?? null,
    ];
  });
  await dialect.updateRows(tx, 'LocalIssue', MEMBERSHIP_COLUMNS, rows);
  // Suggested clusters left without members go; those an analyst decided on or a case names stay, empty.
  await tx.cluster.deleteMany({
    where: { issueCount: 0, status: 'suggested', decisions: { none: {} }, cases: { none: {} } },
  });
}

/** How many of the clusters most like each cluster a run keeps (`ClusterNeighbour`). */
const NEAREST_CLUSTERS_KEPT = 10;

async function writeNearestClusters(
  tx: Tx,
  dialect: Dialect,
  final: readonly FinalCluster[],
  nearest: readonly NearGroup[][],
) {
  await tx.clusterNeighbour.deleteMany({});
  const rows = final.flatMap((cluster, index) =>
    nearest[index]!.map((near, rank) => [cluster.id, final[near.group]!.id, rank + 1, near.similarity]),
  );
  await dialect.insertRows(tx, 'ClusterNeighbour', NEIGHBOUR_COLUMNS, rows);
}

const NEIGHBOUR_COLUMNS: readonly ColumnSpec[] = [
  { name: 'clusterId' },
  { name: 'nearClusterId' },
  { name: 'rank', pgType: 'integer' },
  { name: 'similarity', pgType: 'double precision' },
];

/** A kept cluster's new summary, for one batched update ([id, ...SUMMARY_COLUMNS]). */
function summaryRow(id: string, summary: ReturnType<typeof clusterSummary>, dialect: Dialect, stamp: string) {
  return [
    id,
    summary.label,
    JSON.stringify(summary.explanation),
    JSON.stringify(summary.spread),
    summary.isSystemicCandidate,
    summary.suggestedDepartmentId,
    summary.issueCount,
    summary.facilityCount,
    summary.provinceCount,
    summary.peopleAffected,
    summary.lastSeenOn && dialect.dateValue(summary.lastSeenOn),
    stamp,
  ];
}

const SUMMARY_COLUMNS: readonly ColumnSpec[] = [
  { name: 'label' },
  { name: 'explanation', pgType: 'jsonb' },
  { name: 'spread', pgType: 'jsonb' },
  { name: 'isSystemicCandidate', pgType: 'boolean' },
  { name: 'suggestedDepartmentId' },
  { name: 'issueCount', pgType: 'integer' },
  { name: 'facilityCount', pgType: 'integer' },
  { name: 'provinceCount', pgType: 'integer' },
  { name: 'peopleAffected', pgType: 'integer' },
  { name: 'lastSeenOn', pgType: 'timestamp(3)' },
  { name: 'updatedAt', pgType: 'timestamp(3)' },
];

/** [issue id, cluster id, similarity to it, id of the issue it repeats, theme id]. */
const MEMBERSHIP_COLUMNS: readonly ColumnSpec[] = [
  { name: 'clusterId' },
  { name: 'clusterSimilarity', pgType: 'double precision' },
  { name: 'nearDuplicateOfId' },
  { name: 'themeId' },
];

/**
 * The themes of a run over its final problems: see settleThemes. A problem an analyst moved to a theme keeps it;
 * each issue's theme before the run lends the themes their ids.
 */
function settleRunThemes(
  issues: readonly IssueForClustering[],
  result: ClusteringResult,
  final: readonly FinalCluster[],
  earlier: readonly { id: string; themeId: string | null; themePinned: boolean }[],
): ThemeSettlement {
  const pinnedTheme = new Map(
    earlier.flatMap((cluster) => (cluster.themePinned && cluster.themeId ? [[cluster.id, cluster.themeId]] : [])),
  );
  return settleThemes({
    issueIds: issues.map((issue) => issue.id),
    engineThemeOf: result.themeOf,
    problems: final.map((cluster) => ({
      id: cluster.id,
      members: cluster.found.members.map((member) => member.record),
      pinnedThemeId: pinnedTheme.get(cluster.id) ?? null,
    })),
    earlierThemeOf: issues.map((issue) => issue.themeId),
    newId: randomUUID,
  });
}

/** Writes the run's themes: new ones created, kept ones updated, the others emptied. */
async function writeThemes(
  tx: Tx,
  dialect: Dialect,
  settled: ThemeSettlement,
  final: readonly FinalCluster[],
  issues: readonly IssueForClustering[],
  result: ClusteringResult,
  context: {
    departments: readonly DepartmentForSuggestion[];
    today: string;
    rule: EscalationRule;
    taxonomy: { nameOf: (slug: string) => string | undefined };
  },
) {
  await tx.theme.updateMany({
    data: { issueCount: 0, facilityCount: 0, provinceCount: 0, peopleAffected: 0, problemCount: 0, lonerCount: 0 },
  });
  const problemsOf = new Map<string, number>();
  const inProblem = new Uint8Array(issues.length);
  for (const cluster of final) {
    const theme = settled.themeOfProblem.get(cluster.id)!;
    problemsOf.set(theme, (problemsOf.get(theme) ?? 0) + 1);
    for (const member of cluster.found.members) inProblem[member.record] = 1;
  }
  const created: Prisma.ThemeCreateManyInput[] = [];
  const kept: unknown[][] = [];
  const stamp = dialect.dateValue(new Date());
  for (const theme of settled.themes) {
    const found = theme.engineTheme === null ? result.describe(theme.members) : result.themes[theme.engineTheme]!;
    const summary = themeSummary(found, issues, context.departments, context.today, context.rule, {
      problemCount: problemsOf.get(theme.id) ?? 0,
      lonerCount: theme.members.filter((record) => !inProblem[record]).length,
      tagName: context.taxonomy.nameOf,
    });
    if (theme.isNew) created.push({ id: theme.id, ...summary });
    else kept.push([...summaryRow(theme.id, summary, dialect, stamp), summary.problemCount, summary.lonerCount]);
  }
  for (let start = 0; start < created.length; start += 1_000) {
    await tx.theme.createMany({ data: created.slice(start, start + 1_000) });
  }
  await dialect.updateRows(tx, 'Theme', THEME_SUMMARY_COLUMNS, kept);
}

const THEME_SUMMARY_COLUMNS: readonly ColumnSpec[] = [
  ...SUMMARY_COLUMNS,
  { name: 'problemCount', pgType: 'integer' },
  { name: 'lonerCount', pgType: 'integer' },
];
