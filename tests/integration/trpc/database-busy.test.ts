import { createClient } from '@libsql/client';
import { TRPCError } from '@trpc/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../../src/db/client.ts';
import { DATABASE_BUSY_MESSAGE } from '../../../src/db/busy.ts';
import { createSqliteProvider, sqlitePathOf } from '../../../src/db/sqlite.ts';
import { createContext } from '../../../src/server/trpc/context.ts';
import { createCaller } from '../../../src/server/trpc/root.ts';
import { anActorWithAccount } from '../../support/auth.ts';
import { createTestDatabase } from '../../support/test-database.ts';

describe('a write while another process holds the SQLite write lock', () => {
  let db: Db;
  let url: string;
  let drop: () => Promise<void>;
  beforeAll(async () => {
    ({ url, drop } = await createTestDatabase('sqlite'));
    db = createSqliteProvider(url, { transactionMaxWaitMs: 300 }).createClient();
  });
  afterAll(async () => {
    await db.$disconnect();
    await drop();
  });

  const newDepartment = { code: 'BUSY-1', name: 'Busy test', sphere: 'national', sector: 'policing' } as const;

  it('is refused as "busy, try again" once the wait is over, saves nothing, and works when the lock is free', async () => {
    const caller = createCaller(createContext(db, await anActorWithAccount(db, 'admin')));
    // Another process (the worker writing an import) holds the write lock.
    const other = createClient({ url: `file:${sqlitePathOf(url)}` });
    const held = await other.transaction('write');
    await held.execute("UPDATE AppSetting SET key = key WHERE key = 'none'");
    try {
      const refusal = await caller.department.create(newDepartment).catch((error: unknown) => error);
      expect(refusal).toBeInstanceOf(TRPCError);
      expect(refusal).toMatchObject({ code: 'SERVICE_UNAVAILABLE', message: DATABASE_BUSY_MESSAGE });
    } finally {
      await held.rollback();
      other.close();
    }
    expect(await db.department.count({ where: { code: newDepartment.code } })).toBe(0);
    await expect(caller.department.create(newDepartment)).resolves.toMatchObject({ code: 'BUSY-1' });
  });
});
