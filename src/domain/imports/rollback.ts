import type { ClusterStatus } from '../vocabulary.ts';

/** What a rollback needs to know of one issue an import created or updated. */
export interface ImportedIssueState {
  id: string;
  title: string;
  /** Created by the import, or updated by it (and then restored, not removed). */
  change: 'created' | 'updated';
  version: number;
  /** The version the import left the issue at: anything higher means someone worked on it since. */
  versionAfterImport: number;
  caseReferences: readonly string[];
  commitmentCount: number;
  clusterStatus: ClusterStatus | null;
}

export interface RollbackBlocker {
  localIssueId: string;
  title: string;
  reason: string;
}

export type RollbackDecision =
  | { ok: true }
  | { ok: false; refusal: { code: 'wrong_outcome' | 'in_use'; message: string; blockers: RollbackBlocker[] } };

/** Clusters an analyst has decided on refer to their members; a suggestion does not. */
const DECIDED_CLUSTERS: readonly ClusterStatus[] = ['confirmed', 'escalated'];

/** Why this issue cannot be undone, or null when nothing else refers to it. */
function blockerOf(issue: ImportedIssueState): string | null {
  if (issue.version !== issue.versionAfterImport) return 'it was changed after the import';
  if (issue.change === 'created' && issue.caseReferences.length > 0) {
    return `it is part of systemic case ${issue.caseReferences.join(', ')}`;
  }
  if (issue.change === 'created' && issue.commitmentCount > 0) return 'a charter commitment refers to it';
  if (issue.change === 'created' && issue.clusterStatus && DECIDED_CLUSTERS.includes(issue.clusterStatus)) {
    return `it belongs to a cluster an analyst has ${issue.clusterStatus}`;
  }
  return null;
}

/**
 * An import can be rolled back as a whole while nothing else refers to its rows: nobody has edited
 * them since, and no case, commitment or decided cluster points at an issue it created. Either every
 * row is undone or none; the refusal names each row in the way.
 */
export function decideRollback(
  run: { outcome: string; rolledBackAt: Date | null },
  issues: readonly ImportedIssueState[],
): RollbackDecision {
  if (run.outcome !== 'succeeded' || run.rolledBackAt) {
    const message =
      run.outcome === 'rolled_back' || run.rolledBackAt
        ? 'This import has already been rolled back.'
        : 'Only an import that succeeded can be rolled back; this one wrote nothing.';
    return { ok: false, refusal: { code: 'wrong_outcome', message, blockers: [] } };
  }
  const blockers = issues.flatMap((issue) => {
    const reason = blockerOf(issue);
    return reason ? [{ localIssueId: issue.id, title: issue.title, reason }] : [];
  });
  if (blockers.length === 0) return { ok: true };
  return {
    ok: false,
    refusal: {
      code: 'in_use',
      message: `The import cannot be rolled back: ${blockers.length} of its ${issues.length} issue(s) are in use since. Undo those changes first, or leave the import as it is.`,
      blockers,
    },
  };
}
