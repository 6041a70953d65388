// Clusters synthetic records in a process of its own and prints time and peak memory as JSON, so that the
// benchmark measures the clustering, not the test runner. Argument: the number of records.
import { clusterRecords, DEFAULT_CLUSTERING } from '../../../src/domain/clustering/cluster-records.ts';
import { parallelNeighbourSearch } from '../../../src/server/clustering/parallel-neighbours.ts';
import { syntheticClusterRecords } from './synthetic-clusters.ts';

const count = Number(process.argv[2] ?? 1000);
const records = syntheticClusterRecords(count);
const started = performance.now();
const result = await clusterRecords(records, () => [], DEFAULT_CLUSTERING, parallelNeighbourSearch());
const seconds = (performance.now() - started) / 1000;
console.log(
  JSON.stringify({
    count,
    seconds,
    peakMb: Math.round(process.resourceUsage().maxRSS / 1024),
    clusters: result.clusters.length,
  }),
);
