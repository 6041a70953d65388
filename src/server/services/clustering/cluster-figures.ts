import type { Tx } from '../../../db/client.ts';
import type { Prisma } from '../../../db/generated/sqlite/client.ts';
import type { ClusterStatus } from '../../../domain/vocabulary.ts';
import { clusterLabelOf } from '../../../domain/clustering/cluster-records.ts';
import { suggestDepartment } from '../../../domain/clustering/department-suggestion.ts';
import { spreadOf } from '../../../domain/clustering/spread.ts';
import { judgeClusterEscalation, judgeThemeEscalation } from '../../../domain/clustering/escalation-rule.ts';
import { escalationRule } from './escalation-rule-service.ts';
import { fromCalendarDate, todayInSouthAfrica, toCalendarDate } from '../../../lib/calendar-date.ts';
import { loadDepartmentsForSuggestion } from './cluster-records.ts';
import { queueRunAfterChange, type ClusterExplanation } from './cluster-run-service.ts';

/**
 * Works a cluster's figures out again from its live members, after a placement, an analyst's decision or
 * a removal changed them (a full run writes them with everything else): the spread, the escalation rule's
 * verdict, the suggested owner with its reasons, and the name when no member bears it any more (the title
 * of the member most like the others, as the run names a cluster). The words and shared tags stay the
 * run's.
 */
export async function refreshClusterFigures(tx: Tx, clusterId: string, now = new Date()): Promise<void> {
  // One after another: a transaction holds one connection, and PostgreSQL's driver warns (and will refuse) when a
  // query is sent on it while another is still running.
  const cluster = await tx.cluster.findUniqueOrThrow({
    where: { id: clusterId },
    select: { label: true, explanation: true, status: true, themeId: true },
  });
  const members = await tx.localIssue.findMany({
    where: { clusterId, archived: false },
    select: FIGURE_FIELDS,
    orderBy: [{ clusterSimilarity: { sort: 'desc', nulls: 'last' } }, { id: 'asc' }],
  });
  const figures = await figuresOf(tx, members, cluster.status, now);
  const labels = new Set(members.map(clusterLabelOf));
  const explanation = cluster.explanation as ClusterExplanation | null;
  await tx.cluster.update({
    where: { id: clusterId },
    data: {
      // Members come most alike first: the first is the one the run would name the cluster after.
      ...(members.length > 0 && !labels.has(cluster.label) && { label: clusterLabelOf(members[0]!) }),
      ...(explanation && {
        explanation: { ...explanation, escalation: figures.reasons, department: figures.departmentReasons },
      }),
      ...figures.columns,
    },
  });
  await keepMembersInTheme(tx, clusterId, cluster.themeId, now);
}

/** What a cluster's or a theme's figures are read from, per live member. */
const FIGURE_FIELDS = {
  title: true,
  description: true,
  clusterId: true,
  raisedOn: true,
  respondentsCiting: true,
  priorityVotes: true,
  rootCauses: { select: { level: true } },
  tags: { select: { tag: { select: { routingDepartmentId: true } } } },
  facility: { select: { code: true, province: true, sector: true, departmentId: true } },
} satisfies Prisma.LocalIssueSelect;

type FigureMember = Prisma.LocalIssueGetPayload<{ select: typeof FIGURE_FIELDS }>;

/** The spread, the escalation rule's verdict and the suggested owner of these members, as columns to write. */
async function figuresOf(tx: Tx, members: readonly FigureMember[], status: ClusterStatus, now: Date) {
  const departments = await loadDepartmentsForSuggestion(tx);
  const rule = await escalationRule(tx);
  const spread = spreadOf(
    members.map((member) => ({
      facility: member.facility.code,
      province: member.facility.province,
      sector: member.facility.sector,
      department: member.facility.departmentId,
      peopleAffected: member.respondentsCiting ?? member.priorityVotes ?? 0,
      raisedOn: toCalendarDate(member.raisedOn),
      rootCauseLevels: member.rootCauses.map((cause) => cause.level),
    })),
    todayInSouthAfrica(now),
  );
  const verdict = judgeClusterEscalation(status, spread, rule);
  const owner = suggestDepartment(
    members.map((member) => ({
      routedDepartmentIds: member.tags.flatMap((link) => link.tag.routingDepartmentId ?? []),
      facilityDepartmentId: member.facility.departmentId,
      facilitySector: member.facility.sector,
      rootCauseLevels: member.rootCauses.map((cause) => cause.level),
    })),
    departments,
  );
  return {
    spread,
    rule,
    reasons: verdict.reasons,
    departmentReasons: owner?.reasons ?? [],
    columns: {
      spread: { ...spread },
      isSystemicCandidate: verdict.isCandidate,
      suggestedDepartmentId: owner?.departmentId ?? null,
      issueCount: spread.issues,
      facilityCount: spread.facilities,
      provinceCount: spread.provinces,
      peopleAffected: spread.peopleAffected,
      lastSeenOn: spread.lastSeen ? fromCalendarDate(spread.lastSeen) : null,
    },
  };
}

