import { get, type IncomingHttpHeaders } from 'node:http';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { exitOf, runStartScript, startApp, temporarySqliteUrl } from '../support/app-server.ts';
import { readMigrationsList } from '../../src/db/migrations.ts';
import { createSqliteProvider } from '../../src/db/sqlite.ts';
import { createTestDatabase } from '../support/test-database.ts';

/** How many migrations a fresh database of each provider gets (some fixes concern one provider only). */
const migrationCount = (provider: 'sqlite' | 'postgresql') =>
  readMigrationsList(fileURLToPath(new URL(`../../prisma/migrations/${provider}`, import.meta.url)))
    .migrationDirectories.length;

function getRaw(url: string, headers: Record<string, string>): Promise<{ headers: IncomingHttpHeaders; body: Buffer }> {
  return new Promise((resolve, reject) => {
    get(url, { headers }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => resolve({ headers: response.headers, body: Buffer.concat(chunks) }));
    }).on('error', reject);
  });
}

describe('npm start', () => {
  it('stops with one line naming PORT when it is not a number', async () => {
    const start = runStartScript({ PORT: 'abc' });
    expect(await exitOf(start.process)).toBe(1);
    const lines = start.output().trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^CBM Tracker cannot start: PORT="abc": expected a port number/);
  });

  it('stops with one line naming DATABASE_URL when it is malformed', async () => {
    const start = runStartScript({ DATABASE_URL: 'mysql://localhost/cbm' });
    expect(await exitOf(start.process)).toBe(1);
    const lines = start.output().trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^CBM Tracker cannot start: DATABASE_URL="mysql:\/\/localhost\/cbm": expected file:/);
  });

  describe('on an empty SQLite database', () => {
    const database = temporarySqliteUrl();
    afterAll(() => database.remove());

    it('migrates, seeds the pilot and serves the home page with live counts, compressed', async () => {
      const app = await startApp({ DATABASE_URL: database.url });
      try {
        expect(app.output()).toMatch(
          new RegExp(`${migrationCount('sqlite')} migration\\(s\\) applied; seeded .*55 facilities`),
        );
        const response = await fetch(app.url, { headers: { 'accept-encoding': 'gzip' } });
        expect(response.status).toBe(200);
        const html = await response.text();
        for (const province of ['Eastern Cape', 'KwaZulu-Natal', 'Northern Cape', 'Western Cape', 'North West']) {
          expect(html).toContain(province);
        }
        expect(html).toMatch(/<span class="figure">55<\/span> facilities monitored/);
        expect(html).toMatch(/of 185 recorded/);

        // fetch decompresses transparently; node:http shows the bytes on the wire.
        const raw = await getRaw(`${app.url}/facilities`, { 'accept-encoding': 'gzip' });
        expect(raw.headers['content-encoding']).toBe('gzip');
        expect(raw.headers.vary).toMatch(/Accept-Encoding/i);
        expect(gunzipSync(raw.body).toString()).toContain('<h1>Facilities</h1>');

        // The worker beside the server clusters the pilot issues once, so there are clusters to review.
        const db = createSqliteProvider(database.url).createClient();
        try {
          await expect
            .poll(() => db.clusterRun.findFirst(), { timeout: 30_000, interval: 250 })
            .toMatchObject({
              status: 'succeeded',
              startedByLabel: 'the system (first start, over the pilot data)',
            });
          expect(await db.cluster.count()).toBeGreaterThan(10);
          expect(await db.user.count()).toBe(0);
        } finally {
          await db.$disconnect();
        }
      } finally {
        expect(await app.stop()).toBe(0);
      }
    });

    it('keeps the data across a restart, seeds nothing the second time but the synonyms the taxonomy file gained', async () => {
      // As if the database had been seeded from an older content/taxonomy.json, without this everyday word.
      const before = createSqliteProvider(database.url).createClient();
      await before.tagSynonym.deleteMany({ where: { term: 'garage' } });
      await before.$disconnect();
      const app = await startApp({ DATABASE_URL: database.url });
      try {
        expect(app.output()).toMatch(/0 migration\(s\) applied; 1 new synonym\(s\) from content\/taxonomy\.json\.\n/);
        expect(app.output()).not.toMatch(/seeded/);
        const db = createSqliteProvider(database.url).createClient();
        expect(await db.clusterRun.count()).toBe(1);
        const garage = await db.tagSynonym.findFirst({ where: { term: 'garage' }, include: { tag: true } });
        expect(garage?.tag.slug).toBe('maintenance-turnaround');
        await db.$disconnect();
        const health = await (await fetch(`${app.url}/api/trpc/system.health`)).json();
        expect(health.result.data).toEqual({ status: 'ok', databaseLatencyMs: expect.any(Number) });
        const list = await fetch(
          `${app.url}/api/trpc/facility.list?input=${encodeURIComponent('{"search":"Kabokweni"}')}`,
        );
        expect((await list.json()).result.data.total).toBeGreaterThanOrEqual(2);
      } finally {
        await app.stop();
      }
    });
  });

  describe.skipIf(inject('postgresSkipReason') !== null)('on an empty PostgreSQL database', () => {
    it('migrates under the lock, seeds, serves the same pages and is ready once its worker beats', async () => {
      const database = await createTestDatabase('postgresql', { migrated: false });
      const app = await startApp({ DATABASE_URL: database.url });
      try {
        expect(app.output()).toMatch(
          new RegExp(
            `Database \\(postgresql, PostgreSQL\\): ${migrationCount('postgresql')} migration\\(s\\) applied; seeded .*55 facilities`,
          ),
        );
        const html = await (await fetch(`${app.url}/facilities?province=mpumalanga`)).text();
        expect(html).toContain('Kabokweni');
        const health = await (await fetch(`${app.url}/api/trpc/system.health`)).json();
        // Which database runs is for administrators only (docs/SECURITY.md).
        expect(health.result.data).toEqual({ status: 'ok', databaseLatencyMs: expect.any(Number) });
        // Ready once the worker beside it writes its first heartbeat; the migrations it applied are all there.
        await expect
          .poll(async () => (await fetch(`${app.url}/health/ready`)).json(), { timeout: 30_000, interval: 250 })
          .toMatchObject({
            status: 'ready',
            checks: { migrations: { ok: true, applied: migrationCount('postgresql') }, worker: { ok: true } },
          });
      } finally {
        await app.stop();
        await database.drop();
      }
    });
  });
});
