import type { Db, Tx } from '../../../db/client.ts';
import { followUpStanding } from '../../../domain/cases/follow-up.ts';
import type { FollowUpResult } from '../../../domain/vocabulary.ts';
import { deadlineSettings } from './deadline-settings-service.ts';

/** Where a case's findings stand against the rule, with the coverage administrators set. */
export async function followUpStandingOf(tx: Tx | Db, caseId: string) {
  // One after another: inside a transaction, PostgreSQL's driver refuses overlapping queries on its connection.
  const links = await tx.caseLocalIssue.findMany({
    where: { caseId },
    select: { localIssue: { select: { facilityId: true } } },
  });
  const findings = await tx.followUpFinding.findMany({ where: { caseId }, select: { facilityId: true, result: true } });
  const settings = await deadlineSettings(tx);
  const facilities = new Set(links.map((link) => link.localIssue.facilityId));
  const results: FollowUpResult[] = findings
    .filter((finding) => facilities.has(finding.facilityId))
    .map((finding) => finding.result);
  return followUpStanding(facilities.size, results, settings.followUpCoverage);
}
