import { similarityToGroup, sumOf, type GroupSum, type SimilaritySpace } from './cohesion.ts';
import type { Neighbour } from './neighbours.ts';

export interface NearGroup {
  /** Index of the group in the groups given. */
  group: number;
  /** The members' average similarity to that group: what a merge would make of them. */
  similarity: number;
}

/** Members read when a group is compared with others: enough to judge it, cheap for a large one. */
const MEMBERS_COMPARED = 50;

/**
 * For each group, the groups most like it, best first, for an analyst about to merge a cluster or move one
 * of its issues: the groups of its members' nearest neighbours, each scored by the members' average
 * similarity to it. A clustering run finds them for every cluster, from the neighbours it has already found,
 * so that no web process needs an index of every issue to offer them.
 */
export function nearGroupsOf(
  space: SimilaritySpace,
  neighbours: readonly (readonly Neighbour[])[],
  groups: readonly (readonly number[])[],
  count: number,
): NearGroup[][] {
  const groupOf = new Int32Array(space.vectors.length).fill(-1);
  groups.forEach((members, group) => {
    for (const member of members) groupOf[member] = group;
  });
  const sums = new Map<number, GroupSum>();
  const sumOfGroup = (group: number) => {
    let sum = sums.get(group);
    if (!sum) sums.set(group, (sum = sumOf(space, groups[group]!)));
    return sum;
  };
  return groups.map((members, group) => {
    const compared = members.slice(0, MEMBERS_COMPARED);
    const candidates = new Set<number>();
    for (const member of compared) {
      for (const neighbour of neighbours[member]!) {
        const of = groupOf[neighbour.index]!;
        if (of >= 0 && of !== group) candidates.add(of);
      }
    }
    return [...candidates]
      .map((candidate) => {
        const sum = sumOfGroup(candidate);
        const size = groups[candidate]!.length;
        const total = compared.reduce(
          (subtotal, member) =>
            subtotal +
            similarityToGroup(space.blend, space.vectors[member]!, space.embeddings?.[member] ?? null, sum, size),
          0,
        );
        return { group: candidate, similarity: total / compared.length };
      })
      .sort((a, b) => b.similarity - a.similarity || a.group - b.group)
      .slice(0, count);
  });
}
