// npm run db:seed: loads the pilot data into DATABASE_URL; running it again changes nothing.
import { describeSeed, migrateDatabase, seed } from './lib/prepare-database.ts';
import { runScript } from './lib/run-script.ts';

await runScript(async (env) => {
  await migrateDatabase(env.DATABASE_URL);
  console.log(describeSeed(await seed(env.DATABASE_URL)));
});
