// npm start: validate the configuration, build if needed, migrate and seed, then serve.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { pathToFileURL } from 'node:url';
import compression from 'compression';
import { ConfigError, loadEnv, type Env } from '../src/lib/env.ts';
import { buildIfStale, SERVER_ENTRY } from './lib/build-if-stale.ts';
import { describeSeed, prepareDatabase } from './lib/prepare-database.ts';

type NodeHandler = (req: IncomingMessage, res: ServerResponse, next?: () => void) => void;

/** One line per bad variable and exit 1: a configuration mistake is not a crash, so no stack trace. */
function loadEnvOrExit(): Env {
  try {
    return loadEnv(process.env);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    for (const problem of error.problems) console.error(`CBM Tracker cannot start: ${problem}`);
    process.exit(1);
  }
}

const env = loadEnvOrExit();

const root = process.cwd();
buildIfStale(root);

const prepared = await prepareDatabase(env.DATABASE_URL);
const where = prepared.provider === 'sqlite' ? env.DATABASE_URL.slice('file:'.length) : 'PostgreSQL';
console.log(
  `Database (${prepared.provider}, ${where}): ${prepared.appliedMigrations.length} migration(s) applied` +
    (prepared.seed ? `; ${describeSeed(prepared.seed)}.` : '.'),
);

// The adapter's standalone handler serves static files and pages; this server adds compression
// (which @astrojs/node does not do) and logs the port it really got, which matters for PORT=0.
process.env.ASTRO_NODE_AUTOSTART = 'disabled';
const { handler } = (await import(pathToFileURL(`${root}/${SERVER_ENTRY}`).href)) as { handler: NodeHandler };
const compress = compression({ threshold: 1024 });
const server = createServer((req, res) => compress(req as never, res as never, () => handler(req, res)));

server.listen(env.PORT, env.HOST, () => {
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : env.PORT;
  console.log(`CBM Tracker is serving on http://${env.HOST}:${port}`);
});

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    server.close(() => process.exit(0));
    server.closeAllConnections();
  });
}
