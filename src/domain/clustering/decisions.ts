import type { ClusterStatus } from '../vocabulary.ts';

export type ClusterDecisionKind = 'confirm' | 'dismiss' | 'rename' | 'merge' | 'split' | 'move_issue' | 'move_to_theme';

/** Decisions that take members out of the cluster decided on, or change its status. */
const CHANGES_MEMBERS_OR_STATUS: readonly ClusterDecisionKind[] = [
  'confirm',
  'dismiss',
  'merge',
  'split',
  'move_issue',
];

/**
 * Why an analyst may not take this decision on a cluster in this status, or null when they may.
 * `side` is `into` for the cluster that receives members (a merge's target, a move's destination).
 * A merged cluster lives on only as a pointer. An escalated cluster's members are the evidence of its
 * systemic case: it may gain members and a better name, but none may leave it and its status follows
 * the case.
 */
export function decisionRefusal(
  kind: ClusterDecisionKind,
  status: ClusterStatus,
  side: 'from' | 'into' = 'from',
): string | null {
  if (status === 'merged') return 'This cluster was merged into another; decide on that one instead.';
  if (status === 'escalated' && side === 'from' && CHANGES_MEMBERS_OR_STATUS.includes(kind)) {
    return 'This cluster is escalated: its issues are the evidence of a systemic case, so none may leave it and its status follows the case. Add issues to it, or work on the case.';
  }
  return null;
}
