// npm start: validate the configuration, build if needed, migrate and seed, then serve.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { pathToFileURL } from 'node:url';
import compression from 'compression';
import { buildIfStale, SERVER_ENTRY } from './lib/build-if-stale.ts';
import { sendPublicCopy } from '../src/server/http/public-page-cache.ts';
import { loadStaticFiles, serveStaticFile } from '../src/server/http/static-files.ts';
import { answerHealthCheck } from '../src/server/http/health-endpoints.ts';
import { logRequestError } from '../src/server/log/logger.ts';
import { renderWithRecord, startRequestLog } from '../src/server/log/request-log.ts';
import { open311MethodRefusal } from '../src/lib/open311/open311-answers.ts';
import { loadEnvOrExit } from './lib/load-env.ts';
import { describeSeed, prepareDatabase } from './lib/prepare-database.ts';
import { setSecurityHeaders } from './lib/security-headers.ts';
import { startWorkerProcess } from './lib/worker-process.ts';

type NodeHandler = (req: IncomingMessage, res: ServerResponse, next?: () => void) => void;

const env = loadEnvOrExit();

const root = process.cwd();
buildIfStale(root);

const prepared = await prepareDatabase(env);
const where = prepared.provider === 'sqlite' ? env.DATABASE_URL.slice('file:'.length) : 'PostgreSQL';
console.log(
  `Database (${prepared.provider}, ${where}): ${prepared.appliedMigrations.length} migration(s) applied` +
    (prepared.seed ? `; ${describeSeed(prepared.seed)}` : '') +
    (prepared.synonymsAdded > 0 ? `; ${prepared.synonymsAdded} new synonym(s) from content/taxonomy.json` : '') +
    '.',
);

// The adapter's standalone handler serves pages and the remaining static files; this server
// serves the built text files from memory, compressed once, adds compression for rendered pages
// (which @astrojs/node does not do) and logs the port it really got, which matters for PORT=0.
process.env.ASTRO_NODE_AUTOSTART = 'disabled';
const { handler } = (await import(pathToFileURL(`${root}/${SERVER_ENTRY}`).href)) as { handler: NodeHandler };
const compress = compression({ threshold: 1024 });
const staticFiles = loadStaticFiles(`${root}/dist/client`);
const server = createServer((req, res) => {
  // One log line per request, whichever layer answers it; Astro's middleware fills in the route it rendered.
  const request = startRequestLog(req, res);
  setSecurityHeaders(res);
  if (answerHealthCheck(req, res, request)) return;
  if (serveStaticFile(staticFiles, req, res)) return void (request.route = 'static');
  // Open311 clients post forms from elsewhere, which Astro's origin check would refuse in plain text before any
  // route runs; the refusal they get is the standard's.
  const open311Refusal = open311MethodRefusal(req.method ?? 'GET', (req.url ?? '/').split('?')[0]!);
  if (open311Refusal) {
    request.route = 'open311 (refused method)';
    return void res.writeHead(open311Refusal.status, open311Refusal.headers).end(open311Refusal.body ?? undefined);
  }
  const render = () => renderWithRecord(request, () => compress(req as never, res as never, () => handler(req, res)));
  // A visitor without a session gets a public output's current copy, if there is one, without the app's pipeline.
  sendPublicCopy(req, res, request).then(
    (sent) => sent || render(),
    (error: unknown) => {
      logRequestError(error, { requestId: request.id, where: 'public copy' });
      render();
    },
  );
});

// Imports too large to run while a page waits, and mail, are done by a worker process beside this one.
const worker = startWorkerProcess(root);

server.listen(env.PORT, env.HOST, () => {
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : env.PORT;
  const url = `http://${env.HOST}:${port}`;
  // The built server reads PUBLIC_URL on its first request; with PORT=0 only now is the port known.
  if (!process.env.PUBLIC_URL) process.env.PUBLIC_URL = url;
  console.log(`CBM Tracker is serving on ${url}`);
  if (!env.SMTP_URL) console.log('SMTP_URL is not set: mails wait in the outbox, where administrators can read them.');
  if (env.DEMO_ACCOUNTS) {
    console.log(
      `Demo accounts are on: sign in at ${url}/login as analyst@demo.cbm-tracker.invalid / demo-analyst-password (all in README.md).`,
    );
  }
});

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    server.close(() => void worker.stop().then(() => process.exit(0)));
    server.closeAllConnections();
  });
}
