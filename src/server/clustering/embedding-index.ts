import { createRequire } from 'node:module';
import type Usearch from 'usearch';
import type { BatchMatches, ScalarKind } from 'usearch';
import {
  candidateListsOf,
  exactNearestByEmbedding,
  plainArrays,
  type ArrayMaker,
  type CandidateLists,
} from '../../domain/clustering/neighbours.ts';

/**
 * How each record's nearest records by embedding are found: exactly (every pair, in the domain's plain code)
 * below `exactBelow` records, above it through an approximate index (HNSW, the `usearch` package: native
 * code with prebuilt binaries, so it lives here and not in the pure domain). See docs/CLUSTERING.md for the
 * recall and speed measured with these settings.
 */
export interface EmbeddingIndexOptions {
  exactBelow: number;
  /** HNSW's links per node: more gives better recall, slower building. */
  connectivity: number;
  /** Candidates weighed while a record is added, and while one is searched. */
  expansionAdd: number;
  expansionSearch: number;
  /** How the index stores the vectors: 'f16' halves the memory and speeds up every comparison. */
  quantization: 'f32' | 'f16' | 'i8';
}

export const DEFAULT_EMBEDDING_INDEX: EmbeddingIndexOptions = {
  exactBelow: 1_000,
  connectivity: 12,
  expansionAdd: 48,
  expansionSearch: 50,
  quantization: 'f16',
};

/** The `count` nearest records of every record by embedding (unit vectors, so the largest inner products). */
export async function nearestByEmbedding(
  embeddings: readonly Float32Array[],
  count: number,
  options: EmbeddingIndexOptions = DEFAULT_EMBEDDING_INDEX,
  make: ArrayMaker = plainArrays,
): Promise<CandidateLists> {
  if (embeddings.length < options.exactBelow) {
    const exact = exactNearestByEmbedding(embeddings, count);
    return make === plainArrays ? exact : candidateListsOf(listsOf(exact), make);
  }
  return candidateListsOf(await approximateNearest(embeddings, count, options), make);
}

function listsOf({ offsets, records }: CandidateLists): Int32Array[] {
  return Array.from({ length: offsets.length - 1 }, (_, i) => records.subarray(offsets[i]!, offsets[i + 1]!));
}

async function approximateNearest(
  embeddings: readonly Float32Array[],
  count: number,
  options: EmbeddingIndexOptions,
): Promise<Int32Array[]> {
  // Loaded on first use: the lexical engine never loads the native module. Required, not imported: usearch's
  // ES module looks for its native build from `__dirname`, which in an ES module is the global one, and Prisma's
  // generated client sets that global to its own folder: in any process that had opened the database (the
  // worker, `npm run cluster:run`), `import('usearch')` failed with "Could not find native build for usearch".
  const { default: usearch } = createRequire(import.meta.url)('usearch') as { default: typeof Usearch };
  const total = embeddings.length;
  const dimensions = embeddings[0]!.length;
  const packed = new Float32Array(total * dimensions);
  embeddings.forEach((embedding, index) => packed.set(embedding, index * dimensions));
  const index = new usearch.Index({
    dimensions,
    metric: usearch.MetricKind.IP,
    quantization: options.quantization as ScalarKind,
    connectivity: options.connectivity,
    expansion_add: options.expansionAdd,
    expansion_search: options.expansionSearch,
    multi: false,
  });
  // One thread, adding in order: the same embeddings always give the same graph, and so the same neighbours
  // and the same clusters. Threads adding at once do not (two runs over the dev sets gave different clusters),
  // and usearch searches on no more threads than the last add used.
  index.add(
    BigUint64Array.from({ length: total }, (_, i) => BigInt(i)),
    packed,
    1,
  );
  // One more than wanted: a record usually finds itself first.
  const found = index.search(packed, count + 1, 1) as BatchMatches;
  const width = found.k;
  return Array.from({ length: total }, (_, record) => {
    const list: number[] = [];
    const held = Number(found.counts[record]);
    for (let i = 0; i < held && list.length < count; i += 1) {
      const other = Number(found.keys[record * width + i]);
      if (other !== record) list.push(other);
    }
    return Int32Array.from(list);
  });
}
