// The benchmark data set's generator (npm run bench:data) at its tiny scale, on SQLite: the same seed gives the
// same rows, and what it writes is valid and serves the pages' queries.
import { copyFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { loadSeedData } from '../../../prisma/seed/load-seed-data.ts';
import { seedDatabase } from '../../../prisma/seed/seed.ts';
import type { Db } from '../../../src/db/client.ts';
import { sqlitePathOf } from '../../../src/db/sqlite.ts';
import type { SignedInActor } from '../../../src/domain/accounts/actor.ts';
import { CASE_WORKFLOW, type CaseMoveName } from '../../../src/domain/cases/workflow.ts';
import { FACILITY_KINDS } from '../../../src/domain/vocabulary.ts';
import { findActiveActor } from '../../../src/server/services/accounts/actors.ts';
import { ensureDemoAccounts } from '../../../src/server/services/accounts/demo-accounts.ts';
import { searchLocalIssues } from '../../../src/server/services/capture/local-issue-search.ts';
import { listFacilities } from '../../../src/server/services/capture/facility-service.ts';
import { listLocalIssues } from '../../../src/server/services/capture/local-issue-queries.ts';
import { caseDashboard } from '../../../src/server/services/cases/dashboard-service.ts';
import { listCases } from '../../../src/server/services/cases/case-queries.ts';
import { listClusters } from '../../../src/server/services/clustering/cluster-queries.ts';
import { listThemes } from '../../../src/server/services/clustering/theme-queries.ts';
import { countOverview } from '../../../src/server/services/overview/overview-service.ts';
import { loadNationalData } from '../../bench/support/national-data/load-national-data.ts';
import { BENCH_SOURCE, SCALES } from '../../bench/support/national-data/plan.ts';
import { createTestDatabase, providerFor } from '../../support/test-database.ts';

const NOW = new Date('2026-12-07T06:00:00Z');

/** What the generator decides, without the ids and clocks the services choose (cluster ids, event ids). */
async function snapshot(db: Db) {
  const [facilities, issues, users, cases, clusters] = await Promise.all([
    db.facility.findMany({ orderBy: { code: 'asc' }, omit: { createdAt: true, updatedAt: true } }),
    db.localIssue.findMany({
      where: { importSource: BENCH_SOURCE },
      orderBy: { externalRef: 'asc' },
      select: {
        externalRef: true,
        facilityId: true,
        roundId: true,
        title: true,
        description: true,
        source: true,
        status: true,
        raisedOn: true,
        respondentsCiting: true,
        priorityVotes: true,
        tags: { select: { tagId: true }, orderBy: { tagId: 'asc' } },
        rootCauses: { select: { statement: true, level: true, category: true }, orderBy: { position: 'asc' } },
      },
    }),
    db.user.findMany({
      orderBy: { email: 'asc' },
      select: { email: true, name: true, role: true, departmentId: true },
    }),
    db.systemicCase.findMany({
      orderBy: { reference: 'asc' },
      select: {
        reference: true,
        title: true,
        status: true,
        owningDepartmentId: true,
        _count: { select: { events: true } },
      },
    }),
    db.localIssue.findMany({ where: { clusterId: { not: null } }, select: { externalRef: true, clusterId: true } }),
  ]);
  // Clusters as groups of issues: their ids are new in every run.
  const groups = new Map<string, string[]>();
  for (const issue of clusters)
    groups.set(issue.clusterId!, [...(groups.get(issue.clusterId!) ?? []), issue.externalRef ?? '']);
  const partition = [...groups.values()].map((members) => members.sort().join(' ')).sort();
  return { facilities, issues, users, cases, partition };
}

describe('npm run bench:data at the tiny scale [sqlite]', () => {
  const databases: { db: Db; drop: () => Promise<void> }[] = [];
  let first: Awaited<ReturnType<typeof snapshot>>;
  let second: Awaited<ReturnType<typeof snapshot>>;

  beforeAll(async () => {
    // Seeded once and copied: the pilot seed and the demo accounts' password hashes are most of the time.
    const seeded = await createTestDatabase('sqlite');
    const seededDb = providerFor('sqlite', seeded.url).createClient();
    await seedDatabase(seededDb, loadSeedData(), NOW);
    await ensureDemoAccounts(seededDb);
    await seededDb.$disconnect();
    for (let copy = 0; copy < 2; copy += 1) {
      const created = await createTestDatabase('sqlite');
      copyFileSync(sqlitePathOf(seeded.url), sqlitePathOf(created.url));
      const db = providerFor('sqlite', created.url).createClient();
      databases.push({ db, drop: created.drop });
      await loadNationalData(db, { scale: 'tiny', seed: 7, now: NOW });
    }
    await seeded.drop();
    first = await snapshot(databases[0]!.db);
    second = await snapshot(databases[1]!.db);
  }, 120_000);
  afterAll(async () => {
    for (const { db, drop } of databases) {
      await db.$disconnect();
      await drop();
    }
  });

  test('the same seed gives the same facilities, issues, users, cases and clusters', () => {
    expect(first.issues).toHaveLength(SCALES.tiny.issues);
    expect(first.partition.length).toBeGreaterThan(5);
    expect(second).toEqual(first);
  });

  test('every kind of facility is there, and every generated account', async () => {
    const kinds = new Set(first.facilities.map((facility) => facility.kind));
    expect([...kinds].sort()).toEqual([...FACILITY_KINDS].sort());
    const users = Object.values(SCALES.tiny.users).reduce((sum, count) => sum + count, 0);
    const generated = first.users.filter((user) =>
      /\.(admin|analyst|facilitator|official|partner)-\d+@bench\./.test(user.email),
    );
    expect(generated).toHaveLength(users);
    expect(first.users.filter((user) => user.email.endsWith('@demo.cbm-tracker.invalid'))).toHaveLength(6);
  });

  test('another run on the filled database is refused, naming what is there', async () => {
    await expect(loadNationalData(databases[0]!.db, { scale: 'tiny', now: NOW })).rejects.toThrow(
      /holds more than the pilot seed \(\d+ other facilities, 400 other local issues/,
    );
  });

  test('each case history follows the workflow table, from its opening to its status', async () => {
    const { db } = databases[0]!;
    const cases = await db.systemicCase.findMany({
      include: { events: { orderBy: [{ createdAt: 'asc' }, { version: 'asc' }] } },
    });
    expect(cases.length).toBeGreaterThanOrEqual(SCALES.tiny.cases);
    for (const systemicCase of cases) {
      let status = 'draft';
      for (const event of systemicCase.events) {
        if (!(event.kind in CASE_WORKFLOW)) continue;
        const move = CASE_WORKFLOW[event.kind as CaseMoveName];
        expect(event.fromStatus, `${systemicCase.reference} ${event.kind}`).toBe(status);
        expect(move.from, `${systemicCase.reference} ${event.kind} from ${status}`).toContain(status);
        status = event.toStatus!;
      }
      expect(status, systemicCase.reference).toBe(systemicCase.status);
    }
  });

  test("the pages' queries answer on it", async () => {
    const { db } = databases[0]!;
    const actor = async (email: string) => (await findActiveActor(db, { email }, []))! as SignedInActor;
    const analyst = await actor('analyst@demo.cbm-tracker.invalid');
    const official = await actor('saps@demo.cbm-tracker.invalid');

    const pilot = loadSeedData();
    const overview = await countOverview(db);
    const generated = Object.values(SCALES.tiny.facilities).reduce((sum, count) => sum + count, 0);
    expect(overview.facilities).toBe(pilot.facilities.length + generated);
    expect(overview.localIssues).toBe(pilot.localIssues.length + SCALES.tiny.issues);
    expect((await listFacilities(db, { kind: 'municipality' })).total).toBe(SCALES.tiny.facilities.municipality + 1);
    expect((await listLocalIssues(db, analyst, { province: 'limpopo' })).total).toBeGreaterThan(0);
    expect((await listClusters(db, analyst, {})).total).toBeGreaterThan(0);
    expect((await listThemes(db, analyst, {}, NOW)).total).toBeGreaterThan(0);
    expect((await listCases(db, official, {}, NOW)).total).toBeGreaterThan(0);
    expect(await caseDashboard(db, analyst, {}, NOW)).toBeTruthy();
    expect((await searchLocalIssues(db, analyst, { q: 'clinic' })).length).toBeGreaterThan(0);
  });
});
