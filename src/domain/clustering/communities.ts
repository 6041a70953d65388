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

/** Edges in flat arrays, for graphs of millions of edges (themes at 100,000 records). */
export interface PackedEdges {
  a: Int32Array;
  b: Int32Array;
  weight: Float64Array;
}

export function louvain(nodeCount: number, edges: readonly WeightedEdge[], resolution = 1): number[] {
  return louvainOfPacked(
    nodeCount,
    {
      a: Int32Array.from(edges, (edge) => edge.a),
      b: Int32Array.from(edges, (edge) => edge.b),
      weight: Float64Array.from(edges, (edge) => edge.weight),
    },
    resolution,
  );
}

export function louvainOfPacked(nodeCount: number, edges: PackedEdges, resolution = 1): number[] {
  let membership = Array.from({ length: nodeCount }, (_, index) => index);
  let graph = graphOf(nodeCount, (emit) => {
    for (let i = 0; i < edges.a.length; i += 1) {
      emit(edges.a[i]!, edges.b[i]!, edges.weight[i]!);
      // A loop is kept once, as aggregated communities keep theirs.
      if (edges.a[i] !== edges.b[i]) emit(edges.b[i]!, edges.a[i]!, edges.weight[i]!);
    }
  });
  for (let level = 0; level < 20; level += 1) {
    const { community, moved } = moveNodes(graph, resolution);
    if (!moved) break;
    const renumbered = renumber(community);
    membership = membership.map((node) => renumbered.ids[node]!);
    graph = aggregate(graph, renumbered.ids, renumbered.count);
  }
  return membership;
}

/**
 * Adjacency in flat arrays: node n's neighbours are `neighbours` and `weights` from `offsets[n]` to
 * `offsets[n + 1]`, in the order they were first met (so sums, and so the communities, are those of the
 * edge list read in order). A self-loop holds the weight inside an aggregated node, kept once.
 */
interface Graph {
  offsets: Int32Array;
  neighbours: Int32Array;
  weights: Float64Array;
  /** Per node: the sum of its edge weights, self-loops counted twice. */
  strength: Float64Array;
  totalWeight: number;
}

/** Calls `emit` for every edge of a node to another (a node's edges in the order they are to be met). */
type EdgeWalk = (emit: (from: number, to: number, weight: number) => void) => void;

/** The graph of the edges a walk emits (walked twice: to count each node's edges, then to place them). */
function graphOf(nodeCount: number, walk: EdgeWalk): Graph {
  const offsets = new Int32Array(nodeCount + 1);
  walk((from) => (offsets[from + 1]! += 1));
  for (let node = 0; node < nodeCount; node += 1) offsets[node + 1]! += offsets[node]!;
  const neighbours = new Int32Array(offsets[nodeCount]!);
  const weights = new Float64Array(offsets[nodeCount]!);
  const fill = offsets.slice(0, nodeCount);
  walk((from, to, weight) => {
    const at = fill[from]!++;
    neighbours[at] = to;
    weights[at] = weight;
  });
  // Each node's edges to the same neighbour become one, their weights summed in order, in place.
  const slot = new Int32Array(nodeCount).fill(-1);
  let kept = 0;
  for (let node = 0; node < nodeCount; node += 1) {
    const start = kept;
    for (let p = offsets[node]!; p < offsets[node + 1]!; p += 1) {
      const other = neighbours[p]!;
      if (slot[other]! < 0) {
        slot[other] = kept;
        neighbours[kept] = other;
        weights[kept++] = weights[p]!;
      } else {
        weights[slot[other]!]! += weights[p]!;
      }
    }
    for (let p = start; p < kept; p += 1) slot[neighbours[p]!] = -1;
    offsets[node] = start;
  }
  offsets[nodeCount] = kept;
  const strength = new Float64Array(nodeCount);
  let twice = 0;
  for (let node = 0; node < nodeCount; node += 1) {
    for (let p = offsets[node]!; p < offsets[node + 1]!; p += 1) {
      const amount = neighbours[p] === node ? 2 * weights[p]! : weights[p]!;
      strength[node]! += amount;
      twice += amount;
    }
  }
  // Views, not copies: a copy would double the memory of a large graph while it is made.
  return {
    offsets,
    neighbours: neighbours.subarray(0, kept),
    weights: weights.subarray(0, kept),
    strength,
    totalWeight: twice / 2,
  };
}

function moveNodes(graph: Graph, resolution: number): { community: Int32Array; moved: boolean } {
  const { offsets, neighbours, weights } = graph;
  const count = offsets.length - 1;
  const community = Int32Array.from({ length: count }, (_, index) => index);
  const communityStrength = Float64Array.from(graph.strength);
  const m2 = 2 * graph.totalWeight;
  if (m2 === 0) return { community, moved: false };
  // The weight from the node being moved to each community it touches.
  const weightTo = new Float64Array(count);
  const isTouched = new Uint8Array(count);
  const touched = new Int32Array(count);
  let touchedCount = 0;
  let moved = false;
  for (let pass = 0; pass < 50; pass += 1) {
    let changed = 0;
    for (let node = 0; node < count; node += 1) {
      if (offsets[node] === offsets[node + 1]) continue;
      const own = community[node]!;
      const strength = graph.strength[node]!;
      for (let p = offsets[node]!; p < offsets[node + 1]!; p += 1) {
        const other = neighbours[p]!;
        if (other === node) continue;
        const target = community[other]!;
        if (!isTouched[target]) {
          isTouched[target] = 1;
          touched[touchedCount++] = target;
        }
        weightTo[target]! += weights[p]!;
      }
      communityStrength[own]! -= strength;
      const gain = (target: number) => weightTo[target]! - (resolution * strength * communityStrength[target]!) / m2;
      let best = own;
      let bestGain = gain(own);
      // The best candidate, and how far it leads the others: when it leads clearly, reading the candidates
      // in ascending order (below) would pick it too, and the sort is not needed.
      let top = -1;
      let topGain = -Infinity;
      let secondGain = -Infinity;
      for (let t = 0; t < touchedCount; t += 1) {
        const value = gain(touched[t]!);
        if (value > topGain) {
          secondGain = topGain;
          [top, topGain] = [touched[t]!, value];
        } else if (value > secondGain) secondGain = value;
      }
      if (topGain - secondGain > 1e-9 * (1 + Math.abs(topGain))) {
        if (topGain > bestGain + 1e-12) best = top;
      } else {
        // Candidates in ascending order (a typed array sorts numerically, without a comparator to call).
        for (const target of touched.subarray(0, touchedCount).sort()) {
          const value = gain(target);
          if (value > bestGain + 1e-12) {
            best = target;
            bestGain = value;
          }
        }
      }
      for (let t = 0; t < touchedCount; t += 1) {
        weightTo[touched[t]!] = 0;
        isTouched[touched[t]!] = 0;
      }
      touchedCount = 0;
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
  const { offsets, neighbours, weights } = graph;
  return graphOf(count, (emit) => {
    for (let node = 0; node < offsets.length - 1; node += 1) {
      const from = ids[node]!;
      for (let p = offsets[node]!; p < offsets[node + 1]!; p += 1) {
        const other = neighbours[p]!;
        const to = ids[other]!;
        // An edge inside a community is seen from both of its ends and becomes half of the loop each time.
        emit(from, to, other !== node && from === to ? weights[p]! / 2 : weights[p]!);
      }
    }
  });
}
