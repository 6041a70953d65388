// Clusters synthetic records in a process of its own and prints time and peak memory as JSON, so that the
// benchmark measures the clustering, not the test runner. Arguments: the number of records, `semantic` to
// give them stand-ins for sentence embeddings (the blend's cost, without the encoder's), and `problems-only`
// to leave themes out (as the application's runs did before themes cost little).
import { clusterRecords, DEFAULT_CLUSTERING } from '../../../src/domain/clustering/cluster-records.ts';
import { parallelNeighbourSearch } from '../../../src/server/clustering/parallel-neighbours.ts';
import { syntheticClusterRecords, syntheticEmbeddings } from './synthetic-clusters.ts';

const count = Number(process.argv[2] ?? 1000);
const semantic = process.argv.includes('semantic');
const problemsOnly = process.argv.includes('problems-only');
const plain = syntheticClusterRecords(count);
const records = semantic
  ? syntheticEmbeddings(plain).map((embedding, index) => ({ ...plain[index]!, embedding }))
  : plain;
const started = performance.now();
const options = problemsOnly ? { ...DEFAULT_CLUSTERING, themes: null } : DEFAULT_CLUSTERING;
const result = await clusterRecords(records, () => [], options, parallelNeighbourSearch());
const seconds = (performance.now() - started) / 1000;
console.log(
  JSON.stringify({
    count,
    semantic,
    themes: result.themes.length,
    seconds,
    peakMb: Math.round(process.resourceUsage().maxRSS / 1024),
    clusters: result.clusters.length,
  }),
);
