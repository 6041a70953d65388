import type { Db, Tx } from './provider.ts';
import type { ProviderName } from './provider-name.ts';
import { fullTextWords } from '../domain/text/tokenize.ts';

/**
 * Query pieces whose spelling differs per database. Services ask `dialectOf(db)` instead of
 * branching on the provider themselves.
 */
export interface ColumnSpec {
  name: string;
  /** The PostgreSQL type to cast the parameter to (an enum, a timestamp); SQLite needs none. */
  pgType?: string;
}

export interface Dialect {
  readonly provider: ProviderName;
  /** A case-insensitive "contains" filter for a text column. */
  containsText(term: string): { contains: string; mode?: 'insensitive' };
  /** A DateTime as Prisma itself stores it, for raw inserts. */
  dateValue(date: Date): string;
  /**
   * Inserts many rows with multi-row INSERT statements in the caller's transaction: several times
   * faster than Prisma's createMany (ENVIRONMENT.md measured 7x), for imports.
   */
  insertRows(tx: Tx, table: string, columns: readonly ColumnSpec[], rows: readonly unknown[][]): Promise<void>;
  /**
   * Ids of the local issues whose title, description or root causes hold every word of `text`, best
   * first, through the database's own full-text index. The text never reaches the query syntax raw.
   */
  matchLocalIssues(db: Db, text: string, limit: number): Promise<string[]>;
}

/**
 * The search words quoted one by one: FTS5 reads a quoted string as a term, and websearch_to_tsquery
 * reads it as a phrase of one word, so that no character a person typed becomes an operator.
 */
export function quotedSearchWords(text: string): string | null {
  const words = fullTextWords(text);
  return words.length === 0 ? null : words.map((word) => `"${word}"`).join(' ');
}

const quote = (name: string) => `"${name.replace(/"/g, '""')}"`;

async function insertInBatches(
  tx: Tx,
  table: string,
  columns: readonly ColumnSpec[],
  rows: readonly unknown[][],
  placeholder: (index: number, column: ColumnSpec) => string,
) {
  // SQLite allows 32,766 parameters a statement and PostgreSQL 65,535; 500 rows stay well below.
  const batchSize = Math.max(1, Math.min(500, Math.floor(30_000 / columns.length)));
  const names = columns.map((column) => quote(column.name)).join(', ');
  for (let start = 0; start < rows.length; start += batchSize) {
    const batch = rows.slice(start, start + batchSize);
    const values = batch
      .map(
        (_row, rowIndex) =>
          `(${columns.map((column, index) => placeholder(rowIndex * columns.length + index, column)).join(', ')})`,
      )
      .join(', ');
    await tx.$executeRawUnsafe(`INSERT INTO ${quote(table)} (${names}) VALUES ${values}`, ...batch.flat());
  }
}

const DIALECTS: Record<ProviderName, Dialect> = {
  sqlite: {
    provider: 'sqlite',
    // SQLite's LIKE, which Prisma uses for contains, already ignores ASCII case.
    containsText: (term) => ({ contains: term }),
    dateValue: (date) => date.toISOString().replace('Z', '+00:00'),
    insertRows: (tx, table, columns, rows) => insertInBatches(tx, table, columns, rows, () => '?'),
    async matchLocalIssues(db, text, limit) {
      const query = quotedSearchWords(text);
      if (!query) return [];
      const rows = await db.$queryRawUnsafe<{ issue_id: string }[]>(
        `SELECT key.issue_id FROM local_issue_search
         JOIN local_issue_search_key key ON key.rowid = local_issue_search.rowid
         WHERE local_issue_search MATCH ? ORDER BY bm25(local_issue_search, 10.0, 4.0, 2.0) LIMIT ?`,
        query,
        limit,
      );
      return rows.map((row) => row.issue_id);
    },
  },
  postgresql: {
    provider: 'postgresql',
    containsText: (term) => ({ contains: term, mode: 'insensitive' }),
    dateValue: (date) => date.toISOString(),
    insertRows: (tx, table, columns, rows) =>
      insertInBatches(tx, table, columns, rows, (index, column) =>
        column.pgType ? `$${index + 1}::${column.pgType}` : `$${index + 1}`,
      ),
    async matchLocalIssues(db, text, limit) {
      const query = quotedSearchWords(text);
      if (!query) return [];
      const rows = await db.$queryRawUnsafe<{ issue_id: string }[]>(
        `SELECT issue_id FROM local_issue_search, websearch_to_tsquery('english', $1) query
         WHERE document @@ query ORDER BY ts_rank(document, query) DESC, issue_id LIMIT $2`,
        query,
        limit,
      );
      return rows.map((row) => row.issue_id);
    },
  },
};

const providerOfClient = new WeakMap<object, ProviderName>();

/** Called by each provider for every client it creates. */
export function registerDialect(db: Db, provider: ProviderName): Db {
  providerOfClient.set(db, provider);
  return db;
}

export function dialectOf(db: Db): Dialect {
  const provider = providerOfClient.get(db);
  if (!provider) throw new Error('This database client was not created by a provider in src/db.');
  return DIALECTS[provider];
}
