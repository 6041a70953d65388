import { availableParallelism } from 'node:os';
import { z } from 'zod';
import { ROLES } from '../domain/accounts/roles.ts';

/** pino's levels, most to least severe; "silent" logs nothing. */
export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

const EnvSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  DATABASE_URL: z
    .string()
    .default('file:./data/cbm.db')
    .refine(
      (url) => /^file:.+/.test(url) || /^postgres(ql)?:\/\/[^/\s]+\/[^\s]*$/.test(url),
      'expected file:<path> for SQLite or postgres://user@host:port/database for PostgreSQL',
    ),
  HOST: z.string().min(1).default('localhost'),
  PORT: z.coerce
    .number({ error: 'expected a port number from 0 to 65535 (0 picks a free port)' })
    .int('expected a whole port number')
    .min(0, 'expected a port number from 0 to 65535 (0 picks a free port)')
    .max(65535, 'expected a port number from 0 to 65535 (0 picks a free port)')
    .default(4321),
  PUBLIC_URL: z.url({ protocol: /^https?$/, error: 'expected an http:// or https:// address' }).optional(),
  AUTH_SECRET: z.string().min(32, 'expected at least 32 characters (or leave it unset to generate one)').optional(),
  SMTP_URL: z.url({ protocol: /^smtps?$/, error: 'expected smtp://user:password@host:port or smtps://...' }).optional(),
  MAIL_FROM: z.string().min(3).default('CBM Tracker <no-reply@localhost>'),
  DEMO_ACCOUNTS: z.stringbool({ error: 'expected true or false' }).default(false),
  CLUSTER_SEMANTIC: z.stringbool({ error: 'expected true or false' }).default(false),
  /** Roles that must set up two-factor sign-in before they can work (demo accounts are exempt). */
  TWO_FACTOR_REQUIRED_ROLES: z
    .string()
    .default('admin')
    .transform((value) =>
      value
        .split(',')
        .map((role) => role.trim())
        .filter(Boolean),
    )
    .pipe(z.array(z.enum(ROLES, { error: `expected a comma-separated list of ${ROLES.join(', ')}` }))),
  /** true behind a reverse proxy: the client address comes from X-Forwarded-For. */
  TRUST_PROXY: z.stringbool({ error: 'expected true or false' }).default(false),
  IMPORT_MAX_MB: z.coerce
    .number({ error: 'expected a size in megabytes' })
    .positive('expected a size in megabytes above 0')
    .max(1024, 'expected at most 1024 megabytes')
    .default(25),
  /** The licence of the open data (/open-data), and the address of its text. */
  OPEN_DATA_LICENCE: z.string().trim().min(2, 'expected the name of a licence, such as CC BY 4.0').default('CC BY 4.0'),
  OPEN_DATA_LICENCE_URL: z.url({ protocol: /^https?$/, error: 'expected an http:// or https:// address' }).optional(),
  /** Web processes `npm start` runs beside its one worker; unset, the database's default (webProcessesFor). */
  WEB_CONCURRENCY: z.coerce
    .number({ error: 'expected a number of web processes, such as 2' })
    .int('expected a whole number of web processes')
    .min(1, 'expected at least 1 web process')
    .max(64, 'expected at most 64 web processes')
    .optional(),
  /** The least severe log lines written: debug adds a line per static file and health check. */
  LOG_LEVEL: z.enum(LOG_LEVELS, { error: `expected one of ${LOG_LEVELS.join(', ')}` }).default('info'),
});

export type Env = Omit<z.infer<typeof EnvSchema>, 'WEB_CONCURRENCY'> & { PUBLIC_URL: string; WEB_CONCURRENCY: number };

/**
 * One web process on SQLite, whose single writer gains little from more (two are allowed); one per core on
 * PostgreSQL, which serves several processes' writes at once.
 */
export function webProcessesFor(databaseUrl: string, cores: number = availableParallelism()): number {
  return databaseUrl.startsWith('file:') ? 1 : Math.max(1, cores);
}

/** The settings' names, as README.md lists them and administrators' pages may name them. */
export const SETTING_NAMES: readonly string[] = Object.keys(EnvSchema.shape);

/**
 * A value as a refusal repeats it: the password of a URL (postgres://cbm:secret@…) and a secret's value never
 * reach the terminal or a log.
 */
function shownValue(name: string, value: string): string {
  if (name === 'AUTH_SECRET') return JSON.stringify(`${value.length} characters, not shown`);
  return JSON.stringify(value.replace(/^([a-z][a-z0-9+.-]*:\/\/[^:/@\s]*):[^@\s]*@/i, '$1:***@'));
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.join('\n')}`);
    this.name = 'ConfigError';
  }
}

/**
 * Reads the configuration. Empty strings count as unset, as a blank line in a .env file means.
 * Throws ConfigError with one line per bad variable, naming it and what is expected.
 */
export function loadEnv(source: Record<string, string | undefined>): Env {
  const present = Object.fromEntries(Object.entries(source).filter(([, value]) => value !== ''));
  const parsed = EnvSchema.safeParse(present);
  if (!parsed.success) {
    throw new ConfigError(
      parsed.error.issues.map((issue) => {
        const name = issue.path.join('.');
        return `${name}=${shownValue(name, source[name] ?? '')}: ${issue.message}`;
      }),
    );
  }
  const env = parsed.data;
  if (env.DEMO_ACCOUNTS && env.NODE_ENV === 'production') {
    throw new ConfigError([
      'DEMO_ACCOUNTS=true: refused when NODE_ENV=production (demo accounts have known passwords)',
    ]);
  }
  return {
    ...env,
    PUBLIC_URL: env.PUBLIC_URL ?? `http://${env.HOST}:${env.PORT || 4321}`,
    WEB_CONCURRENCY: env.WEB_CONCURRENCY ?? webProcessesFor(env.DATABASE_URL),
  };
}

let cached: Env | undefined;
/** The process's configuration, read once. The start script has validated it already. */
export function env(): Env {
  cached ??= loadEnv(process.env);
  return cached;
}
