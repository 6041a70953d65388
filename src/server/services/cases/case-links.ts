import type { Tx } from '../../../db/client.ts';
import type { SignedInActor } from '../../../domain/accounts/actor.ts';
import { OPEN_CASE_STATUSES } from '../../../domain/vocabulary.ts';
import { recordAudit } from '../audit/audit.ts';
import { bumpClusteringVersion } from '../clustering/clustering-version.ts';

/**
 * What escalating a case does to the evidence it links: each local issue becomes `escalated` and is pinned
 * to its cluster (later clustering runs keep it there), and each linked cluster becomes `escalated` and keeps
 * its theme, so that no decision can take members out of the evidence. Each change is in the audit trail of what it changed.
 */
export async function escalateLinkedWork(tx: Tx, actor: SignedInActor, caseId: string) {
  const { reference, localIssues, clusters } = await tx.systemicCase.findUniqueOrThrow({
    where: { id: caseId },
    select: {
      reference: true,
      localIssues: { select: { localIssue: { select: { id: true, status: true, clusterId: true } } } },
      clusters: { select: { cluster: { select: { id: true, status: true, version: true } } } },
    },
  });
  for (const { localIssue: issue } of localIssues) {
    const pinned = await tx.localIssue.update({
      where: { id: issue.id },
      // Pinned to the cluster it is in; an issue in none is left for runs to place.
      data: { status: 'escalated', ...(issue.clusterId && { clusterPinned: true }), version: { increment: 1 } },
      select: { version: true },
    });
    if (issue.status === 'escalated') continue;
    await recordAudit(tx, actor, {
      entityType: 'local_issue',
      entityId: issue.id,
      action: 'local_issue.escalated',
      changes: { from: issue.status, to: 'escalated', case: reference, version: pinned.version },
    });
  }
  for (const { cluster } of clusters) {
    if (cluster.status === 'escalated') continue;
    // Its theme is kept too: later runs leave an escalated problem where the case found it.
    await tx.cluster.update({
      where: { id: cluster.id },
      data: { status: 'escalated', themePinned: true, version: { increment: 1 } },
    });
    await recordAudit(tx, actor, {
      entityType: 'cluster',
      entityId: cluster.id,
      action: 'cluster.escalated',
      changes: { case: reference, version: cluster.version + 1 },
    });
  }
  if (clusters.length > 0) await bumpClusteringVersion(tx);
}

/**
 * When a case is withdrawn, the issues and clusters no other open case holds are no longer escalated: the
 * issues open again and the clusters are confirmed ones. Their pins stay: an analyst decided on them.
 */
export async function releaseLinkedWork(tx: Tx, actor: SignedInActor, caseId: string) {
  const stillHeld = { cases: { some: { caseId: { not: caseId }, case: { status: { in: [...OPEN_CASE_STATUSES] } } } } };
  const { reference, localIssues, clusters } = await tx.systemicCase.findUniqueOrThrow({
    where: { id: caseId },
    select: {
      reference: true,
      localIssues: {
        where: { localIssue: { status: 'escalated', NOT: stillHeld } },
        select: { localIssueId: true },
      },
      clusters: {
        where: { cluster: { status: 'escalated', NOT: stillHeld } },
        select: { clusterId: true },
      },
    },
  });
  for (const { localIssueId } of localIssues) {
    const released = await tx.localIssue.update({
      where: { id: localIssueId },
      data: { status: 'open', version: { increment: 1 } },
      select: { version: true },
    });
    await recordAudit(tx, actor, {
      entityType: 'local_issue',
      entityId: localIssueId,
      action: 'local_issue.released',
      changes: { from: 'escalated', to: 'open', case: reference, version: released.version },
    });
  }
  for (const { clusterId } of clusters) {
    const released = await tx.cluster.update({
      where: { id: clusterId },
      data: { status: 'confirmed', version: { increment: 1 } },
      select: { version: true },
    });
    await recordAudit(tx, actor, {
      entityType: 'cluster',
      entityId: clusterId,
      action: 'cluster.released',
      changes: { case: reference, version: released.version },
    });
  }
  if (clusters.length > 0) await bumpClusteringVersion(tx);
}
