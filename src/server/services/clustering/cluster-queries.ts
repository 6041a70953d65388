import { z } from 'zod';
import type { Db } from '../../../db/client.ts';
import { dialectOf } from '../../../db/dialect.ts';
import type { Prisma } from '../../../db/generated/sqlite/client.ts';
import type { SignedInActor } from '../../../domain/accounts/actor.ts';
import { keepsRecordsAt } from '../../../domain/accounts/facility-access.ts';
import type { Spread } from '../../../domain/clustering/spread.ts';
import { textField } from '../../../domain/text/text-schema.ts';
import { addDays, fromCalendarDate, todayInSouthAfrica, toCalendarDate } from '../../../lib/calendar-date.ts';
import { judgeClusterEscalation, type EscalationRule } from '../../../domain/clustering/escalation-rule.ts';
import { CLUSTER_STATUSES, ISSUE_SOURCES, PROVINCES, SECTORS, type ClusterStatus } from '../../../domain/vocabulary.ts';
import { PagedExportSchema, pagedCsvChunk, type CsvColumn } from '../../../lib/lists/csv.ts';
import { PageRequestSchema, toPage, toSkipTake } from '../../../lib/lists/pagination.ts';
import { assertReviewsClusters } from './cluster-access.ts';
import { findSimilarIssues } from './duplicate-hint.ts';
import { escalationRule } from './escalation-rule-service.ts';
import type { ClusterExplanation } from './cluster-run-service.ts';
import { historyOf } from '../audit/audit-history.ts';
import { localIssueScope } from '../capture/scope-filters.ts';
import { ServiceError } from '../shared/service-error.ts';

export const CLUSTER_SORTS = ['facilities', 'issues', 'people', 'last_seen', 'provinces'] as const;

export const CLUSTER_SIZES = ['groups', 'single'] as const;

export const ClusterListSchema = PageRequestSchema.extend({
  /** Without it: the clusters an analyst works on (suggested and confirmed). */
  status: z.enum(CLUSTER_STATUSES).optional(),
  candidatesOnly: z.boolean().default(false),
  /** Groups of two or more issues, or the issues that stand alone in a cluster of their own (split off). */
  size: z.enum(CLUSTER_SIZES).default('groups'),
  province: z.enum(PROVINCES).optional(),
  sector: z.enum(SECTORS).optional(),
  q: textField().trim().min(1).max(100).optional(),
  sort: z.enum(CLUSTER_SORTS).default('facilities'),
  /** Widest spread (or latest) first unless asked otherwise. */
  direction: z.enum(['asc', 'desc']).default('desc'),
});

/** A cluster's or a theme's name (the run's or the analyst's) contains the text. */
export function nameContains(db: Db, text: string) {
  const contains = dialectOf(db).containsText(text);
  return [{ label: contains }, { customLabel: contains }];
}

/** The order of a list of clusters or themes by one of their spread's figures (the same columns on both). */
export function spreadOrderOf(sort: (typeof CLUSTER_SORTS)[number], direction: 'asc' | 'desc') {
  switch (sort) {
    case 'facilities':
      return { facilityCount: direction };
    case 'provinces':
      return { provinceCount: direction };
    case 'issues':
      return { issueCount: direction };
    case 'people':
      return { peopleAffected: direction };
    case 'last_seen':
      return { lastSeenOn: { sort: direction, nulls: 'last' as const } };
  }
}

/**
 * Why the escalation rule proposes the cluster, from its spread as it stands now: decisions and placements
 * refresh the spread, while the explanation stays the last run's.
 */
function escalationReasonsOf(
  cluster: { status: ClusterStatus; spread: unknown; explanation: unknown },
  rule: EscalationRule,
): string[] {
  const spread = cluster.spread as Spread | null;
  if (spread) return judgeClusterEscalation(cluster.status, spread, rule).reasons;
  if (cluster.status === 'dismissed' || cluster.status === 'merged') return [];
  return (cluster.explanation as ClusterExplanation | null)?.escalation ?? [];
}

const assertAnalyst = (actor: SignedInActor) => assertReviewsClusters(actor, 'review clusters');

