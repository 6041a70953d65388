import { expect, it } from 'vitest';
import type { Db } from '../../../src/db/client.ts';
import { describeEachProvider } from '../../support/test-database.ts';

interface ForeignKey {
  table: string;
  columns: string[];
}

/**
 * Every foreign key of the migrated database with the columns of every index of its table. Deleting a
 * referenced row makes the database look up the rows that refer to it: without an index whose leading
 * columns are the key's, that is a scan of the whole table per deleted row (deleting 200 issues took
 * 28 s at 100,000 issues before LocalIssue.nearDuplicateOfId had one).
 */
async function foreignKeysAndIndexes(db: Db, provider: string) {
  if (provider === 'sqlite') {
    const tables = await db.$queryRawUnsafe<{ name: string }[]>(
      `SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND sql NOT LIKE 'CREATE VIRTUAL%'`,
    );
    const keys: ForeignKey[] = [];
    const indexes = new Map<string, string[][]>();
    for (const { name } of tables) {
      const references = await db.$queryRawUnsafe<{ id: number; seq: number; from: string }[]>(
        `SELECT id, seq, "from" FROM pragma_foreign_key_list('${name}') ORDER BY id, seq`,
      );
      const byKey = Map.groupBy(references, (reference) => Number(reference.id));
      for (const columns of byKey.values()) keys.push({ table: name, columns: columns.map((column) => column.from) });
      const indexNames = await db.$queryRawUnsafe<{ name: string }[]>(`SELECT name FROM pragma_index_list('${name}')`);
      const columnLists: string[][] = [];
      for (const index of indexNames) {
        const columns = await db.$queryRawUnsafe<{ name: string }[]>(
          `SELECT name FROM pragma_index_info('${index.name}') ORDER BY seqno`,
        );
        columnLists.push(columns.map((column) => column.name));
      }
      indexes.set(name, columnLists);
    }
    return { keys, indexes };
  }
  const keys = await db.$queryRawUnsafe<ForeignKey[]>(`
    SELECT c.conrelid::regclass::text AS "table",
           array(SELECT a.attname::text FROM unnest(c.conkey) WITH ORDINALITY k(num, pos)
                 JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = k.num ORDER BY k.pos) AS columns
    FROM pg_constraint c WHERE c.contype = 'f' AND c.connamespace = 'public'::regnamespace`);
  const rows = await db.$queryRawUnsafe<{ table: string; columns: string[] }[]>(`
    SELECT i.indrelid::regclass::text AS "table",
           array(SELECT a.attname::text FROM unnest(i.indkey::int2[]) WITH ORDINALITY k(num, pos)
                 JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.num ORDER BY k.pos) AS columns
    FROM pg_index i JOIN pg_class t ON t.oid = i.indrelid WHERE t.relnamespace = 'public'::regnamespace`);
  const indexes = new Map<string, string[][]>();
  // regclass names mixed-case tables in quotes.
  const unquoted = (table: string) => table.replaceAll('"', '');
  for (const row of rows) indexes.set(unquoted(row.table), [...(indexes.get(unquoted(row.table)) ?? []), row.columns]);
  return { keys: keys.map((key) => ({ ...key, table: unquoted(key.table) })), indexes };
}

describeEachProvider('foreign keys', (database) => {
  it('each have an index that starts with their columns', async () => {
    const { db, provider } = database();
    const { keys, indexes } = await foreignKeysAndIndexes(db, provider.name);
    expect(keys.length).toBeGreaterThan(30);
    const unindexed = keys.filter(
      (key) =>
        !(indexes.get(key.table) ?? []).some((columns) =>
          key.columns.every((column, position) => columns[position] === column),
        ),
    );
    expect(unindexed.map((key) => `${key.table}(${key.columns.join(', ')})`)).toEqual([]);
  });
});
