// One thread of parallelNeighbourSearch: the neighbours of a range of records, over the shared arrays, written
// into their rows of the shared table.
import { parentPort, workerData } from 'node:worker_threads';
import { findNeighboursInto, NeighbourSearcher } from '../../domain/clustering/neighbours.ts';
import type { NeighbourJob } from './parallel-neighbours.ts';
import { unshareEmbeddings } from './shared-embeddings.ts';

const { space, index, options, semantic, table, from, to } = workerData as NeighbourJob;
findNeighboursInto(
  table,
  new NeighbourSearcher(space, index, options, semantic && unshareEmbeddings(semantic)),
  from,
  to,
);
parentPort?.postMessage(null);
