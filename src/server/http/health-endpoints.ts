import type { IncomingMessage, ServerResponse } from 'node:http';
import { migrationNamesIn, migrationsDirOf } from '../../db/migration-folders.ts';
import { openProvider, type Db } from '../../db/client.ts';
import { providerOf } from '../../db/provider-name.ts';
import { env } from '../../lib/env.ts';
import { logger } from '../log/logger.ts';
import type { RequestRecord } from '../log/request-log.ts';
import { checkReadiness, type Readiness } from '../services/jobs/health-service.ts';

/**
 * /health and /health/ready, answered by the server before the app: load balancers ask for them every few
 * seconds per process, and neither needs a session, a page or Astro's routing. Both answer anyone, so they say
 * nothing of the database's kind or address (the tRPC system.health tells administrators which database runs).
 */
export const LIVENESS_PATH = '/health';
export const READINESS_PATH = '/health/ready';

let expectedMigrations: string[] | undefined;
let database: Promise<Db> | undefined;

/**
 * The checks' own client: the app's is inside the built bundle, whose copies of the database modules (the
 * dialect registry among them) are not this file's. It holds at most the two connections one check uses.
 */
function healthDatabase(): Promise<Db> {
  database ??= openProvider(env().DATABASE_URL).then((provider) => provider.createClient());
  return database;
}
let readinessInFlight: Promise<Readiness> | null = null;

/** Readiness checks arriving while one runs share its answer, so a burst of polls costs one set of queries. */
function currentReadiness(): Promise<Readiness> {
  readinessInFlight ??= (async () => {
    // The folders this version ships do not change while it runs.
    expectedMigrations ??= migrationNamesIn(migrationsDirOf(providerOf(env().DATABASE_URL)));
    return checkReadiness(await healthDatabase(), { expectedMigrations });
  })().finally(() => {
    readinessInFlight = null;
  });
  return readinessInFlight;
}

function sendJson(request: IncomingMessage, response: ServerResponse, status: number, body: unknown): void {
  const json = JSON.stringify(body);
  response.writeHead(status, {
    'Content-Type': 'application/json',
    'Content-Length': Buffer.byteLength(json),
    'Cache-Control': 'no-store',
  });
  response.end(request.method === 'HEAD' ? undefined : json);
}

/** Answers /health and /health/ready; false for any other address, which the app answers. */
export function answerHealthCheck(request: IncomingMessage, response: ServerResponse, record: RequestRecord): boolean {
  const path = (request.url ?? '/').split('?')[0];
  if (path !== LIVENESS_PATH && path !== READINESS_PATH) return false;
  record.route = path;
  if (request.method !== 'GET' && request.method !== 'HEAD') {
    response.setHeader('Allow', 'GET, HEAD');
    sendJson(request, response, 405, { status: 'error', reason: `${path} answers GET and HEAD only.` });
    return true;
  }
  // Liveness: the process answers. Nothing else, so that a slow database never gets a live process restarted.
  if (path === LIVENESS_PATH) {
    sendJson(request, response, 200, { status: 'ok' });
    return true;
  }
  currentReadiness().then(
    (readiness) => sendJson(request, response, readiness.status === 'ready' ? 200 : 503, readiness),
    (error: unknown) => {
      // checkReadiness turns each check's failure into a reason; this is a fault of the check itself.
      logger.error({ err: error, requestId: record.id }, 'readiness: the check failed');
      sendJson(request, response, 503, { status: 'not_ready', reason: 'The readiness check failed; see the log.' });
    },
  );
  return true;
}
