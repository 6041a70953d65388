// Runs one import in a process of its own and prints its time and peak memory as JSON, so that the
// benchmark measures the import, not the test runner around it. Arguments: database URL, CSV file, user id.
import { readFileSync } from 'node:fs';
import { openProvider } from '../../../src/db/client.ts';
import { importLocalIssues } from '../../../src/server/services/imports/import-service.ts';
import { aUser } from '../../fixtures/actors.ts';

const [databaseUrl = '', file = '', userId = ''] = process.argv.slice(2);
const db = (await openProvider(databaseUrl)).createClient();
const started = performance.now();
const outcome = await importLocalIssues(
  db,
  { fileName: 'bench.csv', bytes: readFileSync(file), updateExisting: false, maxBytes: 100 * 1_048_576 },
  aUser('analyst', { userId }),
);
const seconds = (performance.now() - started) / 1000;
await db.$disconnect();
console.log(
  JSON.stringify({ seconds, peakMb: Math.round(process.resourceUsage().maxRSS / 1024), created: outcome.created }),
);
process.exit(0);
