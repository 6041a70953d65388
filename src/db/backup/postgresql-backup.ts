import { execFile, execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import pg from 'pg';
import { BackupError } from './backup-file.ts';
import type { BackupMethod } from './backup-method.ts';

/** How pg_dump and pg_restore reach the database: never with the password on their command line. */
export interface LibpqConnection {
  /** The URL without its password, for --dbname. */
  url: string;
  /** The password in PGPASSWORD, where `ps` does not show it; empty when the URL has none (.pgpass, trust). */
  env: Record<string, string>;
  /** "the PostgreSQL database cbm on db.internal:5432 as cbm", for messages. */
  label: string;
  /** Takes the password out of a tool's message, should one ever quote it. */
  redact(text: string): string;
}

export function libpqConnectionOf(databaseUrl: string): LibpqConnection {
  const url = new URL(databaseUrl);
  const password = decodeURIComponent(url.password);
  url.password = '';
  const database = decodeURIComponent(url.pathname.slice(1));
  const user = url.username ? ` as ${decodeURIComponent(url.username)}` : '';
  return {
    url: url.toString(),
    env: password ? { PGPASSWORD: password } : {},
    label: `the PostgreSQL database ${database} on ${url.hostname}:${url.port || '5432'}${user}`,
    redact: (text) => (password ? text.split(password).join('***') : text),
  };
}

export interface ServerVersion {
  /** "15.18", as the server reports it. */
  text: string;
  major: number;
}

/** Where a tool is found, and which version it says it is; injected so that tests can pose other machines. */
export interface ToolProbe {
  exists(path: string): boolean;
  /** The output of `<command> --version`, or null when there is no such command. */
  versionOf(command: string): string | null;
}

const systemProbe: ToolProbe = {
  exists: existsSync,
  versionOf(command) {
    try {
      return execFileSync(command, ['--version'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
    } catch {
      return null;
    }
  },
};

/**
 * pg_dump or pg_restore of the server's major version: Debian's versioned directory first, then the one on
 * PATH if its major version matches. An older pg_dump cannot read a newer server, and a newer one writes
 * archives that the older pg_restore beside the server cannot read.
 */
export function choosePostgresTool(
  tool: 'pg_dump' | 'pg_restore',
  server: ServerVersion,
  probe: ToolProbe = systemProbe,
): string {
  const versioned = `/usr/lib/postgresql/${server.major}/bin/${tool}`;
  if (probe.exists(versioned)) return versioned;
  const output = probe.versionOf(tool);
  const onPath = output?.match(/\b(\d+)(?:\.\d+)*/)?.[0] ?? null;
  if (onPath !== null && Number.parseInt(onPath, 10) === server.major) return tool;
  const found =
    output === null ? `there is no ${tool} on PATH` : `the ${tool} on PATH is version ${onPath ?? output.trim()}`;
  throw new BackupError(
    `The PostgreSQL server runs version ${server.text}, and ${tool} must be of the same major version (${server.major}), ` +
      `but there is no ${versioned} and ${found}. Install the PostgreSQL ${server.major} client programs ` +
      `(on Debian and Ubuntu: postgresql-client-${server.major}) or put their directory first on PATH.`,
  );
}

function connectionError(error: unknown, connection: LibpqConnection): BackupError {
  const { code, message } = error as { code?: string; message?: string };
  const because =
    code === '3D000'
      ? 'it does not exist (to restore into it, create it first, empty: createdb <name>)'
      : code === 'ECONNREFUSED'
        ? 'the connection was refused (is the server running, and is the host and port right?)'
        : connection.redact(message ?? String(error));
  return new BackupError(`Cannot connect to ${connection.label}: ${because}.`);
}

async function withPgClient<T>(
  databaseUrl: string,
  connection: LibpqConnection,
  work: (client: pg.Client) => Promise<T>,
): Promise<T> {
  const client = new pg.Client({ connectionString: databaseUrl });
  try {
    await client.connect();
  } catch (error) {
    await client.end().catch(() => {});
    throw connectionError(error, connection);
  }
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

async function serverVersionOf(client: pg.Client): Promise<ServerVersion> {
  const { rows } = await client.query<{ server_version_num: string; server_version: string }>(
    `SELECT current_setting('server_version_num') AS server_version_num, current_setting('server_version') AS server_version`,
  );
  const row = rows[0]!;
  return { text: row.server_version.split(' ')[0]!, major: Math.floor(Number(row.server_version_num) / 10_000) };
}

/** Runs a PostgreSQL client program; its error output, without the password, becomes the message. */
function runTool(command: string, args: string[], connection: LibpqConnection): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(
      command,
      args,
      { env: { ...process.env, ...connection.env }, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 },
      (error, stdout, stderr) => {
        if (!error) return resolve(stdout);
        const said = connection.redact(stderr.trim() || error.message);
        reject(new BackupError(`${command} failed (exit code ${String(error.code)}):\n${said}`));
      },
    );
  });
}

export function createPostgresqlBackup(databaseUrl: string): BackupMethod {
  const connection = libpqConnectionOf(databaseUrl);
  const toolFor = (tool: 'pg_dump' | 'pg_restore') =>
    withPgClient(databaseUrl, connection, async (client) => choosePostgresTool(tool, await serverVersionOf(client)));
  return {
    source: connection.label,
    howToEmpty:
      'create a new database for it (createdb -O <owner> <name>) and point DATABASE_URL at it, or drop and create this one again',

    async backup(target) {
      // --no-password: a scheduled backup fails at once instead of waiting for a password nobody types.
      const pgDump = await toolFor('pg_dump');
      await runTool(
        pgDump,
        ['--format=custom', '--no-password', `--file=${target}`, `--dbname=${connection.url}`],
        connection,
      );
    },

    async checkBackupFile(file) {
      const listing = await runTool(await toolFor('pg_restore'), ['--list', file], connection);
      if (!/\bTABLE \S+ _prisma_migrations\b/.test(listing)) {
        throw new BackupError(
          `${file} is a pg_dump archive but not a CBM Tracker backup: it has no _prisma_migrations table.`,
        );
      }
    },

    existingTables: () =>
      withPgClient(databaseUrl, connection, async (client) => {
        const { rows } = await client.query<{ name: string }>(
          `SELECT n.nspname || '.' || c.relname AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
           WHERE c.relkind IN ('r', 'p', 'v', 'm', 'f', 'S')
             AND n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg\\_%'
           ORDER BY 1`,
        );
        return rows.map((row) => row.name);
      }),

    async restore(file) {
      const pgRestore = await toolFor('pg_restore');
      // One transaction: a failure leaves the database empty again. The restoring user owns what it creates,
      // as `npm start` expects of the user in DATABASE_URL, whoever owned the objects where the dump was made.
      await runTool(
        pgRestore,
        [
          '--single-transaction',
          '--exit-on-error',
          '--no-owner',
          '--no-privileges',
          '--no-password',
          `--dbname=${connection.url}`,
          file,
        ],
        connection,
      );
    },
  };
}
