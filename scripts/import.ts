// npm run import -- <file.csv> --as <e-mail of an analyst, administrator or facilitator> [--update]
// Imports local issues from a CSV file in the format of docs/IMPORT-FORMAT.md, all or nothing.
import { readFileSync, statSync } from 'node:fs';
import { basename } from 'node:path';
import { parseArgs } from 'node:util';
import { openProvider } from '../src/db/client.ts';
import { requiresTwoFactor } from '../src/domain/access/actor.ts';
import { ImportRefused, importLocalIssues } from '../src/server/services/import-service.ts';
import { ServiceError } from '../src/server/services/service-error.ts';
import { migrateDatabase } from './lib/prepare-database.ts';
import { runScript } from './lib/run-script.ts';

const USAGE = 'Usage: npm run import -- <file.csv> --as <your e-mail> [--update]';

function progressBar(stage: string, done: number, total: number) {
  if (!process.stderr.isTTY) return;
  const width = 30;
  const filled = total === 0 ? width : Math.round((done / total) * width);
  process.stderr.write(`\r${stage.padEnd(8)} [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${done}/${total}`);
  if (done === total) process.stderr.write('\n');
}

await runScript(async (env) => {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: { as: { type: 'string' }, update: { type: 'boolean', default: false } },
  });
  const file = positionals[0];
  if (!file || !values.as) throw new ServiceError('invalid_input', USAGE);
  if (statSync(file, { throwIfNoEntry: false })?.isFile() !== true)
    throw new ServiceError('invalid_input', `There is no file ${file}.`);
  await migrateDatabase(env.DATABASE_URL);
  const db = (await openProvider(env.DATABASE_URL)).createClient();
  try {
    const user = await db.user.findUnique({ where: { email: values.as.toLowerCase() }, include: { facilities: true } });
    if (!user || user.deactivatedAt)
      throw new ServiceError('invalid_input', `There is no active account for ${values.as}.`);
    const actor = {
      kind: 'user' as const,
      userId: user.id,
      name: user.name,
      role: user.role,
      departmentId: user.departmentId,
      facilityIds: user.facilities.map((assignment) => assignment.facilityId),
      isDemo: user.isDemo,
      mustEnrollTwoFactor: requiresTwoFactor(user, env.TWO_FACTOR_REQUIRED_ROLES),
    };
    const outcome = await importLocalIssues(
      db,
      {
        fileName: basename(file),
        bytes: readFileSync(file),
        updateExisting: values.update ?? false,
        maxBytes: env.IMPORT_MAX_MB * 1_048_576,
        onProgress: progressBar,
      },
      actor,
    );
    console.log(
      `Imported ${file}: ${outcome.created} created, ${outcome.updated} updated, ${outcome.unchanged} unchanged (import run ${outcome.importRunId}).`,
    );
  } catch (error) {
    if (!(error instanceof ImportRefused)) throw error;
    console.error(error.message);
    for (const problem of error.problems.slice(0, 200)) {
      console.error(
        `  line ${problem.line}, ${problem.column}${problem.value ? ` "${problem.value}"` : ''}: ${problem.reason}`,
      );
    }
    if (error.problems.length > 200)
      console.error(`  ... and ${error.problems.length - 200} more (see the import run's report).`);
    process.exit(1);
  } finally {
    await db.$disconnect();
  }
});
