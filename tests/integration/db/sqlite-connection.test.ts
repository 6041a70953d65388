import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../../src/db/client.ts';
import { createSqliteProvider, enableWriteAheadLog, SQLITE_BUSY_TIMEOUT_MS } from '../../../src/db/sqlite.ts';
import { createTestDatabase } from '../../support/test-database.ts';

describe('SQLite connections', () => {
  let db: Db;
  let drop: () => Promise<void>;
  let url: string;
  beforeAll(async () => {
    const created = await createTestDatabase('sqlite');
    ({ drop, url } = created);
    db = createSqliteProvider(url).createClient();
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

  it('lets a transaction that reads and then writes finish while another connection writes', async () => {
    // Two clients are two connections, as the web server and the worker are two processes.
    const other = createSqliteProvider(url).createClient();
    try {
      await enableWriteAheadLog(db);
      const department = await db.department.create({
        data: { code: 'LOCK-TEST', name: 'Lock test', sphere: 'national', sector: 'policing' },
      });
      let readDone!: () => void;
      const hasRead = new Promise<void>((resolve) => (readDone = resolve));
      const readThenWrite = db.$transaction(async (tx) => {
        const before = await tx.department.findUniqueOrThrow({ where: { id: department.id } });
        readDone();
        await new Promise((resolve) => setTimeout(resolve, 300));
        return tx.department.update({ where: { id: department.id }, data: { name: `${before.name} (a)` } });
      });
      await hasRead;
      const otherWrite = other.$transaction((tx) =>
        tx.department.update({ where: { id: department.id }, data: { name: `${department.name} (b)` } }),
      );
      await expect(Promise.all([readThenWrite, otherWrite])).resolves.toHaveLength(2);
      // The other writer waited for the first transaction, so it wrote last.
      expect((await db.department.findUniqueOrThrow({ where: { id: department.id } })).name).toBe(
        `${department.name} (b)`,
      );
    } finally {
      await other.$disconnect();
    }
  });

  it('switches the database file to write-ahead logging', async () => {
    await enableWriteAheadLog(db);
    const [row] = await db.$queryRawUnsafe<{ journal_mode: string }[]>('PRAGMA journal_mode');
    expect(row?.journal_mode).toBe('wal');
  });
});
