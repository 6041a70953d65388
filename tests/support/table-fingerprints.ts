// What a database holds, table by table as its catalogue lists them (SQLite's FTS5 shadow tables and PostgreSQL's
// search table included), reduced to a row count and a hash, and the other schema objects by name and definition,
// so that two databases can be compared whole.
import { createHash } from 'node:crypto';
import { createClient } from '@libsql/client';
import pg from 'pg';
import type { ProviderName } from '../../src/db/provider-name.ts';

export type Row = Record<string, unknown>;

export interface TableFingerprint {
  rows: number;
  /** sha256 over the rows' JSON, sorted, so that the order a database returns them in does not matter. */
  sha256: string;
}

export interface DatabaseFingerprint {
  tables: Record<string, TableFingerprint>;
  /** Indexes, triggers, views and functions: "trigger local_issue_search_issue_inserted: CREATE TRIGGER ...". */
  objects: string[];
}

/** Rows to leave out of a table's fingerprint, e.g. those another connection wrote after a backup began. */
export type RowFilter = (table: string, row: Row) => boolean;

const asJson = (row: Row) =>
  JSON.stringify(
    Object.keys(row)
      .sort()
      .map((column) => {
        const value = row[column];
        if (value instanceof ArrayBuffer) return Buffer.from(value).toString('hex');
        if (Buffer.isBuffer(value)) return value.toString('hex');
        if (value instanceof Date) return value.toISOString();
        return typeof value === 'bigint' ? value.toString() : value;
      }),
  );

function fingerprintOf(rows: Row[]): TableFingerprint {
  const hash = createHash('sha256');
  for (const line of rows.map(asJson).sort()) hash.update(line).update('\n');
  return { rows: rows.length, sha256: hash.digest('hex') };
}

const quote = (name: string) => `"${name.replace(/"/g, '""')}"`;

async function sqliteFingerprint(url: string, leaveOut: RowFilter): Promise<DatabaseFingerprint> {
  const client = createClient({ url });
  try {
    const catalogue = (await client.execute(`SELECT type, name, sql FROM sqlite_master ORDER BY type, name`)).rows;
    const tables: Record<string, TableFingerprint> = {};
    for (const { name } of catalogue.filter((entry) => entry.type === 'table')) {
      const rows = (await client.execute(`SELECT * FROM ${quote(String(name))}`)).rows.map(
        (row) => ({ ...row }) as Row,
      );
      tables[String(name)] = fingerprintOf(rows.filter((row) => !leaveOut(String(name), row)));
    }
    const objects = catalogue
      .filter((entry) => entry.type !== 'table')
      .map((entry) => `${String(entry.type)} ${String(entry.name)}: ${String(entry.sql)}`);
    return { tables, objects };
  } finally {
    client.close();
  }
}

async function postgresqlFingerprint(url: string, leaveOut: RowFilter): Promise<DatabaseFingerprint> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows: names } = await client.query<{ name: string }>(
      `SELECT c.relname AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
       WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p') ORDER BY 1`,
    );
    const tables: Record<string, TableFingerprint> = {};
    for (const { name } of names) {
      const { rows } = await client.query<Row>(`SELECT * FROM ${quote(name)}`);
      tables[name] = fingerprintOf(rows.filter((row) => !leaveOut(name, row)));
    }
    const { rows: objects } = await client.query<{ object: string }>(
      `SELECT 'index ' || indexname || ': ' || indexdef AS object FROM pg_indexes WHERE schemaname = 'public'
       UNION ALL
       SELECT 'trigger ' || tgname || ': ' || pg_get_triggerdef(t.oid) FROM pg_trigger t
         JOIN pg_class c ON c.oid = t.tgrelid JOIN pg_namespace n ON n.oid = c.relnamespace
         WHERE NOT t.tgisinternal AND n.nspname = 'public'
       UNION ALL
       SELECT 'function ' || p.proname || ': ' || pg_get_functiondef(p.oid) FROM pg_proc p
         JOIN pg_namespace n ON n.oid = p.pronamespace WHERE n.nspname = 'public'
       UNION ALL
       SELECT 'view ' || viewname || ': ' || definition FROM pg_views WHERE schemaname = 'public'
       UNION ALL
       SELECT 'type ' || t.typname || ': ' || string_agg(e.enumlabel, ',' ORDER BY e.enumsortorder) FROM pg_type t
         JOIN pg_enum e ON e.enumtypid = t.oid GROUP BY t.typname
       ORDER BY 1`,
    );
    return { tables, objects: objects.map((row) => row.object) };
  } finally {
    await client.end();
  }
}

export function fingerprintDatabase(
  provider: ProviderName,
  url: string,
  leaveOut: RowFilter = () => false,
): Promise<DatabaseFingerprint> {
  return provider === 'sqlite' ? sqliteFingerprint(url, leaveOut) : postgresqlFingerprint(url, leaveOut);
}
