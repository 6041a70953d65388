import { createHash } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.txt': 'text/plain; charset=utf-8',
  '.csv': 'text/csv; charset=utf-8',
  '.json': 'application/json',
  '.xml': 'application/xml',
};

interface StaticFile {
  type: string;
  cacheControl: string;
  etag: string;
  bodies: { identity: Buffer; gzip: Buffer; br: Buffer };
}

function filesBelow(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? filesBelow(join(dir, entry.name)) : [join(dir, entry.name)],
  );
}

/**
 * The built site's text files (prerendered pages, styles, scripts, templates), read and compressed
 * once at start. Prerendered knowledge pages are the most read pages; serving them from memory,
 * already compressed, costs a lookup instead of a file read and a compression per request.
 */
export function loadStaticFiles(clientDir: string): Map<string, StaticFile> {
  const files = new Map<string, StaticFile>();
  for (const path of filesBelow(clientDir)) {
    const extension = path.slice(path.lastIndexOf('.'));
    const type = TYPES[extension];
    if (!type) continue;
    const identity = readFileSync(path);
    const urlPath = `/${relative(clientDir, path).split(sep).join('/')}`;
    const file: StaticFile = {
      type,
      // Files under /_astro/ carry a content hash in their name, so they never change.
      cacheControl: urlPath.startsWith('/_astro/')
        ? 'public, max-age=31536000, immutable'
        : 'public, max-age=0, must-revalidate',
      etag: `"${createHash('sha256').update(identity).digest('base64url').slice(0, 22)}"`,
      bodies: {
        identity,
        gzip: gzipSync(identity, { level: 9 }),
        br: brotliCompressSync(identity, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }),
      },
    };
    files.set(urlPath, file);
    if (urlPath.endsWith('/index.html')) {
      const page = urlPath.slice(0, -'index.html'.length);
      files.set(page, file);
      if (page !== '/') files.set(page.slice(0, -1), file);
    }
  }
  return files;
}

function preferredEncoding(acceptEncoding: string | undefined): 'br' | 'gzip' | 'identity' {
  const accepted = (acceptEncoding ?? '').toLowerCase();
  if (/\bbr\b/.test(accepted)) return 'br';
  if (/\bgzip\b/.test(accepted)) return 'gzip';
  return 'identity';
}

/** Answers from memory when the request is for one of the files; otherwise leaves it alone. */
export function serveStaticFile(
  files: Map<string, StaticFile>,
  request: IncomingMessage,
  response: ServerResponse,
): boolean {
  if (request.method !== 'GET' && request.method !== 'HEAD') return false;
  let pathname: string;
  try {
    pathname = decodeURIComponent(new URL(request.url ?? '/', 'http://localhost').pathname);
  } catch {
    return false;
  }
  const file = files.get(pathname);
  if (!file) return false;
  const encoding = preferredEncoding(request.headers['accept-encoding']);
  const etag = encoding === 'identity' ? file.etag : `${file.etag.slice(0, -1)}-${encoding}"`;
  response.setHeader('Content-Type', file.type);
  response.setHeader('Cache-Control', file.cacheControl);
  response.setHeader('ETag', etag);
  response.setHeader('Vary', 'Accept-Encoding');
  if (request.headers['if-none-match'] === etag) {
    response.writeHead(304).end();
    return true;
  }
  if (encoding !== 'identity') response.setHeader('Content-Encoding', encoding);
  const body = file.bodies[encoding];
  response.setHeader('Content-Length', body.length);
  response.writeHead(200).end(request.method === 'HEAD' ? undefined : body);
  return true;
}
