import type { Tx } from '../../../db/client.ts';
import { clusterLabelOf } from '../../../domain/clustering/cluster-records.ts';
import { suggestDepartment } from '../../../domain/clustering/department-suggestion.ts';
import { spreadOf } from '../../../domain/clustering/spread.ts';
import { judgeClusterEscalation } from '../../../domain/clustering/escalation-rule.ts';
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
    select: { label: true, explanation: true, status: true },
  });
  const members = await tx.localIssue.findMany({
    where: { clusterId, archived: false },
    select: {
      title: true,
      description: true,
      clusterSimilarity: true,
      raisedOn: true,
      respondentsCiting: true,
      priorityVotes: true,
      rootCauses: { select: { level: true } },
      tags: { select: { tag: { select: { routingDepartmentId: true } } } },
      facility: { select: { code: true, province: true, sector: true, departmentId: true } },
    },
    orderBy: [{ clusterSimilarity: { sort: 'desc', nulls: 'last' } }, { id: 'asc' }],
  });
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
  const verdict = judgeClusterEscalation(cluster.status, spread, rule);
  const owner = suggestDepartment(
    members.map((member) => ({
      routedDepartmentIds: member.tags.flatMap((link) => link.tag.routingDepartmentId ?? []),
      facilityDepartmentId: member.facility.departmentId,
      facilitySector: member.facility.sector,
      rootCauseLevels: member.rootCauses.map((cause) => cause.level),
    })),
    departments,
  );
  const labels = new Set(members.map(clusterLabelOf));
  const explanation = cluster.explanation as ClusterExplanation | null;
  await tx.cluster.update({
    where: { id: clusterId },
    data: {
      // Members come most alike first: the first is the one the run would name the cluster after.
      ...(members.length > 0 && !labels.has(cluster.label) && { label: clusterLabelOf(members[0]!) }),
      ...(explanation && {
        explanation: { ...explanation, escalation: verdict.reasons, department: owner?.reasons ?? [] },
      }),
      spread: { ...spread },
      isSystemicCandidate: verdict.isCandidate,
      suggestedDepartmentId: owner?.departmentId ?? null,
      issueCount: spread.issues,
      facilityCount: spread.facilities,
      provinceCount: spread.provinces,
      peopleAffected: spread.peopleAffected,
      lastSeenOn: spread.lastSeen ? fromCalendarDate(spread.lastSeen) : null,
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
