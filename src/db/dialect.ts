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

/** Matches among the live (not archived) issues of these facilities only: a facilitator's search. */
export interface LocalIssueSearchScope {
  facilityIds: readonly string[];
}

export interface Dialect {
  readonly provider: ProviderName;
  /** A case-insensitive "contains" filter for a text column. */
  containsText(term: string): { contains: string; mode?: 'insensitive' };
  /**
   * An order by `field`, largest first and empty values last. SQLite sorts them so already, and Prisma's
   * explicit `nulls: 'last'` there is a CASE that no index can serve (the largest cluster's 100 most alike
   * members: 54 ms sorting 8,000 rows instead of 0.1 ms reading an index).
   */
  descNullsLast<F extends string>(field: F): Record<F, 'desc' | { sort: 'desc'; nulls: 'last' }>;
  /** A DateTime as Prisma itself stores it, for raw inserts. */
  dateValue(date: Date): string;
  /**
   * Inserts many rows in batches, each sent as one JSON parameter, in the caller's transaction: several times
   * faster than Prisma's createMany (ENVIRONMENT.md measured 7x), for imports.
   */
  insertRows(tx: Tx, table: string, columns: readonly ColumnSpec[], rows: readonly unknown[][]): Promise<void>;
  /**
   * Ids of the local issues whose title, description or root causes hold every word of `text`, best
   * first, through the database's own full-text index. The text never reaches the query syntax raw.
   */
  matchLocalIssues(db: Db, text: string, limit: number, within?: LocalIssueSearchScope): Promise<string[]>;
  /**
   * For each of `texts`, the ids of the newest `perText` issues (live or archived) that hold every word of it,
   * through the full-text index. On SQLite each look-up reads little more of the index than it returns, however
   * common the words; PostgreSQL's GIN index finds every match first and sorts out the newest.
   */
  latestIssuesWithWords(db: Db, texts: readonly string[], perText: number): Promise<string[]>;
  /**
   * Ids of the issues an import source already holds under any of `externalRefs`. The references
   * travel as one JSON parameter: tens of thousands of bound ones cost Prisma tens of megabytes.
   */
  importedIssueIds(tx: Tx, importSource: string, externalRefs: readonly string[]): Promise<string[]>;
  /**
   * Updates many rows by id at once, in batches each sent as one JSON parameter: rows of [id, ...the
   * values of `columns` in order]. One statement a batch instead of one a row, which PostgreSQL's round
   * trips make slow.
   */
  updateRows(tx: Tx, table: string, columns: readonly ColumnSpec[], rows: readonly unknown[][]): Promise<void>;
  /**
   * The id and the value (as text; JSON as its text) of each row whose `column` matches any of the LIKE
   * `patterns` (escape character `\`), ignoring letter case. A full scan of the table: for redaction only.
   */
  rowsMatching(
    tx: Tx,
    table: string,
    column: string,
    patterns: readonly string[],
  ): Promise<{ id: string; value: string }[]>;
  /**
   * Rewrites the full-text index without the words that earlier writes replaced. SQLite's FTS5 only marks a
   * replaced row's words deleted, and they stay readable in its segments (in the database file, in a dump)
   * until the segments happen to merge: this merges them all now, about a second at 100,000 issues. On
   * PostgreSQL the row holds the new document only (the old row version is gone at the next VACUUM).
   */
  purgeReplacedSearchText(tx: Tx): Promise<void>;
}

/**
 * The search words quoted one by one: FTS5 reads a quoted string as a term, and websearch_to_tsquery
 * reads it as a phrase of one word, so that no character a person typed becomes an operator.
 */
export function quotedSearchWords(text: string): string | null {
  const words = fullTextWords(text);
  return words.length === 0 ? null : words.map((word) => `"${word}"`).join(' ');
}

/** Each text as a query of its own (`quotedSearchWords`); texts of stop words alone go. */
function searchTermsOf(texts: readonly string[]): string[] {
  return [...new Set(texts.flatMap((text) => quotedSearchWords(text) ?? []))];
}

const quote = (name: string) => `"${name.replace(/"/g, '""')}"`;

/**
 * Each batch travels as one JSON parameter that the database unpacks row by row: thousands of bound
 * parameters a statement cost Prisma far more memory (about 2 MB retained per 500-row batch inside
 * an interactive transaction) than one string does, and the batches can be larger.
 */
async function insertInBatches(
  tx: Tx,
  table: string,
  columns: readonly ColumnSpec[],
  rows: readonly unknown[][],
  unpack: { field: (column: ColumnSpec, index: number) => string; from: string },
) {
  const names = columns.map((column) => quote(column.name)).join(', ');
  const fields = columns.map((column, index) => unpack.field(column, index)).join(', ');
  const sql = `INSERT INTO ${quote(table)} (${names}) SELECT ${fields} FROM ${unpack.from}`;
  for (let start = 0; start < rows.length; start += INSERT_BATCH_ROWS) {
    await tx.$executeRawUnsafe(sql, JSON.stringify(rows.slice(start, start + INSERT_BATCH_ROWS)));
  }
}

