import { ConfigError, loadEnv, type Env } from '../../src/lib/env.ts';

/** One line per bad variable and exit 1: a configuration mistake is not a crash, so no stack trace. */
export function loadEnvOrExit(): Env {
  try {
    return loadEnv(process.env);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    for (const problem of error.problems) console.error(`CBM Tracker cannot start: ${problem}`);
    process.exit(1);
  }
}
