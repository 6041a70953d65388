import type { Db } from '../../src/db/client.ts';
import { dialectOf } from '../../src/db/dialect.ts';

/**
 * What is wrong with a database after a crash, as a list (empty when nothing is): on SQLite, the file's own
 * integrity and foreign-key checks and the FTS5 search table's integrity check; on PostgreSQL, amcheck over
 * every table and B-tree index of the schema. On both, the search rows match the local issues one for one
 * (the triggers that keep them are part of each write transaction).
 */
export async function integrityProblems(db: Db): Promise<string[]> {
  const problems = dialectOf(db).provider === 'sqlite' ? await sqliteProblems(db) : await postgresqlProblems(db);
  return [...problems, ...(await searchRowProblems(db))];
}

async function sqliteProblems(db: Db): Promise<string[]> {
  const problems: string[] = [];
  const integrity = await db.$queryRawUnsafe<{ integrity_check: string }[]>('PRAGMA integrity_check');
  const verdicts = integrity.map((row) => row.integrity_check);
  if (verdicts.join() !== 'ok') problems.push(...verdicts.map((verdict) => `integrity_check: ${verdict}`));
  const orphans = await db.$queryRawUnsafe<{ table: string; parent: string }[]>('PRAGMA foreign_key_check');
  problems.push(...orphans.map((row) => `foreign_key_check: a row of ${row.table} names a missing ${row.parent}`));
  try {
    // Compares the full-text index with the content it stores; an error names what disagrees.
    await db.$executeRawUnsafe(
      "INSERT INTO local_issue_search (local_issue_search, rank) VALUES ('integrity-check', 1)",
    );
  } catch (error) {
    problems.push(`FTS5 integrity-check of local_issue_search: ${(error as Error).message}`);
  }
  return problems;
}

async function postgresqlProblems(db: Db): Promise<string[]> {
  await db.$executeRawUnsafe('CREATE EXTENSION IF NOT EXISTS amcheck');
  // The heap of every table (verify_heapam) and every B-tree index, each index also checked to point at
  // every heap row it should (heapallindexed).
  const heap = await db.$queryRawUnsafe<{ relation: string; msg: string }[]>(
    `SELECT c.relname AS relation, v.msg
     FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace, LATERAL verify_heapam(c.oid) v
     WHERE n.nspname = current_schema() AND c.relkind = 'r'`,
  );
  const problems = heap.map((row) => `verify_heapam on ${row.relation}: ${row.msg}`);
  try {
    // bt_index_check returns nothing and raises an error that names the index it finds corrupt.
    await db.$queryRawUnsafe(
      `SELECT count(*)::int AS checked FROM (
         SELECT bt_index_check(c.oid, true)
         FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid JOIN pg_namespace n ON n.oid = c.relnamespace
         JOIN pg_am am ON am.oid = c.relam
         WHERE n.nspname = current_schema() AND am.amname = 'btree') AS checks`,
    );
  } catch (error) {
    problems.push(`bt_index_check: ${(error as Error).message}`);
  }
  return problems;
}

async function searchRowProblems(db: Db): Promise<string[]> {
  const sqlite = dialectOf(db).provider === 'sqlite';
  const [row] = await db.$queryRawUnsafe<{ missing: number | bigint; stray: number | bigint }[]>(
    sqlite
      ? `SELECT
           (SELECT count(*) FROM "LocalIssue" i WHERE NOT EXISTS
              (SELECT 1 FROM local_issue_search_key k JOIN local_issue_search s ON s.rowid = k.rowid
               WHERE k.issue_id = i."id")) AS missing,
           (SELECT count(*) FROM local_issue_search s WHERE NOT EXISTS
              (SELECT 1 FROM local_issue_search_key k WHERE k.rowid = s.rowid)) AS stray`
      : `SELECT
           (SELECT count(*) FROM "LocalIssue" i WHERE NOT EXISTS
              (SELECT 1 FROM local_issue_search s WHERE s.issue_id = i."id"))::int AS missing,
           (SELECT count(*) FROM local_issue_search s WHERE NOT EXISTS
              (SELECT 1 FROM "LocalIssue" i WHERE i."id" = s.issue_id))::int AS stray`,
  );
  const [missing, stray] = [Number(row?.missing ?? 0), Number(row?.stray ?? 0)];
  return [
    ...(missing > 0 ? [`${missing} local issue(s) have no search row`] : []),
    ...(stray > 0 ? [`${stray} search row(s) belong to no local issue`] : []),
  ];
}
