import { request as httpRequest } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSqliteProvider } from '../../src/db/sqlite.ts';
import { startAppOnPreparedDatabase, temporarySqliteUrl, type RunningApp } from '../support/app-server.ts';
import { cookiesFrom } from '../support/auth.ts';

const MB = 1_048_576;

/**
 * Sends the headers of a request with a body, and only as much of the body as the server takes before it
 * answers: a server that refuses by Content-Length answers without waiting for the rest.
 */
function postDeclaring(
  url: string,
  { length, headers = {}, sent = 1024 }: { length: number | null; headers?: Record<string, string>; sent?: number },
): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const outgoing = httpRequest(url, {
      method: 'POST',
      headers: { ...headers, ...(length === null ? { 'transfer-encoding': 'chunked' } : { 'content-length': length }) },
    });
    outgoing.on('response', (response) => {
      let body = '';
      response.on('data', (chunk: Buffer) => (body += chunk.toString()));
      response.on('end', () => {
        resolve({ status: response.statusCode ?? 0, body });
        outgoing.destroy();
      });
    });
    outgoing.on('error', (error) => (outgoing.destroyed ? undefined : reject(error)));
    outgoing.write(Buffer.alloc(sent, 'a'));
  });
}

describe('request bodies and cross-site requests, over HTTP', () => {
  const database = temporarySqliteUrl();
  let app: RunningApp;
  const cookies: Record<string, string> = {};
  beforeAll(async () => {
    app = await startAppOnPreparedDatabase({ DATABASE_URL: database.url, DEMO_ACCOUNTS: 'true', IMPORT_MAX_MB: '2' });
    for (const who of ['analyst', 'partner']) {
      const response = await fetch(`${app.url}/login`, {
        method: 'POST',
        redirect: 'manual',
        headers: { origin: app.url, 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ email: `${who}@demo.cbm-tracker.invalid`, password: `demo-${who}-password` }),
      });
      cookies[who] = cookiesFrom(response);
    }
  });
  afterAll(async () => {
    await app?.stop();
    database.remove();
  });
  const sameSite = (who?: string) => ({ origin: app.url, ...(who ? { cookie: cookies[who]! } : {}) });

  it('refuses an anonymous post over 64 KB before reading it, even one that claims 450 MB', async () => {
    for (const length of [65 * 1024, 450 * MB]) {
      const answer = await postDeclaring(`${app.url}/login`, {
        length,
        headers: { ...sameSite(), 'content-type': 'application/x-www-form-urlencoded' },
      });
      expect(answer.status).toBe(413);
      expect(answer.body).toMatch(/too large/);
    }
    const small = await postDeclaring(`${app.url}/api/trpc/system.health`, { length: 2 * 1024, headers: sameSite() });
    expect(small.status).not.toBe(413);
  });

  it('refuses a body of unknown length', async () => {
    const answer = await postDeclaring(`${app.url}/login`, { length: null, headers: sameSite() });
    expect(answer.status).toBe(411);
  });

  it('takes up to 1 MB from a signed-in person, and an import of IMPORT_MAX_MB only from a role that may import', async () => {
    const tooMuch = await postDeclaring(`${app.url}/api/trpc/localIssue.create`, {
      length: MB + 1024,
      headers: { ...sameSite('analyst'), 'content-type': 'application/json' },
    });
    expect(tooMuch.status).toBe(413);
    // A 2 MB file travels as about 2.7 MB of base64.
    const importSize = Math.ceil(2 * MB * 1.34);
    const analystsImport = await postDeclaring(`${app.url}/api/trpc/imports.run`, {
      length: importSize,
      headers: { ...sameSite('analyst'), 'content-type': 'application/json' },
      sent: importSize,
    });
    expect(analystsImport.status).not.toBe(413);
    const partnersImport = await postDeclaring(`${app.url}/api/trpc/imports.run`, {
      length: importSize,
      headers: { ...sameSite('partner'), 'content-type': 'application/json' },
    });
    expect(partnersImport.status).toBe(413);
    const overTheLimit = await postDeclaring(`${app.url}/issues/import`, {
      length: 4 * MB,
      headers: { ...sameSite('analyst'), 'content-type': 'multipart/form-data; boundary=x' },
    });
    expect(overTheLimit.status).toBe(413);
  });

  it('refuses a post from another site whatever its Content-Type, and changes nothing', async () => {
    const db = createSqliteProvider(database.url).createClient();
    try {
      const runsBefore = await db.clusterRun.count();
      for (const [path, who] of [
        ['/clusters', 'analyst'],
        ['/logout', 'partner'],
      ] as const) {
        const response = await fetch(`${app.url}${path}`, {
          method: 'POST',
          redirect: 'manual',
          headers: { origin: 'https://evil.example', cookie: cookies[who]! },
          body: new Uint8Array([1, 2, 3]),
        });
        expect(response.status, path).toBe(403);
      }
      expect(await db.clusterRun.count()).toBe(runsBefore);
      const account = await fetch(`${app.url}/account`, { headers: { cookie: cookies.partner! }, redirect: 'manual' });
      expect(account.status).toBe(200);
    } finally {
      await db.$disconnect();
    }
  });
});
