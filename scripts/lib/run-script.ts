import { ZodError } from 'zod';
import { describeZodIssues } from '../../src/lib/forms/zod-issues.ts';
import { ConfigError, loadEnv, type Env } from '../../src/lib/env.ts';
import { SeedDataError } from '../../prisma/seed/load-seed-data.ts';
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
    if (error instanceof ConfigError || error instanceof SeedDataError || error instanceof ServiceError) {
      console.error(error.message);
    } else if (error instanceof ZodError) {
      console.error(describeZodIssues(error).join('\n'));
    } else {
      console.error(error);
    }
    process.exit(1);
  }
}
