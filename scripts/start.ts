// npm start: validate the configuration, build if needed, migrate and seed, then serve with WEB_CONCURRENCY web
// processes beside one background worker.
import cluster from 'node:cluster';
import { buildIfStale } from './lib/build-if-stale.ts';
import { loadEnvOrExit } from './lib/load-env.ts';
import { describeSeed, prepareDatabase } from './lib/prepare-database.ts';
import { closeWeb, serveWeb } from './lib/web-server.ts';
import { startWebProcesses } from './lib/web-processes.ts';
import { startWorkerProcess } from './lib/worker-process.ts';

const env = loadEnvOrExit();
const root = process.cwd();

if (cluster.isWorker) {
  // A web process forked by the primary below: it serves until the primary asks it to stop. Ctrl-C in a terminal
  // signals the whole process group; the primary decides, so the web process just closes.
  const { server } = await serveWeb(env, root);
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => void closeWeb(server).then(() => process.exit(0)));
  }
} else {
  buildIfStale(root);

  const prepared = await prepareDatabase(env);
  const where = prepared.provider === 'sqlite' ? env.DATABASE_URL.slice('file:'.length) : 'PostgreSQL';
  console.log(
    `Database (${prepared.provider}, ${where}): ${prepared.appliedMigrations.length} migration(s) applied` +
      (prepared.seed ? `; ${describeSeed(prepared.seed)}` : '') +
      (prepared.synonymsAdded > 0 ? `; ${prepared.synonymsAdded} new synonym(s) from content/taxonomy.json` : '') +
      '.',
  );

  // Imports too large to run while a page waits, clustering runs and mail are done by one worker process.
  const worker = startWorkerProcess(root);

  // One web process serves in this process itself; more are forked and share its socket.
  let stopWeb: () => Promise<void>;
  let port: number;
  try {
    if (env.WEB_CONCURRENCY === 1) {
      const web = await serveWeb(env, root);
      stopWeb = () => closeWeb(web.server);
      port = web.port;
    } else {
      const web = startWebProcesses(env.WEB_CONCURRENCY);
      stopWeb = web.stop;
      port = await web.port;
    }
  } catch (error) {
    console.error(`CBM Tracker cannot start: ${error instanceof Error ? error.message : String(error)}`);
    await worker.stop();
    process.exit(1);
  }

  const url = `http://${env.HOST}:${port}`;
  const processes = env.WEB_CONCURRENCY === 1 ? '' : ` with ${env.WEB_CONCURRENCY} web processes`;
  console.log(`CBM Tracker is serving on ${url}${processes}`);
  if (!env.SMTP_URL) console.log('SMTP_URL is not set: mails wait in the outbox, where administrators can read them.');
  if (env.DEMO_ACCOUNTS) {
    console.log(
      `Demo accounts are on: sign in at ${url}/login as analyst@demo.cbm-tracker.invalid / demo-analyst-password (all in README.md).`,
    );
  }

  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => void stopWeb().then(() => worker.stop().then(() => process.exit(0))));
  }
}
