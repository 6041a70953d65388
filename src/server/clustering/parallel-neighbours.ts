import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { searchAllNeighbours, type NeighbourSearch } from '../../domain/clustering/cluster-records.ts';
import {
  buildInvertedIndex,
  createNeighbourTable,
  plainArrays,
  toSearchSpace,
  type ArrayMaker,
  type InvertedIndex,
  type NeighbourOptions,
  type NeighbourTable,
  type SearchSpace,
} from '../../domain/clustering/neighbours.ts';
import { DEFAULT_EMBEDDING_INDEX, nearestByEmbedding } from './embedding-index.ts';
import { shareEmbeddings, type SharedSemantic } from './shared-embeddings.ts';

/** Below this many records, starting threads costs more than it saves. */
const PARALLEL_FROM = 20_000;

/** Arrays in shared memory: every thread reads them, none copies them. */
const sharedArrays: ArrayMaker = {
  int32: (length) => new Int32Array(new SharedArrayBuffer(Math.max(1, length) * Int32Array.BYTES_PER_ELEMENT)),
  float64: (length) => new Float64Array(new SharedArrayBuffer(Math.max(1, length) * Float64Array.BYTES_PER_ELEMENT)),
};

export interface NeighbourJob {
  space: SearchSpace;
  index: InvertedIndex;
  options: NeighbourOptions;
  semantic: SharedSemantic | null;
  /** In shared memory: the thread writes the rows of its records, `from` to `to` (exclusive). */
  table: NeighbourTable;
  from: number;
  to: number;
}

/**
 * Finds neighbours on every core: the vectors, the index (and the embeddings, for semantic ranking) are
 * put once in shared memory and the records split into ranges, one per thread; each thread writes its
 * records' neighbours into one table in shared memory, so that nothing is copied back. Small inputs stay
 * on the calling thread.
 */
export function parallelNeighbourSearch(threads = availableParallelism(), from = PARALLEL_FROM): NeighbourSearch {
  return async (features, options, given) => {
    const parallel = threads >= 2 && features.vectors.length >= from;
    // The nearest records by embedding come from the approximate index above a few thousand records.
    const semantic =
      given && !given.nearest && given.embeddingNeighbours > 0
        ? {
            ...given,
            nearest: await nearestByEmbedding(
              given.embeddings,
              given.embeddingNeighbours,
              DEFAULT_EMBEDDING_INDEX,
              parallel ? sharedArrays : plainArrays,
            ),
          }
        : given;
    if (!parallel) return searchAllNeighbours(features, options, semantic);
    const space = toSearchSpace(features, sharedArrays);
    const index = buildInvertedIndex(space, options.postingsPerFeature, sharedArrays);
    const shared = semantic && shareEmbeddings(semantic);
    const count = features.vectors.length;
    const table = createNeighbourTable(count, options.neighbours, sharedArrays);
    const size = Math.ceil(count / threads);
    await Promise.all(
      Array.from({ length: threads }, (_, part) =>
        runJob({
          space,
          index,
          options,
          semantic: shared,
          table,
          from: part * size,
          to: Math.min(count, (part + 1) * size),
        }),
      ),
    );
    return table;
  };
}

function runJob(job: NeighbourJob): Promise<void> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(new URL('./neighbour-worker.ts', import.meta.url), { workerData: job });
    worker.once('message', () => {
      resolve();
      void worker.terminate();
    });
    worker.once('error', reject);
    worker.once('exit', (code) => {
      if (code !== 0) reject(new Error(`The neighbour search thread stopped with exit code ${code}.`));
    });
  });
}
