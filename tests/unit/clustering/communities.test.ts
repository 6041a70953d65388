import { describe, expect, it } from 'vitest';
import { louvain, type WeightedEdge } from '../../../src/domain/clustering/communities.ts';

/** Two groups of nodes, each fully connected with strong edges, joined by one weak edge. */
function twoCliques(size: number, bridge: number): WeightedEdge[] {
  const edges: WeightedEdge[] = [];
  for (const offset of [0, size]) {
    for (let a = 0; a < size; a += 1) {
      for (let b = a + 1; b < size; b += 1) edges.push({ a: offset + a, b: offset + b, weight: 1 });
    }
  }
  edges.push({ a: 0, b: size, weight: bridge });
  return edges;
}

const groupsOf = (membership: number[]) => {
  const groups = new Map<number, number[]>();
  membership.forEach((community, node) => groups.set(community, [...(groups.get(community) ?? []), node]));
  return [...groups.values()].sort((x, y) => x[0]! - y[0]!);
};

describe('louvain', () => {
  it('finds two dense groups joined by a weak edge', () => {
    expect(groupsOf(louvain(10, twoCliques(5, 0.2)))).toEqual([
      [0, 1, 2, 3, 4],
      [5, 6, 7, 8, 9],
    ]);
  });

  it('leaves nodes without edges alone', () => {
    const membership = louvain(12, twoCliques(5, 0.2));
    expect(groupsOf(membership).slice(2)).toEqual([[10], [11]]);
  });

  it('gives the same communities for the same graph, edges in any order', () => {
    const edges = twoCliques(6, 0.5);
    const shuffled = [...edges].reverse();
    expect(groupsOf(louvain(12, shuffled))).toEqual(groupsOf(louvain(12, edges)));
  });

  it('splits more finely at a higher resolution', () => {
    // A ring of six triangles, each linked to the next by a single edge.
    const edges: WeightedEdge[] = [];
    for (let t = 0; t < 6; t += 1) {
      const [a, b, c] = [3 * t, 3 * t + 1, 3 * t + 2];
      edges.push({ a, b, weight: 1 }, { a: b, b: c, weight: 1 }, { a, b: c, weight: 1 });
      edges.push({ a: c, b: (3 * t + 3) % 18, weight: 1 });
    }
    const coarse = groupsOf(louvain(18, edges, 0.3)).length;
    const fine = groupsOf(louvain(18, edges, 1)).length;
    expect(fine).toBeGreaterThan(coarse);
    expect(fine).toBe(6);
  });

  it('reads a loop as weight inside a node: two nodes heavy inside, with one link between, stay apart', () => {
    const link = { a: 0, b: 1, weight: 1 };
    expect(groupsOf(louvain(2, [link]))).toEqual([[0, 1]]);
    const loops = [link, { a: 0, b: 0, weight: 10 }, { a: 1, b: 1, weight: 10 }];
    expect(groupsOf(louvain(2, loops))).toEqual([[0], [1]]);
    // The same as two cliques joined by one edge, each clique seen as one node.
    expect(groupsOf(louvain(3, [...loops, { a: 1, b: 2, weight: 0.5 }, { a: 2, b: 2, weight: 10 }]))).toEqual([
      [0],
      [1],
      [2],
    ]);
  });
});
