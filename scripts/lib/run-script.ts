import { ZodError } from 'zod';
import { describeZodIssues } from '../../src/lib/forms/zod-issues.ts';
import { ConfigError, loadEnv, type Env } from '../../src/lib/env.ts';
import { SeedDataError } from '../../prisma/seed/load-seed-data.ts';
import { BackupError } from '../../src/db/backup/backup-file.ts';
import { ServiceError } from '../../src/server/services/shared/service-error.ts';

/**
 * Runs a command-line script: configuration problems and known errors print as plain lines
 * (no stack trace) and exit 1. Exits explicitly, because the schema engine leaves a timer running.
 */
export async function runScript(main: (env: Env) => Promise<void>): Promise<void> {
  try {
    await main(loadEnv(process.env));
    process.exit(0);
  } catch (error) {
    if (isKnownError(error)) {
      console.error(error.message);
    } else if (error instanceof ZodError) {
      console.error(describeZodIssues(error).join('\n'));
    } else {
      console.error(error);
    }
    process.exit(1);
  }
}

function isKnownError(error: unknown): error is Error {
  const known = [ConfigError, SeedDataError, ServiceError, BackupError];
  if (known.some((kind) => error instanceof kind)) return true;
  // node:util's parseArgs: an unknown option or a missing value, which its message names.
  return error instanceof Error && String((error as { code?: unknown }).code).startsWith('ERR_PARSE_ARGS');
}
