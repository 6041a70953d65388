import { createHash } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

/** Text files, compressed once at start. */
const TEXT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.txt': 'text/plain; charset=utf-8',
  '.csv': 'text/csv; charset=utf-8',
  '.json': 'application/json',
  '.xml': 'application/xml',
};

/** Files that are compressed already, or gain nothing from it, sent as they are. */
const BINARY_TYPES: Record<string, string> = {
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.pdf': 'application/pdf',
};

interface StaticFile {
  type: string;
  cacheControl: string;
  etag: string;
  bodies: { identity: Buffer; gzip: Buffer | null; br: Buffer | null };
}

function filesBelow(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? filesBelow(join(dir, entry.name)) : [join(dir, entry.name)],
  );
}

/**
 * Every file of the built site (prerendered pages, styles, scripts, templates), read once at start, text files
 * compressed once too. Prerendered knowledge pages are the most read pages; serving them from memory, already
 * compressed, costs a lookup instead of a file read and a compression per request. Since this serves them all,
 * the adapter runs without its own static handler (astro.config.mjs), which looked on disk for every page.
 */
export function loadStaticFiles(clientDir: string): Map<string, StaticFile> {
  const files = new Map<string, StaticFile>();
  for (const path of filesBelow(clientDir)) {
    const extension = path.slice(path.lastIndexOf('.')).toLowerCase();
    const isText = extension in TEXT_TYPES;
    const type = TEXT_TYPES[extension] ?? BINARY_TYPES[extension] ?? 'application/octet-stream';
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
        gzip: isText ? gzipSync(identity, { level: 9 }) : null,
        br: isText ? brotliCompressSync(identity, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }) : null,
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
  const encoding = file.bodies.gzip ? preferredEncoding(request.headers['accept-encoding']) : 'identity';
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
  const body = file.bodies[encoding] ?? file.bodies.identity;
  response.setHeader('Content-Length', body.length);
  response.writeHead(200).end(request.method === 'HEAD' ? undefined : body);
  return true;
}
