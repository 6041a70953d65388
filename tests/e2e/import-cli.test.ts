import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadSeedData } from '../../prisma/seed/load-seed-data.ts';
import { seedDatabase } from '../../prisma/seed/seed.ts';
import { createSqliteProvider } from '../../src/db/sqlite.ts';
import { aCsvRow, csvOf } from '../fixtures/import-csv.ts';
import { aUserWithPassword } from '../support/auth.ts';
import { createTestDatabase } from '../support/test-database.ts';

const ROOT = new URL('../../', import.meta.url).pathname;

describe('npm run import', () => {
  const dir = mkdtempSync(join(tmpdir(), 'cbm-import-cli-'));
  let databaseUrl = '';
  let drop: () => Promise<void>;
  let email = '';
  beforeAll(async () => {
    const created = await createTestDatabase('sqlite');
    ({ url: databaseUrl, drop } = created);
    const db = createSqliteProvider(databaseUrl).createClient();
    await seedDatabase(db, loadSeedData());
    email = (await aUserWithPassword(db, 'analyst')).email;
    await db.$disconnect();
  });
  afterAll(async () => {
    await drop();
    rmSync(dir, { recursive: true, force: true });
  });

  const runImport = (file: string, ...extra: string[]) =>
    spawnSync(
      join(ROOT, 'node_modules/.bin/tsx'),
      ['--disable-warning=ExperimentalWarning', 'scripts/import.ts', file, '--as', email, ...extra],
      {
        cwd: ROOT,
        encoding: 'utf8',
        env: { ...process.env, DATABASE_URL: databaseUrl },
      },
    );

  it('imports a good file and says what it did', () => {
    const file = join(dir, 'good.csv');
    writeFileSync(file, csvOf([aCsvRow(1), aCsvRow(2)]));
    const result = runImport(file);
    expect(result.stdout).toMatch(/Imported .*good\.csv: 2 created, 0 updated, 0 unchanged/);
    expect(result.status).toBe(0);
    expect(runImport(file).stdout).toMatch(/0 created, 0 updated, 2 unchanged/);
  });

  it('refuses a bad file with one line per problem and exit code 1', () => {
    const file = join(dir, 'bad.csv');
    const tags = 'teleportation|ambulance delay|Vans';
    writeFileSync(file, csvOf([aCsvRow(3), aCsvRow(4, { raised_on: '12/31/2016', tags })]));
    const result = runImport(file);
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('Nothing was imported: 3 problem(s) in 1 row(s).');
    expect(result.stderr).toContain(
      `line 3, tags "${tags}": "teleportation" is not a tag; use a slug, name or synonym from the taxonomy`,
    );
    expect(result.stderr).toContain(
      `line 3, tags "${tags}": "ambulance delay" is not a tag; did you mean "patient-transport"?`,
    );
    expect(result.stderr).toContain(
      'line 3, raised_on "12/31/2016": there is no month 31: write the day first, then the month (16/03/2016)',
    );
  });

  it('imports a KoboToolbox export through its mapping file, once', () => {
    const fixtures = join(ROOT, 'tests/fixtures/survey-exports');
    const file = join(fixtures, 'kobo-citizen-survey.csv');
    const mapping = ['--mapping', join(fixtures, 'kobo-mapping.json')];
    const first = runImport(file, ...mapping);
    expect(first.stdout).toMatch(/kobo-citizen-survey\.csv: [1-9]\d* created, 0 updated, 0 unchanged/);
    expect(runImport(file, ...mapping).stdout).toMatch(/0 created, 0 updated, [1-9]\d* unchanged/);
  });

  it('refuses a mapping file with one line per problem, naming the key, before touching the database', () => {
    const mapping = join(dir, 'mapping.json');
    writeFileSync(mapping, JSON.stringify({ tool: 'kobo', form: 'citizen', columns: { external_ref: '_id' } }));
    const result = runImport(join(ROOT, 'tests/fixtures/survey-exports/kobo-citizen-survey.csv'), '--mapping', mapping);
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('tool: expected "kobotoolbox" or "odk-central"');
    expect(result.stderr).toContain('columns.external_ref: external_ref always holds the submission key');
  });
});
