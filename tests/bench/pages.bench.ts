// npm run bench -- tests/bench/pages.bench.ts
// Whole requests through the built server (npm start), sequential, on loopback, SQLite.
import { afterAll, beforeAll, describe, test } from 'vitest';
import { startApp, temporarySqliteUrl, type RunningApp } from '../support/app-server.ts';

describe('pages served by npm start [sqlite]', () => {
  const database = temporarySqliteUrl();
  let app: RunningApp;
  let adminCookie = '';
  beforeAll(async () => {
    app = await startApp({ DATABASE_URL: database.url, DEMO_ACCOUNTS: 'true' });
    const signIn = await fetch(`${app.url}/login`, {
      method: 'POST',
      redirect: 'manual',
      headers: { origin: app.url, 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ email: 'admin@demo.cbm-tracker.invalid', password: 'demo-admin-password' }),
    });
    adminCookie = signIn.headers
      .getSetCookie()
      .map((cookie) => cookie.split(';')[0])
      .join('; ');
  });
  afterAll(async () => {
    await app.stop();
    database.remove();
  });

  const get = (path: string, cookie?: string) => async () => {
    const response = await fetch(`${app.url}${path}`, {
      headers: { 'accept-encoding': 'gzip', ...(cookie ? { cookie } : {}) },
    });
    await response.arrayBuffer();
  };

  test('one request at a time', async ({ bench }) => {
    await bench.compare(
      bench('GET / (gzip)', get('/')),
      bench('GET /facilities (gzip)', get('/facilities')),
      bench('GET /facilities filtered, by open issues (gzip)', get('/facilities?province=mpumalanga&sort=open_issues')),
      bench('GET /api/trpc/system.health', get('/api/trpc/system.health')),
      bench('GET / signed in as admin (session lookup)', get('/', adminCookie)),
      bench('GET /admin/users signed in as admin', get('/admin/users', adminCookie)),
      { time: 2000 },
    );
  });
});
