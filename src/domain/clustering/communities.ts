/**
 * Communities of a weighted, undirected graph by the Louvain method (Blondel et al., 2008): nodes move to
 * the neighbouring community that raises modularity most, then communities become nodes and the moves
 * repeat, until nothing moves. `resolution` above 1 favours smaller communities. Nodes are visited in index
 * order, so the same graph always gives the same communities. A node without edges stays alone.
 * An edge from a node to itself (a loop) is weight inside it: a node may stand for a group found before,
 * such as a problem whose themes are sought, its inner links a loop.
 */
export interface WeightedEdge {
  a: number;
  b: number;
  weight: number;
}

export function louvain(nodeCount: number, edges: readonly WeightedEdge[], resolution = 1): number[] {
  let membership = Array.from({ length: nodeCount }, (_, index) => index);
  let graph = adjacencyOf(nodeCount, edges);
  for (let level = 0; level < 20; level += 1) {
    const { community, moved } = moveNodes(graph, resolution);
    if (!moved) break;
    const renumbered = renumber(community);
    membership = membership.map((node) => renumbered.ids[node]!);
    graph = aggregate(graph, renumbered.ids, renumbered.count);
  }
  return membership;
}

interface Graph {
  /** Per node: neighbour -> edge weight (a self-loop holds the weight inside an aggregated node). */
  adjacency: Map<number, number>[];
  /** Per node: the sum of its edge weights, self-loops counted twice. */
  strength: Float64Array;
  totalWeight: number;
}

function adjacencyOf(nodeCount: number, edges: readonly WeightedEdge[]): Graph {
  const adjacency = Array.from({ length: nodeCount }, () => new Map<number, number>());
  for (const { a, b, weight } of edges) {
    adjacency[a]!.set(b, (adjacency[a]!.get(b) ?? 0) + weight);
    // A loop is kept once, as aggregated communities keep theirs.
    if (a !== b) adjacency[b]!.set(a, (adjacency[b]!.get(a) ?? 0) + weight);
  }
  return withStrength(adjacency);
}

function withStrength(adjacency: Map<number, number>[]): Graph {
  const strength = new Float64Array(adjacency.length);
  let twice = 0;
  adjacency.forEach((neighbours, node) => {
    for (const [other, weight] of neighbours) {
      const amount = other === node ? 2 * weight : weight;
      strength[node]! += amount;
      twice += amount;
    }
  });
  return { adjacency, strength, totalWeight: twice / 2 };
}

function moveNodes(graph: Graph, resolution: number): { community: Int32Array; moved: boolean } {
  const count = graph.adjacency.length;
  const community = Int32Array.from({ length: count }, (_, index) => index);
  const communityStrength = Float64Array.from(graph.strength);
  const m2 = 2 * graph.totalWeight;
  if (m2 === 0) return { community, moved: false };
  let moved = false;
  for (let pass = 0; pass < 50; pass += 1) {
    let changed = 0;
    for (let node = 0; node < count; node += 1) {
      const neighbours = graph.adjacency[node]!;
      if (neighbours.size === 0) continue;
      const own = community[node]!;
      const strength = graph.strength[node]!;
      const weightTo = new Map<number, number>();
      for (const [other, weight] of neighbours) {
        if (other === node) continue;
        const target = community[other]!;
        weightTo.set(target, (weightTo.get(target) ?? 0) + weight);
      }
      communityStrength[own]! -= strength;
      const gain = (target: number) =>
        (weightTo.get(target) ?? 0) - (resolution * strength * communityStrength[target]!) / m2;
      let best = own;
      let bestGain = gain(own);
      for (const target of [...weightTo.keys()].sort((x, y) => x - y)) {
        const value = gain(target);
        if (value > bestGain + 1e-12) {
          best = target;
          bestGain = value;
        }
      }
      communityStrength[best]! += strength;
      if (best !== own) {
        community[node] = best;
        changed += 1;
      }
    }
    if (changed === 0) break;
    moved = true;
  }
  return { community, moved };
}

function renumber(community: Int32Array): { ids: Int32Array; count: number } {
  const mapping = new Map<number, number>();
  const ids = new Int32Array(community.length);
  community.forEach((value, index) => {
    let id = mapping.get(value);
    if (id === undefined) {
      id = mapping.size;
      mapping.set(value, id);
    }
    ids[index] = id;
  });
  return { ids, count: mapping.size };
}

function aggregate(graph: Graph, ids: Int32Array, count: number): Graph {
  const adjacency = Array.from({ length: count }, () => new Map<number, number>());
  const add = (from: number, to: number, weight: number) =>
    adjacency[from]!.set(to, (adjacency[from]!.get(to) ?? 0) + weight);
  graph.adjacency.forEach((neighbours, node) => {
    const from = ids[node]!;
    for (const [other, weight] of neighbours) {
      const to = ids[other]!;
      if (other === node) add(from, from, weight);
      // An edge inside a community is seen from both of its ends and becomes half of the loop each time.
      else if (from === to) add(from, from, weight / 2);
      else add(from, to, weight);
    }
  });
  return withStrength(adjacency);
}
