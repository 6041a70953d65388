import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../../src/db/client.ts';
import { createSqliteProvider, enableWriteAheadLog, SQLITE_BUSY_TIMEOUT_MS } from '../../../src/db/sqlite.ts';
import { createTestDatabase } from '../../support/test-database.ts';

describe('SQLite connections', () => {
  let db: Db;
  let drop: () => Promise<void>;
  beforeAll(async () => {
    const created = await createTestDatabase('sqlite');
    drop = created.drop;
    db = createSqliteProvider(created.url).createClient();
  });
  afterAll(async () => {
    await db.$disconnect();
    await drop();
  });

  const busyTimeout = async () =>
    Number((await db.$queryRawUnsafe<{ timeout: number | bigint }[]>('PRAGMA busy_timeout'))[0]?.timeout);

  it('sets a busy timeout on the first connection and on each one opened after a transaction', async () => {
    expect(await busyTimeout()).toBe(SQLITE_BUSY_TIMEOUT_MS);
    await db.$transaction(async (tx) => tx.department.count());
    expect(await busyTimeout()).toBe(SQLITE_BUSY_TIMEOUT_MS);
  });

  it('switches the database file to write-ahead logging', async () => {
    await enableWriteAheadLog(db);
    const [row] = await db.$queryRawUnsafe<{ journal_mode: string }[]>('PRAGMA journal_mode');
    expect(row?.journal_mode).toBe('wal');
  });
});
