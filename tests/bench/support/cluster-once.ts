// Clusters synthetic records in a process of its own and prints time and peak memory as JSON, so that the
// benchmark measures the clustering, not the test runner. Arguments: the number of records, `semantic` to
// give them real sentence embeddings from the dev sets' cache, repeated with a little noise (the cost of the
// blend and of the nearest records by embedding, without the encoder's: tests/support/embedding-cache.ts), and
// `problems-only` to leave themes out (to measure what themes cost). `nearestSeconds` is apart from `seconds`.
import { clusterRecords, DEFAULT_CLUSTERING } from '../../../src/domain/clustering/cluster-records.ts';
import { parallelNeighbourSearch } from '../../../src/server/clustering/parallel-neighbours.ts';
import { repeatedRealEmbeddings } from '../../support/embedding-cache.ts';
import { syntheticClusterRecords } from './synthetic-clusters.ts';

const count = Number(process.argv[2] ?? 1000);
const semantic = process.argv.includes('semantic');
const problemsOnly = process.argv.includes('problems-only');
const plain = syntheticClusterRecords(count);
const records = semantic
  ? repeatedRealEmbeddings(count).map((embedding, index) => ({ ...plain[index]!, embedding }))
  : plain;
const started = performance.now();
const options = problemsOnly ? { ...DEFAULT_CLUSTERING, themes: null } : DEFAULT_CLUSTERING;
const result = await clusterRecords(records, () => [], options, parallelNeighbourSearch());
const seconds = (performance.now() - started) / 1000;
// What a run in the database adds: the ten clusters nearest each cluster of two or more (ClusterNeighbour).
const nearStarted = performance.now();
result.nearGroups(
  result.clusters.map((cluster) => cluster.members.map((member) => member.record)).filter((group) => group.length > 1),
  10,
);
const nearestSeconds = (performance.now() - nearStarted) / 1000;
console.log(
  JSON.stringify({
    count,
    semantic,
    themes: result.themes.length,
    seconds,
    nearestSeconds,
    peakMb: Math.round(process.resourceUsage().maxRSS / 1024),
    clusters: result.clusters.length,
  }),
);
