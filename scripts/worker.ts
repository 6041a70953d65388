// npm run worker: the background jobs of CBM Tracker, in a process of their own so that a long import
// never holds up the pages. `npm start` runs one beside the web server; with `npm run dev`, run it
// yourself in a second terminal. Several workers (one per server) never take the same job twice.
import { openProvider } from '../src/db/client.ts';
import { findActiveActor } from '../src/server/services/actors.ts';
import { embedOnAllCores } from '../src/server/clustering/parallel-embedding.ts';
import { parallelNeighbourSearch } from '../src/server/clustering/parallel-neighbours.ts';
import { runDueClusterJobs } from '../src/server/services/cluster-worker.ts';
import { runDueImports } from '../src/server/services/import-worker.ts';
import { deliverDueMail, smtpSender } from '../src/server/services/outbox-worker.ts';
import { startPolling } from '../src/server/services/polling.ts';
import { loadEnvOrExit } from './lib/load-env.ts';

const env = loadEnvOrExit();
const db = (await openProvider(env.DATABASE_URL)).createClient();
const search = parallelNeighbourSearch();
const embed = env.CLUSTER_SEMANTIC ? embedOnAllCores : undefined;
const workers = [
  startPolling(
    'import',
    () =>
      runDueImports(db, {
        actorOf: (userId) => findActiveActor(db, { id: userId }, env.TWO_FACTOR_REQUIRED_ROLES),
        maxBytes: env.IMPORT_MAX_MB * 1_048_576,
      }),
    1_000,
  ),
  startPolling('clustering', () => runDueClusterJobs(db, { search, embed }), 2_000),
];
if (env.SMTP_URL) {
  const send = smtpSender(env.SMTP_URL, env.MAIL_FROM);
  workers.push(startPolling('mail', () => deliverDueMail(db, send), 5_000));
}
console.log(
  `CBM Tracker worker: imports, clustering${embed ? ' (with semantic similarity)' : ''}${env.SMTP_URL ? ' and mail' : ''}.`,
);

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, async () => {
    await Promise.all(workers.map((worker) => worker.stop()));
    await db.$disconnect();
    process.exit(0);
  });
}
