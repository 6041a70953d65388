import { beforeAll, expect, it } from 'vitest';
import type { Db } from '../../../src/db/client.ts';
import type { SignedInActor } from '../../../src/domain/accounts/actor.ts';
import { loadSeedData } from '../../../prisma/seed/load-seed-data.ts';
import { seedDatabase } from '../../../prisma/seed/seed.ts';
import { PUBLIC_DATA_TABLES } from '../../../src/server/http/public-page-cache.ts';
import { commentOnCase } from '../../../src/server/services/cases/response-plan-service.ts';
import { anActorWithAccount } from '../../support/auth.ts';
import { describeEachProvider } from '../../support/test-database.ts';

// The public pages a process keeps are reused while the public data version stands still; a table feeding them
// without its trigger would leave them stale for good. SQLite drops a table's triggers when a migration
// re-creates the table, which is why this checks every table by name, then a few changes by behaviour.
describeEachProvider('the public data version', (database) => {
  let db: Db;
  let analyst: SignedInActor;
  const version = async () => (await db.dataVersion.findUniqueOrThrow({ where: { scope: 'public' } })).version;

  beforeAll(async () => {
    ({ db } = database());
    await seedDatabase(db, loadSeedData());
    analyst = await anActorWithAccount(db, 'analyst');
  });

  it('has a trigger on every table a public output reads', async () => {
    const names =
      database().provider.name === 'sqlite'
        ? (await db.$queryRawUnsafe<{ name: string }[]>(`SELECT name FROM sqlite_master WHERE type = 'trigger'`)).map(
            (row) => row.name,
          )
        : (
            await db.$queryRawUnsafe<{ name: string }[]>(`SELECT tgname AS name FROM pg_trigger WHERE NOT tgisinternal`)
          ).map((row) => row.name);
    const expected = PUBLIC_DATA_TABLES.flatMap((table) =>
      database().provider.name === 'sqlite'
        ? ['insert', 'update', 'delete'].map((change) => `${table}_public_data_${change}`)
        : [`${table}_public_data`],
    );
    expect(expected.filter((name) => !names.includes(name))).toEqual([]);
  });

  it('moves on a change to a case, and to a local issue only once a case links it', async () => {
    const start = await version();
    await commentOnCase(db, analyst, { reference: 'SC-2016-0001', comment: 'A note.' });
    expect(await version()).toBeGreaterThan(start);

    const linked = await db.localIssue.findFirstOrThrow({ where: { cases: { some: {} } } });
    const unlinked = await db.localIssue.findFirstOrThrow({ where: { cases: { none: {} } } });
    const beforeUnlinked = await version();
    await db.localIssue.update({ where: { id: unlinked.id }, data: { respondentsCiting: 3 } });
    expect(await version()).toBe(beforeUnlinked);
    await db.localIssue.update({ where: { id: linked.id }, data: { respondentsCiting: 4 } });
    expect(await version()).toBeGreaterThan(beforeUnlinked);

    const beforeReview = await version();
    await db.publicTextReview.create({ data: { textKey: 'f'.repeat(64), decision: 'publish' } });
    expect(await version()).toBeGreaterThan(beforeReview);
  });
});