/** Clusters of two or more issues (or of one, when asked), widest spread first. */
export async function listClusters(db: Db, actor: SignedInActor, input: z.input<typeof ClusterListSchema>) {
  assertAnalyst(actor);
  const query = ClusterListSchema.parse(input);
  const memberFilter: Prisma.LocalIssueWhereInput | null =
    query.province || query.sector ? { facility: { province: query.province, sector: query.sector } } : null;
  const where: Prisma.ClusterWhereInput = {
    issueCount: query.size === 'single' ? 1 : { gte: 2 },
    status: query.status ?? { in: ['suggested', 'confirmed'] },
    ...(query.candidatesOnly && { isSystemicCandidate: true }),
    ...(memberFilter && { localIssues: { some: memberFilter } }),
    ...(query.q && {
      OR: nameContains(db, query.q),
    }),
  };
  const [total, clusters, rule] = await Promise.all([
    db.cluster.count({ where }),
    db.cluster.findMany({
      where,
      orderBy: [spreadOrderOf(query.sort, query.direction), { issueCount: 'desc' }, { id: 'asc' }],
      ...toSkipTake(query),
    }),
    escalationRule(db),
  ]);
  return toPage(
    clusters.map((cluster) => ({
      ...cluster,
      name: cluster.customLabel ?? cluster.label,
      explanation: cluster.explanation as unknown as ClusterExplanation | null,
      escalationReasons: escalationReasonsOf(cluster, rule),
    })),
    total,
    query,
  );
}

export const ClusterExportSchema = ClusterListSchema.omit({ page: true, pageSize: true }).extend(
  PagedExportSchema.shape,
);

type ClusterListItem = Awaited<ReturnType<typeof listClusters>>['items'][number];
const CLUSTER_CSV_COLUMNS: readonly CsvColumn<ClusterListItem>[] = [
  { header: 'id', cell: (cluster) => cluster.id },
  { header: 'name', cell: (cluster) => cluster.name },
  { header: 'status', cell: (cluster) => cluster.status },
  { header: 'issues', cell: (cluster) => cluster.issueCount },
  { header: 'facilities', cell: (cluster) => cluster.facilityCount },
  { header: 'provinces', cell: (cluster) => cluster.provinceCount },
  { header: 'people_affected', cell: (cluster) => cluster.peopleAffected },
  { header: 'last_seen', cell: (cluster) => (cluster.lastSeenOn ? toCalendarDate(cluster.lastSeenOn) : '') },
  { header: 'systemic_candidate', cell: (cluster) => (cluster.isSystemicCandidate ? 'yes' : 'no') },
  { header: 'escalation_reasons', cell: (cluster) => cluster.escalationReasons.join('; ') },
];

/** One chunk of the filtered, sorted list of clusters as CSV (/clusters/export.csv). */
export async function exportClustersCsv(db: Db, actor: SignedInActor, input: z.input<typeof ClusterExportSchema>) {
  const { after, ...query } = ClusterExportSchema.parse(input);
  return pagedCsvChunk(CLUSTER_CSV_COLUMNS, after, (request) => listClusters(db, actor, { ...query, ...request }));
}

/**
 * Members a cluster's page lists, the most alike first: a run can gather thousands of issues (8,255 in the
 * largest of the national data set), and a decision about them rests on the closest ones; the figures and the
 * count cover every member. At 500 that page weighed 477 KB (each member is listed, and offered to split and
 * to move); at 100, 156 KB.
 */
export const CLUSTER_MEMBERS_SHOWN = 100;

/**
 * The days an issue's `raisedOn` falls in for `growthOf`'s windows (`fromDaysAgo` to `toDaysAgo` before South
 * African today: after the start, up to and including the end), for the database to count in.
 */
export function raisedOnWithin(now: Date, fromDaysAgo: number, toDaysAgo: number) {
  const end = fromCalendarDate(todayInSouthAfrica(now));
  return { gt: addDays(end, -toDaysAgo), lte: addDays(end, -fromDaysAgo) };
}