/**
 * Every member of a problem has its problem's theme: members that came from elsewhere (a merge, a move, a
 * placement) take it, and the themes they left and this one get their figures again.
 */
async function keepMembersInTheme(tx: Tx, clusterId: string, themeId: string | null, now: Date): Promise<void> {
  if (themeId === null) return;
  const arriving = await tx.localIssue.findMany({
    where: { clusterId, OR: [{ themeId: null }, { themeId: { not: themeId } }] },
    select: { themeId: true },
    distinct: ['themeId'],
  });
  if (arriving.length === 0) return;
  await tx.localIssue.updateMany({
    where: { clusterId, OR: [{ themeId: null }, { themeId: { not: themeId } }] },
    data: { themeId },
  });
  for (const left of arriving) if (left.themeId) await refreshThemeFigures(tx, left.themeId, now);
  await refreshThemeFigures(tx, themeId, now);
}

/**
 * Works a theme's figures out again from its live issues, after a decision or a placement changed them: the
 * spread, its problems and loners, the escalation rule's verdict (a theme of two problems or more only, as a
 * run judges it) and the suggested owner. Its name and words stay the run's.
 */
export async function refreshThemeFigures(tx: Tx, themeId: string, now = new Date()): Promise<void> {
  const theme = await tx.theme.findUnique({ where: { id: themeId }, select: { explanation: true } });
  if (!theme) return;
  const members = await tx.localIssue.findMany({ where: { themeId, archived: false }, select: FIGURE_FIELDS });
  const sizes = new Map<string, number>();
  for (const member of members)
    if (member.clusterId) sizes.set(member.clusterId, (sizes.get(member.clusterId) ?? 0) + 1);
  const problems = [...sizes.values()].filter((size) => size >= 2);
  const problemCount = problems.length;
  const figures = await figuresOf(tx, members, 'suggested', now);
  const verdict = judgeThemeEscalation(figures.spread, problemCount, figures.rule);
  const explanation = theme.explanation as ClusterExplanation | null;
  await tx.theme.update({
    where: { id: themeId },
    data: {
      ...(explanation && {
        explanation: { ...explanation, escalation: verdict.reasons, department: figures.departmentReasons },
      }),
      ...figures.columns,
      isSystemicCandidate: verdict.isCandidate,
      problemCount,
      lonerCount: members.length - problems.reduce((total, size) => total + size, 0),
    },
  });
}

/**
 * Issues left these clusters outside a run (an import rolled back, an issue archived or brought back):
 * in the same transaction, their figures, names and owners are worked out again, they are marked as
 * being updated, and a full run is queued to give them their words, shared tags and likeness again.
 */
export async function afterMembershipChanged(
  tx: Tx,
  clusterIds: Iterable<string | null>,
  reason: string,
  now = new Date(),
): Promise<void> {
  const ids = [...new Set([...clusterIds].filter((id): id is string => id !== null))];
  if (ids.length === 0) return;
  let refreshed = 0;
  // A page at a time: SQLite bounds an IN list (999 parameters).
  for (let start = 0; start < ids.length; start += 900) {
    const live = await tx.cluster.findMany({
      where: { id: { in: ids.slice(start, start + 900) }, status: { not: 'merged' } },
      select: { id: true },
    });
    for (const { id } of live) await refreshClusterFigures(tx, id, now);
    const page = live.map(({ id }) => id);
    await tx.cluster.updateMany({ where: { id: { in: page } }, data: { membersChangedAt: now } });
    refreshed += live.length;
  }
  if (refreshed > 0) await queueRunAfterChange(tx, reason);
}
