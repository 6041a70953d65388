// npm run bench -- tests/bench/queries.bench.ts
// The home page's figures and the facility list, on the seeded pilot data, on both databases.
import { afterAll, beforeAll, describe, inject, test } from 'vitest';
import { loadSeedData } from '../../prisma/seed/load-seed-data.ts';
import { seedDatabase } from '../../prisma/seed/seed.ts';
import type { Db } from '../../src/db/client.ts';
import { listFacilities } from '../../src/server/services/capture/facility-service.ts';
import { countOverview } from '../../src/server/services/overview/overview-service.ts';
import { createTestDatabase, PROVIDERS, providerFor } from '../support/test-database.ts';

for (const name of PROVIDERS) {
  if (name === 'postgresql' && inject('postgresSkipReason')) continue;
  describe(`queries on the seeded pilot [${name}]`, () => {
    let db: Db;
    let drop: () => Promise<void>;
    beforeAll(async () => {
      const created = await createTestDatabase(name);
      drop = created.drop;
      db = providerFor(name, created.url).createClient();
      await seedDatabase(db, loadSeedData());
    });
    afterAll(async () => {
      await db.$disconnect();
      await drop();
    });

    test('home page figures and facility lists', async ({ bench }) => {
      await bench.compare(
        bench('overview (home page figures)', () => countOverview(db)),
        bench('facility list, first page by name', () => listFacilities(db, {})),
        bench('facility list, search "kabokweni"', () => listFacilities(db, { search: 'kabokweni' })),
        bench('facility list, sorted by open issues', () =>
          listFacilities(db, { sort: 'open_issues', direction: 'desc' }),
        ),
        { time: 2000 },
      );
    });
  });
}