async function updateInBatches(
  tx: Tx,
  table: string,
  columns: readonly ColumnSpec[],
  rows: readonly unknown[][],
  unpack: { field: (column: ColumnSpec, index: number) => string; from: string },
) {
  const assignments = columns
    .map((column, index) => `${quote(column.name)} = ${unpack.field(column, index + 1)}`)
    .join(', ');
  const sql = `UPDATE ${quote(table)} SET ${assignments} FROM ${unpack.from}
    WHERE ${quote(table)}."id" = ${unpack.field({ name: 'id' }, 0)}`;
  for (let start = 0; start < rows.length; start += UPDATE_BATCH_ROWS) {
    await tx.$executeRawUnsafe(sql, JSON.stringify(rows.slice(start, start + UPDATE_BATCH_ROWS)));
  }
}

/** Small enough that a batch's JSON stays under V8's large-object size (see import-service.ts). */
const INSERT_BATCH_ROWS = 250;

const UPDATE_BATCH_ROWS = 1_000;

/** Well under SQLite's bound on a statement's parameters. */
const PATTERNS_PER_SCAN = 200;

const DIALECTS: Record<ProviderName, Dialect> = {
  sqlite: {
    provider: 'sqlite',
    // SQLite's LIKE, which Prisma uses for contains, already ignores ASCII case.
    containsText: (term) => ({ contains: term }),
    descNullsLast: (field) => ({ [field]: 'desc' }) as Record<typeof field, 'desc'>,
    dateValue: (date) => date.toISOString().replace('Z', '+00:00'),
    insertRows: (tx, table, columns, rows) =>
      insertInBatches(tx, table, columns, rows, { field: (_, index) => `value->>${index}`, from: 'json_each(?)' }),
    async matchLocalIssues(db, text, limit, within) {
      const query = quotedSearchWords(text);
      if (!query) return [];
      const rows = within
        ? await db.$queryRawUnsafe<{ issue_id: string }[]>(
            `SELECT key.issue_id FROM local_issue_search
             JOIN local_issue_search_key key ON key.rowid = local_issue_search.rowid
             JOIN "LocalIssue" issue ON issue."id" = key.issue_id
             WHERE local_issue_search MATCH ? AND issue."archived" = false
               AND issue."facilityId" IN (SELECT value FROM json_each(?))
             ORDER BY bm25(local_issue_search, 10.0, 4.0, 2.0) LIMIT ?`,
            query,
            JSON.stringify(within.facilityIds),
            limit,
          )
        : await db.$queryRawUnsafe<{ issue_id: string }[]>(
            `SELECT key.issue_id FROM local_issue_search
             JOIN local_issue_search_key key ON key.rowid = local_issue_search.rowid
             WHERE local_issue_search MATCH ? ORDER BY bm25(local_issue_search, 10.0, 4.0, 2.0) LIMIT ?`,
            query,
            limit,
          );
      return rows.map((row) => row.issue_id);
    },
    async latestIssuesWithWords(db, texts, perText) {
      const terms = searchTermsOf(texts);
      if (terms.length === 0) return [];
      // FTS5 reads a word's rows newest first and stops at the limit.
      const latest = terms.map(
        () => `SELECT * FROM (SELECT rowid FROM local_issue_search WHERE local_issue_search MATCH ?
                              ORDER BY rowid DESC LIMIT ?)`,
      );
      const rows = await db.$queryRawUnsafe<{ issue_id: string }[]>(
        `SELECT DISTINCT key.issue_id FROM (${latest.join(' UNION ')}) found
         JOIN local_issue_search_key key ON key.rowid = found.rowid`,
        ...terms.flatMap((term) => [term, perText]),
      );
      return rows.map((row) => row.issue_id);
    },
    updateRows: (tx, table, columns, rows) =>
      updateInBatches(tx, table, columns, rows, {
        field: (_, index) => `v.value->>${index}`,
        from: 'json_each(?) v',
      }),
    async importedIssueIds(tx, importSource, externalRefs) {
      const rows = await tx.$queryRawUnsafe<{ id: string }[]>(
        `SELECT id FROM "LocalIssue" WHERE "importSource" = ? AND "externalRef" IN (SELECT value FROM json_each(?))`,
        importSource,
        JSON.stringify(externalRefs),
      );
      return rows.map((row) => row.id);
    },
    // SQLite's LIKE ignores the case of ASCII letters only. One bound pattern a LIKE: twice as fast as
    // reading them from a JSON parameter row by row (0.2 s against 0.4 s over 200,000 audit events).
    async rowsMatching(tx, table, column, patterns) {
      const found = new Map<string, { id: string; value: string }>();
      for (let start = 0; start < patterns.length; start += PATTERNS_PER_SCAN) {
        const batch = patterns.slice(start, start + PATTERNS_PER_SCAN);
        const rows = await tx.$queryRawUnsafe<{ id: string; value: string }[]>(
          `SELECT "id" AS id, CAST(${quote(column)} AS TEXT) AS value FROM ${quote(table)}
           WHERE ${batch.map(() => `CAST(${quote(column)} AS TEXT) LIKE ? ESCAPE '\\'`).join(' OR ')}`,
          ...batch,
        );
        for (const row of rows) found.set(row.id, row);
      }
      return [...found.values()];
    },
    async purgeReplacedSearchText(tx) {
      // FTS5's secure-delete would erase only the words of the row's last version, not those of the versions
      // replaced before it, and kept on it made 20,000 updates of the index (an import's) 25 times slower.
      await tx.$executeRawUnsafe(`INSERT INTO local_issue_search (local_issue_search) VALUES ('optimize')`);
    },
  },
  postgresql: {
    provider: 'postgresql',
    containsText: (term) => ({ contains: term, mode: 'insensitive' }),
    descNullsLast: (field) =>
      ({ [field]: { sort: 'desc', nulls: 'last' } }) as Record<typeof field, { sort: 'desc'; nulls: 'last' }>,
    dateValue: (date) => date.toISOString(),
    insertRows: (tx, table, columns, rows) =>
      insertInBatches(tx, table, columns, rows, {
        field: (column, index) => (column.pgType ? `(row->>${index})::${column.pgType}` : `row->>${index}`),
        from: 'json_array_elements($1::json) row',
      }),
    async matchLocalIssues(db, text, limit, within) {
      const query = quotedSearchWords(text);
      if (!query) return [];
      const rows = within
        ? await db.$queryRawUnsafe<{ issue_id: string }[]>(
            `SELECT search.issue_id FROM local_issue_search search
             JOIN "LocalIssue" issue ON issue."id" = search.issue_id,
             websearch_to_tsquery('english', $1) query
             WHERE search.document @@ query AND issue."archived" = false
               AND issue."facilityId" IN (SELECT json_array_elements_text($3::json))
             ORDER BY ts_rank(search.document, query) DESC, search.issue_id LIMIT $2`,
            query,
            limit,
            JSON.stringify(within.facilityIds),
          )
        : await db.$queryRawUnsafe<{ issue_id: string }[]>(
            `SELECT issue_id FROM local_issue_search, websearch_to_tsquery('english', $1) query
             WHERE document @@ query ORDER BY ts_rank(document, query) DESC, issue_id LIMIT $2`,
            query,
            limit,
          );
      return rows.map((row) => row.issue_id);
    },
    async latestIssuesWithWords(db, texts, perText) {
      const terms = searchTermsOf(texts);
      if (terms.length === 0) return [];
      const latest = terms.map(
        (_, index) => `(SELECT issue_id FROM local_issue_search
                        WHERE document @@ websearch_to_tsquery('english', $${index + 2})
                        ORDER BY issue_id DESC LIMIT $1)`,
      );
      const rows = await db.$queryRawUnsafe<{ issue_id: string }[]>(latest.join(' UNION '), perText, ...terms);
      return rows.map((row) => row.issue_id);
    },
    updateRows: (tx, table, columns, rows) =>
      updateInBatches(tx, table, columns, rows, {
        field: (column, index) => (column.pgType ? `(v->>${index})::${column.pgType}` : `v->>${index}`),
        from: 'json_array_elements($1::json) v',
      }),
    async importedIssueIds(tx, importSource, externalRefs) {
      const rows = await tx.$queryRawUnsafe<{ id: string }[]>(
        // One look-up of the unique (importSource, externalRef) index per reference, whatever the statistics
        // say: inside an import's transaction they predate its rows, and the planner then filtered every row
        // of the source for each chunk (20,000 rows: 45 s of a 60 s import).
        `SELECT issue.id FROM json_array_elements_text($2::json) AS ref(value)
         CROSS JOIN LATERAL (SELECT id FROM "LocalIssue"
                             WHERE "importSource" = $1 AND "externalRef" = ref.value) AS issue`,
        importSource,
        JSON.stringify(externalRefs),
      );
      return rows.map((row) => row.id);
    },
    rowsMatching: (tx, table, column, patterns) =>
      tx.$queryRawUnsafe<{ id: string; value: string }[]>(
        `SELECT "id" AS id, copy.${quote(column)}::text AS value FROM ${quote(table)} AS copy
         WHERE EXISTS (SELECT 1 FROM json_array_elements_text($1::json) AS pattern(value)
                       WHERE copy.${quote(column)}::text ILIKE pattern.value ESCAPE '\\')`,
        JSON.stringify(patterns),
      ),
    purgeReplacedSearchText: async () => {},
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
