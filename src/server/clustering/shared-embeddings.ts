import type { SemanticRanking } from '../../domain/clustering/neighbours.ts';

/** The embeddings of a semantic ranking, packed one after another in shared memory. */
export interface SharedSemantic extends Omit<SemanticRanking, 'embeddings'> {
  packed: Float32Array;
  dimensions: number;
}

/** The embeddings in one shared array, so that every thread reads them and none copies them. */
export function shareEmbeddings({ embeddings, ...ranking }: SemanticRanking): SharedSemantic {
  const dimensions = embeddings[0]?.length ?? 0;
  const packed = new Float32Array(
    new SharedArrayBuffer(Math.max(1, embeddings.length * dimensions) * Float32Array.BYTES_PER_ELEMENT),
  );
  embeddings.forEach((embedding, index) => packed.set(embedding, index * dimensions));
  return { ...ranking, packed, dimensions };
}

/** A thread's view of the shared embeddings, as the search reads them (no copy). */
export function unshareEmbeddings({ packed, dimensions, ...ranking }: SharedSemantic): SemanticRanking {
  const count = dimensions === 0 ? 0 : packed.length / dimensions;
  const embeddings = Array.from({ length: count }, (_, index) =>
    packed.subarray(index * dimensions, (index + 1) * dimensions),
  );
  return { ...ranking, embeddings };
}
