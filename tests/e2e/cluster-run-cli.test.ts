import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadSeedData } from '../../prisma/seed/load-seed-data.ts';
import { seedDatabase } from '../../prisma/seed/seed.ts';
import type { Db } from '../../src/db/client.ts';
import { createSqliteProvider } from '../../src/db/sqlite.ts';
import { aUserWithPassword } from '../support/auth.ts';
import { createTestDatabase } from '../support/test-database.ts';

const ROOT = new URL('../../', import.meta.url).pathname;

describe('npm run cluster:run', () => {
  let db: Db;
  let databaseUrl = '';
  let drop: () => Promise<void>;
  beforeAll(async () => {
    ({ url: databaseUrl, drop } = await createTestDatabase('sqlite'));
    db = createSqliteProvider(databaseUrl).createClient();
    await seedDatabase(db, loadSeedData());
  });
  afterAll(async () => {
    await db.$disconnect();
    await drop();
  });

  const runAs = (email: string) =>
    spawnSync(
      join(ROOT, 'node_modules/.bin/tsx'),
      ['--disable-warning=ExperimentalWarning', 'scripts/cluster-run.ts', '--as', email],
      { cwd: ROOT, encoding: 'utf8', env: { ...process.env, DATABASE_URL: databaseUrl } },
    );

  it('runs clustering over the database outside the web server, recording who started it', async () => {
    const { email } = await aUserWithPassword(db, 'analyst');
    const result = runAs(email);
    expect(result.stderr).toMatch(/Queued run/);
    expect(result.stdout).toMatch(/Clustered 185 local issues into \d+ clusters of two or more/);
    expect(result.status).toBe(0);
    const run = await db.clusterRun.findFirstOrThrow({ orderBy: { queuedAt: 'desc' } });
    expect(run).toMatchObject({ status: 'succeeded', issueCount: 185 });
    expect(run.startedByLabel).toMatch(/\(DPME CBM analyst\)$/);
    expect(await db.cluster.count({ where: { issueCount: { gte: 2 } } })).toBe(run.clusterCount);
  });

  it('refuses anyone but an analyst or administrator, and an unknown account, with exit code 1', async () => {
    const { email } = await aUserWithPassword(db, 'partner');
    const refused = runAs(email);
    expect(refused.stderr).toContain('Only analysts and administrators start a clustering run.');
    expect(refused.status).toBe(1);
    const unknown = runAs('nobody@example.org');
    expect(unknown.stderr).toContain('There is no active account for nobody@example.org.');
    expect(unknown.status).toBe(1);
  });
});
