// npm run import -- <file.csv> --as <e-mail of an analyst, administrator or facilitator> [--mapping <file.json>] [--update]
// Imports local issues, all or nothing: a file in the format of docs/IMPORT-FORMAT.md, or a KoboToolbox or
// ODK Central export with its mapping file (docs/SURVEY-IMPORT.md).
import { readFileSync, statSync } from 'node:fs';
import { basename } from 'node:path';
import { parseArgs } from 'node:util';
import { openProvider } from '../src/db/client.ts';
import { parseSurveyMappingText } from '../src/domain/imports/survey-mapping.ts';
import { findActiveActor } from '../src/server/services/accounts/actors.ts';
import { ImportRefused, importLocalIssues, type ImportPhase } from '../src/server/services/imports/import-service.ts';
import { sweepAbandonedRuns } from '../src/server/services/imports/import-sweep.ts';
import { ServiceError } from '../src/server/services/shared/service-error.ts';
import { migrateDatabase } from './lib/prepare-database.ts';
import { runScript } from './lib/run-script.ts';

const USAGE = 'Usage: npm run import -- <file.csv> --as <your e-mail> [--mapping <mapping.json>] [--update]';

/** A progress bar on standard error when it is a terminal; nothing in a pipe or a log. */
function progressBar() {
  if (!process.stderr.isTTY) return { phase: () => undefined, rows: () => undefined };
  const width = 30;
  let phase: ImportPhase = 'reading';
  const draw = (done: number, total: number) => {
    const filled = total === 0 ? width : Math.round((done / total) * width);
    process.stderr.write(`\r${phase.padEnd(8)} [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${done}/${total}`);
    if (phase === 'writing' && done === total) process.stderr.write('\n');
  };
  return {
    phase: (next: ImportPhase, total: number) => {
      phase = next;
      draw(0, total);
    },
    rows: draw,
  };
}

function readFile(path: string, what: string): Buffer {
  if (statSync(path, { throwIfNoEntry: false })?.isFile() !== true) {
    throw new ServiceError('invalid_input', `There is no ${what} ${path}.`);
  }
  return readFileSync(path);
}

await runScript(async (env) => {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      as: { type: 'string' },
      mapping: { type: 'string' },
      update: { type: 'boolean', default: false },
    },
  });
  const file = positionals[0];
  if (!file || !values.as || positionals.length > 1) throw new ServiceError('invalid_input', USAGE);
  const bytes = readFile(file, 'file');
  let mapping = null;
  if (values.mapping) {
    const parsed = parseSurveyMappingText(readFile(values.mapping, 'mapping file').toString('utf8'));
    if (!parsed.ok) {
      throw new ServiceError(
        'invalid_input',
        [`${values.mapping}:`, ...parsed.problems.map((p) => `  ${p}`)].join('\n'),
      );
    }
    mapping = parsed.mapping;
  }
  await migrateDatabase(env.DATABASE_URL);
  const db = (await openProvider(env.DATABASE_URL)).createClient();
  try {
    const actor = await findActiveActor(db, { email: values.as }, env.TWO_FACTOR_REQUIRED_ROLES);
    if (!actor) throw new ServiceError('invalid_input', `There is no active account for ${values.as}.`);
    // Imports killed before (Ctrl-C, kill -9) are marked failed now, even where no worker runs; a sweep that
    // cannot write yet (another process's long write on SQLite) is left to the worker.
    await sweepAbandonedRuns(db).catch(() => 0);
    const bar = progressBar();
    const outcome = await importLocalIssues(
      db,
      {
        fileName: basename(file),
        bytes,
        updateExisting: values.update ?? false,
        maxBytes: env.IMPORT_MAX_MB * 1_048_576,
        mapping,
        runner: 'command_line',
        onPhase: bar.phase,
        onRowsWritten: bar.rows,
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
