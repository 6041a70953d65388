// npm run bench:data -- --scale pilot|regional|national [--seed <n>] [--today <yyyy-mm-dd>]
// Migrates DATABASE_URL and fills it with the benchmark data set (docs/BENCHMARKS.md, "The national data set"),
// with each stage's time on standard error and the total time and peak memory at the end.
import { parseArgs } from 'node:util';
import { migrateDatabase } from '../../../../scripts/lib/prepare-database.ts';
import { runScript } from '../../../../scripts/lib/run-script.ts';
import { openProvider } from '../../../../src/db/client.ts';
import { ServiceError } from '../../../../src/server/services/shared/service-error.ts';
import { loadNationalData } from './load-national-data.ts';
import { SCALE_NAMES, type ScaleName } from './plan.ts';

const USAGE = 'Usage: npm run bench:data -- --scale pilot|regional|national [--seed <n>] [--today <yyyy-mm-dd>]';

await runScript(async (env) => {
  const { values } = parseArgs({
    options: { scale: { type: 'string' }, seed: { type: 'string', default: '20' }, today: { type: 'string' } },
  });
  // `tiny` is the test's own scale, accepted but not advertised.
  const scale = values.scale as ScaleName | undefined;
  if (!scale || ![...SCALE_NAMES, 'tiny'].includes(scale)) throw new ServiceError('invalid_input', USAGE);
  const seed = Number(values.seed);
  if (!Number.isInteger(seed)) throw new ServiceError('invalid_input', `--seed must be a whole number. ${USAGE}`);
  if (values.today !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(values.today)) {
    throw new ServiceError('invalid_input', `--today must be a date such as 2026-12-07. ${USAGE}`);
  }
  // At 08:00 South African time, so that the day is the same in UTC.
  const now = values.today ? new Date(`${values.today}T06:00:00Z`) : new Date();

  console.error(`Migrating ${env.DATABASE_URL.replace(/\/\/[^@]*@/, '//')}…`);
  await migrateDatabase(env.DATABASE_URL);
  const db = (await openProvider(env.DATABASE_URL)).createClient();
  try {
    const summary = await loadNationalData(db, {
      scale,
      seed,
      now,
      onProgress: (line) => console.error(line),
    });
    console.log(JSON.stringify({ scale, seed, ...summary, peakMb: Math.round(process.resourceUsage().maxRSS / 1024) }));
  } finally {
    await db.$disconnect();
  }
});
