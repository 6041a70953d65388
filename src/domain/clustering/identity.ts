/**
 * Clusters keep their identity (and so their page's address) across runs: a cluster found by a new run takes
 * the id of the earlier cluster it shares most members with, when they share a majority of either's members.
 * Each earlier cluster lends its id once; clusters found with no such earlier cluster are new.
 */
export interface EarlierCluster {
  id: string;
  members: readonly string[];
}

export function matchEarlierClusters(
  earlier: readonly EarlierCluster[],
  found: readonly (readonly string[])[],
): (string | null)[] {
  const clusterOfIssue = new Map<string, number>();
  earlier.forEach((cluster, index) => cluster.members.forEach((issue) => clusterOfIssue.set(issue, index)));
  const pairs: { found: number; earlier: number; shared: number }[] = [];
  found.forEach((members, foundIndex) => {
    const shared = new Map<number, number>();
    for (const issue of members) {
      const index = clusterOfIssue.get(issue);
      if (index !== undefined) shared.set(index, (shared.get(index) ?? 0) + 1);
    }
    for (const [earlierIndex, count] of shared) {
      const isMajority = count * 2 > members.length || count * 2 > earlier[earlierIndex]!.members.length;
      if (isMajority) pairs.push({ found: foundIndex, earlier: earlierIndex, shared: count });
    }
  });
  // The strongest overlaps first; ties by position, so that the same runs give the same ids.
  pairs.sort((a, b) => b.shared - a.shared || a.found - b.found || a.earlier - b.earlier);
  const ids: (string | null)[] = found.map(() => null);
  const lent = new Set<number>();
  for (const pair of pairs) {
    if (ids[pair.found] !== null || lent.has(pair.earlier)) continue;
    ids[pair.found] = earlier[pair.earlier]!.id;
    lent.add(pair.earlier);
  }
  return ids;
}

/** An issue an analyst placed (confirmed, moved, split off, merged): no run takes it out of its cluster. */
export interface PinnedIssue {
  issue: string;
  cluster: string;
}

export interface SettledGroups {
  /** Groups a run may name: each is matched to an earlier cluster or becomes a new one. */
  free: string[][];
  /** Issues the run adds to clusters an analyst has decided on, by cluster id. */
  joining: Map<string, string[]>;
}

/**
 * Applies the analysts' decisions to a run's groups: pinned issues stay where they were put, and a group whose
 * pinned members mostly sit in one decided cluster brings its other members there. What remains is free.
 */
export function settleGroups(groups: readonly (readonly string[])[], pinned: readonly PinnedIssue[]): SettledGroups {
  const pinnedCluster = new Map(pinned.map((entry) => [entry.issue, entry.cluster]));
  const free: string[][] = [];
  const joining = new Map<string, string[]>();
  for (const group of groups) {
    const loose = group.filter((issue) => !pinnedCluster.has(issue));
    if (loose.length === 0) continue;
    const votes = new Map<string, number>();
    for (const issue of group) {
      const cluster = pinnedCluster.get(issue);
      if (cluster) votes.set(cluster, (votes.get(cluster) ?? 0) + 1);
    }
    const [leader] = [...votes].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
    if (leader && leader[1] * 2 >= group.length - loose.length && leader[1] > 0) {
      joining.set(leader[0], [...(joining.get(leader[0]) ?? []), ...loose]);
    } else {
      free.push(loose);
    }
  }
  return { free, joining };
}