/** One cluster with its members grouped by province and facility, its explanation and its history. */
export async function getCluster(db: Db, actor: SignedInActor, id: string, now = new Date()) {
  assertAnalyst(actor);
  const liveMembers = { clusterId: id, archived: false } satisfies Prisma.LocalIssueWhereInput;
  const cluster = await db.cluster.findUnique({
    where: { id },
    include: {
      localIssues: {
        where: { archived: false },
        take: CLUSTER_MEMBERS_SHOWN,
        select: {
          id: true,
          title: true,
          status: true,
          raisedOn: true,
          respondentsCiting: true,
          respondentsAsked: true,
          clusterSimilarity: true,
          clusterPinned: true,
          nearDuplicateOfId: true,
          nearDuplicateOf: { select: { id: true, title: true } },
          facility: { select: { id: true, code: true, name: true, province: true, sector: true } },
        },
        orderBy: [dialectOf(db).descNullsLast('clusterSimilarity'), { id: 'asc' }],
      },
      decisions: { orderBy: { createdAt: 'desc' }, take: 50 },
      cases: { select: { case: { select: { id: true, reference: true, title: true } } } },
      theme: { select: { id: true, label: true, customLabel: true } },
    },
  });
  if (!cluster) throw new ServiceError('not_found', 'There is no such cluster; a later run may have dissolved it.');
  const explanation = cluster.explanation as unknown as ClusterExplanation | null;
  const spread = cluster.spread as Spread | null;
  const raisedWithin = (fromDaysAgo: number, toDaysAgo: number) =>
    db.localIssue.count({ where: { ...liveMembers, raisedOn: raisedOnWithin(now, fromDaysAgo, toDaysAgo) } });
  const [suggestedDepartment, mergedInto, history, sharedTags, rule, memberCount, last90, previous90, facilities] =
    await Promise.all([
      cluster.suggestedDepartmentId
        ? db.department.findUnique({ where: { id: cluster.suggestedDepartmentId }, select: { code: true, name: true } })
        : null,
      cluster.mergedIntoId
        ? db.cluster.findUnique({
            where: { id: cluster.mergedIntoId },
            select: { id: true, label: true, customLabel: true },
          })
        : null,
      historyOf(db, { entityType: 'cluster', entityId: id }),
      db.tag.findMany({ where: { slug: { in: explanation?.sharedTags ?? [] } }, select: { slug: true, name: true } }),
      escalationRule(db),
      // Counted by the database: the largest cluster at national scale has 8,000 members, and reading every
      // member's date took most of the page's time.
      db.localIssue.count({ where: liveMembers }),
      raisedWithin(0, 90),
      raisedWithin(90, 180),
      // A group per facility, as Prisma counts them, took 16 ms for the largest cluster's 3,900 facilities.
      db.$queryRaw<{ facilities: number | bigint }[]>`
        SELECT COUNT(DISTINCT "facilityId") AS facilities FROM "LocalIssue"
        WHERE "clusterId" = ${id} AND "archived" = ${false}`,
    ]);
  const byProvince = new Map<string, Map<string, typeof cluster.localIssues>>();
  for (const issue of cluster.localIssues) {
    const facilities = byProvince.get(issue.facility.province) ?? new Map();
    facilities.set(issue.facility.code, [...(facilities.get(issue.facility.code) ?? []), issue]);
    byProvince.set(issue.facility.province, facilities);
  }
  return {
    ...cluster,
    name: cluster.customLabel ?? cluster.label,
    theme: cluster.theme && { id: cluster.theme.id, name: cluster.theme.customLabel ?? cluster.theme.label },
    explanation,
    spread: spread && { ...spread, raisedLast90Days: last90, raisedPrevious90Days: previous90 },
    /** Live members, of which `localIssues` holds the CLUSTER_MEMBERS_SHOWN most alike. */
    memberCount,
    memberFacilityCount: Number(facilities[0]!.facilities),
    escalationReasons: escalationReasonsOf(cluster, rule),
    escalationRule: rule,
    /** The shared tags with their names, in the explanation's order. */
    sharedTags: (explanation?.sharedTags ?? []).map(
      (slug) => sharedTags.find((tag) => tag.slug === slug) ?? { slug, name: slug },
    ),
    suggestedDepartment,
    mergedInto: mergedInto && { id: mergedInto.id, name: mergedInto.customLabel ?? mergedInto.label },
    history,
    byProvince: [...byProvince]
      .sort((a, b) => (a[0] < b[0] ? -1 : 1))
      .map(([province, facilities]) => ({
        province,
        facilities: [...facilities.values()].map((issues) => ({ facility: issues[0]!.facility, issues })),
      })),
  };
}

const OPTION_SELECT = {
  id: true,
  label: true,
  customLabel: true,
  status: true,
  version: true,
  issueCount: true,
} satisfies Prisma.ClusterSelect;
const OPEN_TO_MEMBERS: Prisma.ClusterWhereInput = {
  issueCount: { gte: 1 },
  status: { in: ['suggested', 'confirmed', 'escalated'] },
};
/** Beyond the clusters most like this one, the largest: a list one can still scroll on a phone. */
const LARGEST_OPTIONS = 200;

/**
 * The other clusters an analyst may merge this one into or move an issue to: first the ones most like
 * it (the likely merges, with how alike they are), then the largest others, by size.
 */
export async function listClusterOptions(db: Db, actor: SignedInActor, excludeId: string) {
  assertAnalyst(actor);
  // As the last clustering run found them: a cluster made since (a split, a placement) has none yet.
  const near = await db.clusterNeighbour.findMany({
    where: { clusterId: excludeId },
    orderBy: { rank: 'asc' },
    select: { nearClusterId: true, similarity: true },
  });
  const nearIds = near.map((cluster) => cluster.nearClusterId);
  const [nearClusters, largest] = await Promise.all([
    db.cluster.findMany({ where: { id: { in: nearIds }, ...OPEN_TO_MEMBERS }, select: OPTION_SELECT }),
    db.cluster.findMany({
      where: { id: { notIn: [excludeId, ...nearIds] }, ...OPEN_TO_MEMBERS },
      select: OPTION_SELECT,
      orderBy: [{ issueCount: 'desc' }, { id: 'asc' }],
      take: LARGEST_OPTIONS,
    }),
  ]);
  const byId = new Map(nearClusters.map((cluster) => [cluster.id, cluster]));
  const option = (cluster: (typeof largest)[number], similarity: number | null) => ({
    ...cluster,
    name: cluster.customLabel ?? cluster.label,
    /** How alike this cluster's members are to it, for the clusters most like this one; null for the others. */
    likeness: similarity === null ? null : { similarity },
  });
  return [
    ...near.flatMap(({ nearClusterId, similarity }) => {
      const cluster = byId.get(nearClusterId);
      return cluster ? [option(cluster, similarity)] : [];
    }),
    ...largest.map((cluster) => option(cluster, null)),
  ];
}

