// One thread of parallelNeighbourSearch: the neighbours of a range of records, over the shared arrays.
import { parentPort, workerData } from 'node:worker_threads';
import { findNeighbours } from '../../domain/clustering/neighbours.ts';
import type { NeighbourJob } from './parallel-neighbours.ts';
import { unshareEmbeddings } from './shared-embeddings.ts';

const { space, index, options, semantic, from, to } = workerData as NeighbourJob;
parentPort?.postMessage(findNeighbours(space, index, options, from, to, semantic && unshareEmbeddings(semantic)));
