// npm run cluster:run -- --as <e-mail of an analyst or administrator> [--semantic]
// A full clustering run over the database's local issues, in this process (never the web server's), with
// its phases on standard error. It is the same run the clusters page queues: a worker that picks it up
// first does it instead, and this command follows its progress until it ends.
import { parseArgs } from 'node:util';
import { openProvider } from '../src/db/client.ts';
import { findActiveActor } from '../src/server/services/accounts/actors.ts';
import { embedOnAllCores } from '../src/server/clustering/parallel-embedding.ts';
import { parallelNeighbourSearch } from '../src/server/clustering/parallel-neighbours.ts';
import { queueClusterRun } from '../src/server/services/clustering/cluster-run-service.ts';
import { runDueClusterJobs } from '../src/server/services/clustering/cluster-worker.ts';
import { ServiceError } from '../src/server/services/shared/service-error.ts';
import { migrateDatabase } from './lib/prepare-database.ts';
import { runScript } from './lib/run-script.ts';

const USAGE = 'Usage: npm run cluster:run -- --as <your e-mail> [--semantic]';
const POLL_MS = 500;

await runScript(async (env) => {
  const { values } = parseArgs({ options: { as: { type: 'string' }, semantic: { type: 'boolean', default: false } } });
  if (!values.as) throw new ServiceError('invalid_input', USAGE);
  await migrateDatabase(env.DATABASE_URL);
  const db = (await openProvider(env.DATABASE_URL)).createClient();
  try {
    const actor = await findActiveActor(db, { email: values.as }, env.TWO_FACTOR_REQUIRED_ROLES);
    if (!actor) throw new ServiceError('invalid_input', `There is no active account for ${values.as}.`);
    const { clusterRunId, isAlreadyQueued } = await queueClusterRun(db, actor);
    console.error(`${isAlreadyQueued ? 'Following the run already under way' : 'Queued run'} ${clusterRunId}.`);

    let lastPhase = '';
    const report = async () => {
      const run = await db.clusterRun.findUniqueOrThrow({ where: { id: clusterRunId } });
      if (run.phase !== lastPhase) {
        lastPhase = run.phase;
        console.error(`${run.phase}${run.issueCount ? ` (${run.issueCount} issues)` : ''}`);
      }
      return run;
    };
    const progress = setInterval(() => void report(), POLL_MS);
    try {
      // Does the run unless a worker holds it; the job's lease keeps the two from both doing it.
      await runDueClusterJobs(db, {
        search: parallelNeighbourSearch(),
        embed: values.semantic || env.CLUSTER_SEMANTIC ? embedOnAllCores : undefined,
        runnerKind: 'command_line',
      });
      let run = await report();
      while (run.status === 'queued' || run.status === 'running') {
        await new Promise((resolve) => setTimeout(resolve, POLL_MS));
        run = await report();
      }
      if (run.status !== 'succeeded')
        throw new ServiceError('refused', `The run failed: ${run.message ?? 'no reason given'}.`);
      console.log(
        `Clustered ${run.issueCount} local issues into ${run.clusterCount} clusters of two or more (run ${run.id}).`,
      );
    } finally {
      clearInterval(progress);
    }
  } finally {
    await db.$disconnect();
  }
});
