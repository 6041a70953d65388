// Used by `npm run dev`: migrates and, on an empty database, seeds, as npm start does.
import { describeSeed, prepareDatabase } from './lib/prepare-database.ts';
import { runScript } from './lib/run-script.ts';

await runScript(async (env) => {
  const prepared = await prepareDatabase(env);
  console.log(
    `${prepared.appliedMigrations.length} migration(s) applied${prepared.seed ? `; ${describeSeed(prepared.seed)}` : ''}.`,
  );
});
