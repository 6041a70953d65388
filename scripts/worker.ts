// npm run worker: the background jobs of CBM Tracker, in a process of their own so that a long import
// never holds up the pages. `npm start` runs one beside the web server; with `npm run dev`, run it
// yourself in a second terminal. Several workers (one per server) never take the same job twice. Started by
// `npm start`, it ends when the server ends, even one killed with SIGKILL (scripts/lib/parent-watch.ts).
import { openProvider } from '../src/db/client.ts';
import { findActiveActor } from '../src/server/services/accounts/actors.ts';
import { embedOnAllCores } from '../src/server/clustering/parallel-embedding.ts';
import { parallelNeighbourSearch } from '../src/server/clustering/parallel-neighbours.ts';
import { runDueClusterJobs } from '../src/server/services/clustering/cluster-worker.ts';
import { runDailyCaseNotices } from '../src/server/services/cases/case-reminders-service.ts';
import { runDueImports } from '../src/server/services/imports/import-worker.ts';
import { deliverDueMail, smtpSender } from '../src/server/services/jobs/outbox-worker.ts';
import { startPolling } from '../src/server/services/jobs/polling.ts';
import {
  endWorkerHeartbeat,
  WORKER_HEARTBEAT_INTERVAL_MS,
  workerName,
  writeWorkerHeartbeat,
} from '../src/server/services/jobs/worker-heartbeat.ts';
import { logger } from '../src/server/log/logger.ts';
import { loadEnvOrExit } from './lib/load-env.ts';
import { watchParent } from './lib/parent-watch.ts';

/** How long a worker whose server has ended waits for the round in progress before it exits anyway. */
const ORPHAN_GRACE_MS = 10_000;

let stopping: Promise<void> | null = null;
/** Replaced once the pollers run; until then there is nothing to wait for. */
let stopWork = async () => {};
/** Stops polling, lets the round in progress finish, disconnects and exits; once. */
const stop = () => (stopping ??= stopWork().then(() => process.exit(0)));

// Watched before anything else, so that a server killed while this worker starts up leaves no worker behind.
watchParent((how) => {
  logger.warn({ pid: process.pid, reason: how }, 'worker stopping: its server ended');
  // An import cut off here wrote nothing (one transaction); the next worker's sweep queues it again.
  setTimeout(() => process.exit(0), ORPHAN_GRACE_MS).unref();
  void stop();
});

const env = loadEnvOrExit();
const db = (await openProvider(env.DATABASE_URL)).createClient();
const search = parallelNeighbourSearch();
const embed = env.CLUSTER_SEMANTIC ? embedOnAllCores : undefined;
const name = workerName();
const workers = [
  // Read by /health/ready on every web process: some worker is alive (worker-heartbeat.ts).
  startPolling('heartbeat', () => writeWorkerHeartbeat(db, name), WORKER_HEARTBEAT_INTERVAL_MS),
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
  // Deadline reminders and digests, from 07:00 South African time; one worker of several runs each day's.
  startPolling('case notices', () => runDailyCaseNotices(db, { publicUrl: env.PUBLIC_URL }), 60_000),
];
if (env.SMTP_URL) {
  const send = smtpSender(env.SMTP_URL, env.MAIL_FROM);
  workers.push(startPolling('mail', () => deliverDueMail(db, send), 5_000));
}
logger.info(
  {
    pid: process.pid,
    jobs: ['import', 'clustering', 'case notices', ...(env.SMTP_URL ? ['mail'] : [])],
    semanticSimilarity: Boolean(embed),
  },
  'worker started',
);

stopWork = async () => {
  await Promise.all(workers.map((worker) => worker.stop()));
  await endWorkerHeartbeat(db, name).catch((error: unknown) =>
    logger.warn({ err: error }, 'worker could not record that it stopped'),
  );
  await db.$disconnect();
};
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => void stop());
