import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { pathToFileURL } from 'node:url';
import compression from 'compression';
import { SERVER_ENTRY } from './build-if-stale.ts';
import { setSecurityHeaders } from './security-headers.ts';
import { sendPublicCopy } from '../../src/server/http/public-page-cache.ts';
import { loadStaticFiles, serveStaticFile } from '../../src/server/http/static-files.ts';
import { answerHealthCheck } from '../../src/server/http/health-endpoints.ts';
import { logRequestError } from '../../src/server/log/logger.ts';
import { renderWithRecord, startRequestLog } from '../../src/server/log/request-log.ts';
import { open311MethodRefusal } from '../../src/lib/open311/open311-answers.ts';
import type { Env } from '../../src/lib/env.ts';

type NodeHandler = (req: IncomingMessage, res: ServerResponse, next?: () => void) => void;

/**
 * One web process: this server answers the health checks, serves the built files from memory (text files
 * compressed once), answers visitors without a session from the public copies, and hands the rest to the
 * adapter's handler (middleware mode: pages only), adding the compression @astrojs/node does not do. Each request
 * gets one log line, whichever layer answers it. Resolves with the port it really got,
 * which matters for PORT=0.
 */
export async function serveWeb(env: Env, root: string): Promise<{ server: Server; port: number }> {
  const { handler } = (await import(pathToFileURL(`${root}/${SERVER_ENTRY}`).href)) as { handler: NodeHandler };
  const compress = compression({ threshold: 1024 });
  const staticFiles = loadStaticFiles(`${root}/dist/client`);
  const server = createServer((req, res) => {
    // One log line per request, whichever layer answers it; Astro's middleware fills in the route it rendered.
    const request = startRequestLog(req, res);
    setSecurityHeaders(res);
    if (answerHealthCheck(req, res, request)) return;
    if (serveStaticFile(staticFiles, req, res)) return void (request.route = 'static');
    // What the adapter's standalone mode refused before any route: an address that cannot be decoded.
    try {
      decodeURI(req.url ?? '/');
    } catch {
      request.route = 'undecodable address';
      return void res.writeHead(400, { 'content-type': 'text/plain; charset=utf-8' }).end('Bad request.');
    }
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
  const port = await new Promise<number>((resolve, reject) => {
    server.once('error', reject);
    server.listen(env.PORT, env.HOST, () => {
      const address = server.address();
      resolve(typeof address === 'object' && address ? address.port : env.PORT);
    });
  });
  // The built server reads PUBLIC_URL on its first request; with PORT=0 only now is the port known.
  if (!process.env.PUBLIC_URL) process.env.PUBLIC_URL = `http://${env.HOST}:${port}`;
  return { server, port };
}

/** Stops taking requests, ends the open connections, and resolves once the server is closed. */
export function closeWeb(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
}
