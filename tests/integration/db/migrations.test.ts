import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  applyPendingMigrations,
  diffMigrationsAgainstSchema,
  migrationStatus,
  readMigrationsList,
} from '../../../src/db/migrations.ts';
import { createTestDatabase, PROVIDERS, providerFor } from '../../support/test-database.ts';
import { inject } from 'vitest';

for (const name of PROVIDERS) {
  const skipReason = name === 'postgresql' ? inject('postgresSkipReason') : null;
  describe.skipIf(skipReason !== null)(`migrations [${name}]`, () => {
    let url: string;
    let drop: () => Promise<void>;
    beforeAll(async () => {
      ({ url, drop } = await createTestDatabase(name, { migrated: false }));
    });
    afterAll(() => drop());

    it('applies every migration to an empty database, then nothing the second time', async () => {
      const expected = readMigrationsList(providerFor(name, url).migrationsDir).migrationDirectories.map((d) => d.path);
      expect(expected.length).toBeGreaterThanOrEqual(2);
      expect(await applyPendingMigrations(providerFor(name, url))).toEqual(expected);
      expect(await applyPendingMigrations(providerFor(name, url))).toEqual([]);
    });

    it('lets only one of two simultaneous migrators apply the migrations', async () => {
      const fresh = await createTestDatabase(name, { migrated: false });
      try {
        const [first, second] = await Promise.all([
          applyPendingMigrations(providerFor(name, fresh.url)),
          applyPendingMigrations(providerFor(name, fresh.url)),
        ]);
        expect([first.length > 0, second.length > 0].sort()).toEqual([false, true]);
      } finally {
        await fresh.drop();
      }
    });

    it('finds schema.prisma and the migrations in agreement, hand-written search tables included', async () => {
      const scratch = await createTestDatabase(name, { migrated: false });
      try {
        expect(await diffMigrationsAgainstSchema(providerFor(name, scratch.url))).toBeNull();
      } finally {
        await scratch.drop();
      }
    });

    it('names the migrations a database lacks, and those it has that this version does not know', async () => {
      const provider = providerFor(name, url);
      expect(await migrationStatus(provider)).toEqual({ pending: [], unknown: [] });
      const names = readMigrationsList(provider.migrationsDir).migrationDirectories.map((d) => d.path);
      const db = provider.createClient();
      try {
        // As a backup made before the last migration, and by a later version, would have them.
        await db.$executeRawUnsafe(`DELETE FROM _prisma_migrations WHERE migration_name = '${names.at(-1)}'`);
        await db.$executeRawUnsafe(
          `INSERT INTO _prisma_migrations (id, checksum, migration_name, finished_at, applied_steps_count)
           VALUES ('later', 'x', '29991231000000_from_a_later_version', CURRENT_TIMESTAMP, 1)`,
        );
      } finally {
        await db.$disconnect();
      }
      expect(await migrationStatus(provider)).toEqual({
        pending: [names.at(-1)],
        unknown: ['29991231000000_from_a_later_version'],
      });
    });
  });
}
