import { createServer, get, type Server } from 'node:http';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadStaticFiles, serveStaticFile } from '../../../src/server/http/static-files.ts';

function request(url: string, headers: Record<string, string> = {}, method = 'GET') {
  return new Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: Buffer }>(
    (resolve, reject) => {
      get(url, { headers, method }, (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () =>
          resolve({ status: response.statusCode ?? 0, headers: response.headers, body: Buffer.concat(chunks) }),
        );
      }).on('error', reject);
    },
  );
}

describe('serving the built site from memory', () => {
  const dir = mkdtempSync(join(tmpdir(), 'cbm-static-'));
  const page = `<!doctype html><title>Guide</title>${'<p>Text of the guide.</p>'.repeat(50)}`;
  let server: Server;
  let base = '';
  beforeAll(async () => {
    mkdirSync(join(dir, 'knowledge/guide'), { recursive: true });
    mkdirSync(join(dir, '_astro'), { recursive: true });
    writeFileSync(join(dir, 'knowledge/guide/index.html'), page);
    writeFileSync(join(dir, '_astro/app.1a2b3c.css'), 'body{margin:0}');
    writeFileSync(join(dir, 'photo.png'), Buffer.from([0x89, 0x50, 0x4e, 0x47]));
    const files = loadStaticFiles(dir);
    server = createServer((req, res) => {
      if (!serveStaticFile(files, req, res)) res.writeHead(404).end('not ours');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const address = server.address();
    base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  });
  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
    rmSync(dir, { recursive: true, force: true });
  });

  it('serves a page at its address, with or without the trailing slash, in the best encoding asked for', async () => {
    const brotli = await request(`${base}/knowledge/guide`, { 'accept-encoding': 'gzip, deflate, br' });
    expect(brotli.headers['content-encoding']).toBe('br');
    expect(brotliDecompressSync(brotli.body).toString()).toBe(page);
    const gzip = await request(`${base}/knowledge/guide/`, { 'accept-encoding': 'gzip' });
    expect(gunzipSync(gzip.body).toString()).toBe(page);
    const plain = await request(`${base}/knowledge/guide/index.html`);
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.body.toString()).toBe(page);
    expect(plain.headers.vary).toBe('Accept-Encoding');
  });

  it('answers 304 to a matching ETag and caches hashed assets for a year', async () => {
    const first = await request(`${base}/_astro/app.1a2b3c.css`, { 'accept-encoding': 'gzip' });
    expect(first.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    const again = await request(`${base}/_astro/app.1a2b3c.css`, {
      'accept-encoding': 'gzip',
      'if-none-match': String(first.headers.etag),
    });
    expect(again.status).toBe(304);
  });

  it('serves a file that is not text as it is, even when compression is asked for', async () => {
    const photo = await request(`${base}/photo.png`, { 'accept-encoding': 'gzip, deflate, br' });
    expect(photo.status).toBe(200);
    expect(photo.headers['content-type']).toBe('image/png');
    expect(photo.headers['content-encoding']).toBeUndefined();
    expect(photo.body).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47]));
  });

  it('leaves other methods and unknown addresses to the next handler', async () => {
    expect((await request(`${base}/knowledge/guide`, {}, 'POST')).body.toString()).toBe('not ours');
    expect((await request(`${base}/nowhere`)).status).toBe(404);
    expect((await request(`${base}/%E0%A4%A`)).status).toBe(404);
  });
});
