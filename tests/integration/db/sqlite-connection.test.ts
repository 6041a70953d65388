import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../../src/db/client.ts';
import { createClient } from '@libsql/client';
import { createSqliteProvider, enableWriteAheadLog, sqlitePathOf } from '../../../src/db/sqlite.ts';
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

  it('keeps SQLite’s blocking busy handler off on the first connection and on each one opened after a transaction', async () => {
    expect(await busyTimeout()).toBe(0);
    await db.$transaction(async (tx) => tx.department.count());
    expect(await busyTimeout()).toBe(0);
  });

  it('waits for another connection’s write lock without blocking the process, then writes', async () => {
    await enableWriteAheadLog(db);
    const other = createClient({ url: `file:${sqlitePathOf(url)}` });
    const held = await other.transaction('write');
    await held.execute("UPDATE AppSetting SET key = key WHERE key = 'none'");
    // The other connection lets go after 600 ms, on a timer that only fires if the event loop is free.
    let ticks = 0;
    const ticking = setInterval(() => (ticks += 1), 20);
    setTimeout(() => void held.commit(), 600);
    try {
      const started = Date.now();
      await db.department.create({
        data: { code: 'WAIT-TEST', name: 'Wait test', sphere: 'national', sector: 'policing' },
      });
      expect(Date.now() - started).toBeGreaterThanOrEqual(550);
      expect(ticks).toBeGreaterThanOrEqual(10);
    } finally {
      clearInterval(ticking);
      other.close();
    }
    expect(await db.department.count({ where: { code: 'WAIT-TEST' } })).toBe(1);
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
