// npm run bench -- tests/bench/pages.bench.ts
// Whole requests through the built server (npm start), sequential, on loopback, SQLite.
import { afterAll, beforeAll, describe, test } from 'vitest';
import { startApp, temporarySqliteUrl, type RunningApp } from '../support/app-server.ts';

describe('pages served by npm start [sqlite]', () => {
  const database = temporarySqliteUrl();
  let app: RunningApp;
  beforeAll(async () => {
    app = await startApp({ DATABASE_URL: database.url });
  });
  afterAll(async () => {
    await app.stop();
    database.remove();
  });

  const get = (path: string) => async () => {
    const response = await fetch(`${app.url}${path}`, { headers: { 'accept-encoding': 'gzip' } });
    await response.arrayBuffer();
  };

  test('one request at a time', async ({ bench }) => {
    await bench.compare(
      bench('GET / (gzip)', get('/')),
      bench('GET /facilities (gzip)', get('/facilities')),
      bench('GET /facilities filtered, by open issues (gzip)', get('/facilities?province=mpumalanga&sort=open_issues')),
      bench('GET /api/trpc/system.health', get('/api/trpc/system.health')),
      { time: 2000 },
    );
  });
});
