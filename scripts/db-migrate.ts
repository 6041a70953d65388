// npm run db:migrate: applies pending migrations to DATABASE_URL (SQLite by default).
import { runScript } from './lib/run-script.ts';
import { migrateDatabase } from './lib/prepare-database.ts';

await runScript(async (env) => {
  const { provider, appliedMigrations } = await migrateDatabase(env.DATABASE_URL);
  console.log(
    appliedMigrations.length === 0
      ? `${provider}: the database is up to date; no migration applied.`
      : `${provider}: applied ${appliedMigrations.join(', ')}.`,
  );
});