export const CLUSTER_RUN_STATUSES = ['queued', 'running', 'succeeded', 'failed'] as const;

export const ClusterRunListSchema = PageRequestSchema.extend({
  status: z.enum(CLUSTER_RUN_STATUSES).optional(),
  /** Runs queued at or after this moment only (the start page's last seven days). */
  queuedSince: z.coerce.date().optional(),
});

export async function listClusterRuns(db: Db, actor: SignedInActor, input: z.input<typeof ClusterRunListSchema>) {
  assertAnalyst(actor);
  const query = ClusterRunListSchema.parse(input);
  const where: Prisma.ClusterRunWhereInput = {
    status: query.status,
    ...(query.queuedSince && { queuedAt: { gte: query.queuedSince } }),
  };
  const [total, runs] = await Promise.all([
    db.clusterRun.count({ where }),
    db.clusterRun.findMany({ where, orderBy: [{ queuedAt: 'desc' }, { id: 'desc' }], ...toSkipTake(query) }),
  ]);
  return toPage(runs, total, query);
}

export async function getClusterRun(db: Db, actor: SignedInActor, id: string) {
  assertAnalyst(actor);
  const run = await db.clusterRun.findUnique({ where: { id } });
  if (!run) throw new ServiceError('not_found', 'There is no such clustering run.');
  return run;
}

export const SimilarIssuesSchema = z.object({
  facilityId: textField().min(1),
  title: textField().trim().max(200).default(''),
  description: textField().trim().max(5000).default(''),
  tags: z.array(textField().trim().max(80)).max(20).default([]),
  source: z.enum(ISSUE_SOURCES).optional(),
  /** The issue being edited, which is bound to be like itself. */
  excludeLocalIssueId: textField().min(1).optional(),
});

/**
 * The duplicate hint at capture: the existing issues most like what is being recorded, at the same facility
 * and elsewhere, each with the words they share. Issues the actor may not open show only their facility and
 * why they match, never their text.
 */
export async function similarIssues(db: Db, actor: SignedInActor, input: z.input<typeof SimilarIssuesSchema>) {
  const draft = SimilarIssuesSchema.parse(input);
  if (!keepsRecordsAt(actor, draft.facilityId)) {
    throw new ServiceError('forbidden', 'You may ask for similar issues at your own facilities only.');
  }
  if (`${draft.title} ${draft.description}`.trim().length < 3) return { sameFacility: [], elsewhere: [] };
  const found = await findSimilarIssues(db, draft);
  const issues = await db.localIssue.findMany({
    where: {
      id: { in: found.map((similar) => similar.localIssueId).filter((id) => id !== draft.excludeLocalIssueId) },
      archived: false,
    },
    select: {
      id: true,
      title: true,
      status: true,
      facilityId: true,
      facility: { select: { name: true, code: true } },
    },
  });
  const visible = new Set(
    (
      await db.localIssue.findMany({
        where: { AND: [{ id: { in: issues.map((issue) => issue.id) } }, localIssueScope(actor)] },
        select: { id: true },
      })
    ).map((issue) => issue.id),
  );
  const byId = new Map(issues.map((issue) => [issue.id, issue]));
  const shown = found.flatMap((similar) => {
    const issue = byId.get(similar.localIssueId);
    if (!issue) return [];
    // Of an issue the caller may not open: where it is and how alike, never its words.
    const mayOpen = visible.has(issue.id);
    return [
      {
        localIssueId: mayOpen ? issue.id : null,
        title: mayOpen ? issue.title : null,
        facility: mayOpen ? issue.facility : { name: issue.facility.name },
        isSameFacility: issue.facilityId === draft.facilityId,
        similarity: similar.similarity,
        sharedTerms: mayOpen ? similar.sharedTerms : null,
      },
    ];
  });
  return {
    sameFacility: shown.filter((issue) => issue.isSameFacility).slice(0, 5),
    elsewhere: shown.filter((issue) => !issue.isSameFacility).slice(0, 5),
  };
}
