import type { Tx } from '../../db/client.ts';
import { spreadOf } from '../../domain/clustering/spread.ts';
import { judgeEscalation } from '../../domain/escalation/escalation-rule.ts';
import { escalationRule } from './escalation-rule-service.ts';
import { fromCalendarDate, todayInSouthAfrica, toCalendarDate } from '../../lib/calendar-date.ts';

/**
 * Works a cluster's spread out again from its members, after a placement or an analyst's decision changed
 * them (a full run writes it with everything else). The label and the explanation stay the run's.
 */
export async function refreshClusterFigures(tx: Tx, clusterId: string, now = new Date()): Promise<void> {
  const members = await tx.localIssue.findMany({
    where: { clusterId, archived: false },
    select: {
      raisedOn: true,
      respondentsCiting: true,
      priorityVotes: true,
      rootCauses: { select: { level: true } },
      facility: { select: { code: true, province: true, sector: true, departmentId: true } },
    },
  });
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
  await tx.cluster.update({
    where: { id: clusterId },
    data: {
      spread: { ...spread },
      isSystemicCandidate: judgeEscalation(spread, await escalationRule(tx)).isCandidate,
      issueCount: spread.issues,
      facilityCount: spread.facilities,
      provinceCount: spread.provinces,
      peopleAffected: spread.peopleAffected,
      lastSeenOn: spread.lastSeen ? fromCalendarDate(spread.lastSeen) : null,
    },
  });
}
