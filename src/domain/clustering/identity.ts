/**
 * Clusters keep their identity (and so their page's address) across runs, and the identity follows the
 * members: a cluster found by a new run takes the id of an earlier cluster when the members they share are
 * a majority of both (so each is the other's best match, and no earlier id is lent twice). A small earlier
 * cluster thus never lends its id to a large, different cluster that took a few of its members, and a
 * cluster that at least doubled with issues new to it is a new cluster. Clusters found with no such
 * earlier cluster are new.
 */
export interface EarlierCluster {
  id: string;
  members: readonly string[];
}

export function matchEarlierClusters(
  earlier: readonly EarlierCluster[],
  found: readonly (readonly string[])[],
): (string | null)[] {
  return matchByMembers(earlier, found);
}

/**
 * Themes keep their ids across runs as clusters do: by the issues (every member of their problems) a found
 * theme shares with an earlier one, a majority of both.
 */
export function matchEarlierThemes(
  earlier: readonly EarlierCluster[],
  found: readonly (readonly string[])[],
): (string | null)[] {
  return matchByMembers(earlier, found);
}

function matchByMembers(earlier: readonly EarlierCluster[], found: readonly (readonly string[])[]): (string | null)[] {
  const groupOfMember = new Map<string, number>();
  earlier.forEach((group, index) => group.members.forEach((member) => groupOfMember.set(member, index)));
  return found.map((members) => {
    const shared = new Map<number, number>();
    for (const member of members) {
      const index = groupOfMember.get(member);
      if (index !== undefined) shared.set(index, (shared.get(index) ?? 0) + 1);
    }
    // At most one earlier group can hold a majority of these members, and it is then this group's best.
    for (const [index, count] of shared) {
      if (count * 2 > members.length && count * 2 > earlier[index]!.members.length) return earlier[index]!.id;
    }
    return null;
  });
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
