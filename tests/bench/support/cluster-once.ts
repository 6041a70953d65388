// Clusters synthetic records in a process of its own and prints time and peak memory as JSON, so that the
// benchmark measures the clustering, not the test runner. Arguments: the number of records, and `semantic` to
// give them stand-ins for sentence embeddings (the blend's cost, without the encoder's).
import { clusterRecords, DEFAULT_CLUSTERING } from '../../../src/domain/clustering/cluster-records.ts';
import { parallelNeighbourSearch } from '../../../src/server/clustering/parallel-neighbours.ts';
import { syntheticClusterRecords, syntheticEmbeddings } from './synthetic-clusters.ts';

const count = Number(process.argv[2] ?? 1000);
const semantic = process.argv[3] === 'semantic';
const plain = syntheticClusterRecords(count);
const records = semantic
  ? syntheticEmbeddings(plain).map((embedding, index) => ({ ...plain[index]!, embedding }))
  : plain;
const started = performance.now();
const result = await clusterRecords(records, () => [], DEFAULT_CLUSTERING, parallelNeighbourSearch());
const seconds = (performance.now() - started) / 1000;
console.log(
  JSON.stringify({
    count,
    semantic,
    seconds,
    peakMb: Math.round(process.resourceUsage().maxRSS / 1024),
    clusters: result.clusters.length,
  }),
);
