// npm run db:restore -- <file>: restores a backup made by npm run db:backup into the database at DATABASE_URL,
// which must be empty, then checks its migrations against this version's (docs/BACKUPS.md).
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { restoreDatabase } from '../src/db/backup/backup.ts';
import { BackupError } from '../src/db/backup/backup-file.ts';
import { runScript } from './lib/run-script.ts';

const USAGE = 'Usage: npm run db:restore -- <backup file>';

await runScript(async (env) => {
  const { positionals } = parseArgs({ allowPositionals: true, options: {} });
  const [file] = positionals;
  if (!file || positionals.length > 1) throw new BackupError(USAGE);
  // npm runs scripts from the package root; INIT_CWD is where the person started the command.
  const { target, migrations } = await restoreDatabase(
    env.DATABASE_URL,
    resolve(process.env.INIT_CWD ?? process.cwd(), file),
  );
  console.log(`Restored ${file} into ${target}.`);
  if (migrations.unknown.length > 0) {
    throw new BackupError(
      `The backup was made by a newer version of CBM Tracker: it has migrations this version lacks ` +
        `(${migrations.unknown.join(', ')}). Serve it with that version or a newer one.`,
    );
  }
  console.log(
    migrations.pending.length === 0
      ? 'Its migrations are current.'
      : `It lacks ${migrations.pending.length} migration(s) of this version (${migrations.pending.join(', ')}): ` +
          'npm run db:migrate (or npm start) applies them.',
  );
});
