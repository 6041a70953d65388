// npm run db:backup -- [--output <file>]: a consistent backup of DATABASE_URL while the server runs
// (docs/BACKUPS.md). Without --output it writes a new time-stamped file under backups/.
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { backupDatabase } from '../src/db/backup/backup.ts';
import { formatBytes } from '../src/db/backup/backup-file.ts';
import { runScript } from './lib/run-script.ts';

await runScript(async (env) => {
  const { values } = parseArgs({ options: { output: { type: 'string' } } });
  // npm runs scripts from the package root (where backups/ is); INIT_CWD is where the person started the command.
  const output = values.output && resolve(process.env.INIT_CWD ?? process.cwd(), values.output);
  const result = await backupDatabase(env.DATABASE_URL, { output });
  console.log(`Backed up ${result.source} to ${result.path} (${formatBytes(result.bytes)}).`);
});
