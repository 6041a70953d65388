// One step of the semantic-default benchmark in a process of its own, as the worker would do it, printing its
// time, CPU seconds and peak memory as JSON (so that they are the step's, not the test runner's). Arguments:
// the database URL and the step:
// - `embed`: the first embedding of every live issue (`embeddingsOf` on both cores, vectors stored in
//   IssueEmbedding), with its progress on stderr;
// - `run-lexical` / `run-semantic`: a full clustering run (`runClustering`, the worker's neighbour search),
//   without or with the sentence encoder (whose stored vectors it then reads).
import { openProvider } from '../../../src/db/client.ts';
import { semanticTextOf } from '../../../src/domain/clustering/semantic.ts';
import { embedOnAllCores } from '../../../src/server/clustering/parallel-embedding.ts';
import { parallelNeighbourSearch } from '../../../src/server/clustering/parallel-neighbours.ts';
import {
  loadClusteringTaxonomy,
  loadIssuesForClustering,
} from '../../../src/server/services/clustering/cluster-records.ts';
import { queueSystemClusterRun, runClustering } from '../../../src/server/services/clustering/cluster-run-service.ts';
import { embeddingsOf } from '../../../src/server/services/clustering/issue-embedding-service.ts';

const [databaseUrl = '', step = ''] = process.argv.slice(2);
const db = (await openProvider(databaseUrl)).createClient();
const cpuBefore = process.cpuUsage();
const started = performance.now();
const figures: Record<string, number> = {};
if (step === 'embed') {
  const taxonomy = await loadClusteringTaxonomy(db);
  const issues = await loadIssuesForClustering(db, taxonomy);
  let reported = 0;
  const vectors = await embeddingsOf(
    db,
    embedOnAllCores,
    issues.map((issue) => ({ id: issue.id, ...issue.record })),
    (done, total) => {
      if (done - reported < 1_000 && done < total) return;
      reported = done;
      const seconds = (performance.now() - started) / 1000;
      console.error(`embedded ${done} of ${total} in ${seconds.toFixed(0)} s`);
    },
  );
  const characters = issues.reduce((sum, issue) => sum + semanticTextOf(issue.record).length, 0);
  Object.assign(figures, { texts: issues.length, vectors: vectors.length, meanCharacters: characters / issues.length });
} else if (step === 'run-lexical' || step === 'run-semantic') {
  const { clusterRunId } = await queueSystemClusterRun(db, 'semantic-default benchmark');
  const run = await runClustering(db, clusterRunId, {
    search: parallelNeighbourSearch(),
    embed: step === 'run-semantic' ? embedOnAllCores : undefined,
  });
  Object.assign(figures, { issues: run.issueCount, clusters: run.clusterCount });
} else {
  throw new Error(`Unknown step ${step}: embed, run-lexical or run-semantic.`);
}
const cpu = process.cpuUsage(cpuBefore);
const seconds = (performance.now() - started) / 1000;
await db.$disconnect();
console.log(
  JSON.stringify({
    ...figures,
    seconds,
    cpuSeconds: (cpu.user + cpu.system) / 1e6,
    peakMb: Math.round(process.resourceUsage().maxRSS / 1024),
  }),
);
process.exit(0);
