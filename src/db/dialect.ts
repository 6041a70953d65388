import type { Db, Tx } from './provider.ts';
import type { ProviderName } from './provider-name.ts';

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
  },
  postgresql: {
    provider: 'postgresql',
    containsText: (term) => ({ contains: term, mode: 'insensitive' }),
    dateValue: (date) => date.toISOString(),
    insertRows: (tx, table, columns, rows) =>
      insertInBatches(tx, table, columns, rows, (index, column) =>
        column.pgType ? `$${index + 1}::${column.pgType}` : `$${index + 1}`,
      ),
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
