import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createClient, type Client, type Transaction, type TransactionMode } from '@libsql/client';
import { PrismaLibSql } from '@prisma/adapter-libsql';
import { PrismaClient } from './generated/sqlite/client.ts';
import { registerDialect } from './dialect.ts';
import type { DatabaseProvider, Db } from './provider.ts';

export const SQLITE_BUSY_TIMEOUT_MS = 5000;
/**
 * How long a transaction waits for the write lock (Prisma's default is 2 s): one writer at a time,
 * and the worker's longest writes (a large import, a clustering run's results) take a few seconds.
 */
export const SQLITE_TRANSACTION_MAX_WAIT_MS = 30_000;

/** `file:./data/cbm.db` -> an absolute path, resolved against the working directory. */
export function sqlitePathOf(databaseUrl: string): string {
  const path = databaseUrl.slice('file:'.length);
  return path.startsWith('//') ? fileURLToPath(databaseUrl) : resolve(path);
}

/**
 * libSQL opens a new connection after every transaction, without a busy timeout, and offers no
 * option for one; this proxy sets it on each connection before its first statement, so that a
 * writer in another process (an import, a re-clustering job) makes us wait instead of fail.
 *
 * Prisma begins its transactions DEFERRED: one that reads and then writes fails at its first write
 * (SQLITE_BUSY_SNAPSHOT, which no busy timeout waits out) when another process wrote in between.
 * Here they begin IMMEDIATE instead, taking the write lock first, waited for without blocking.
 */
export function withBusyTimeout(client: Client, milliseconds: number): Client {
  let isConnectionFresh = true;
  const prepareConnection = async () => {
    if (!isConnectionFresh) return;
    isConnectionFresh = false;
    await client.execute(`PRAGMA busy_timeout = ${milliseconds}`);
  };
  return new Proxy(client, {
    get(target, property) {
      if (property === 'transaction') {
        return async (mode?: TransactionMode) => {
          await prepareConnection();
          // Once the transaction holds the write lock, nothing it does waits for another connection.
          const transaction = await beginWhenFree(target, mode === 'read' ? 'read' : 'write');
          isConnectionFresh = true;
          return transaction;
        };
      }
      if (property === 'execute' || property === 'batch' || property === 'executeMultiple') {
        return async (...args: unknown[]) => {
          await prepareConnection();
          return (target[property] as (...a: unknown[]) => unknown)(...args);
        };
      }
      const value: unknown = Reflect.get(target, property, target);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}

class BusyTimeoutLibSql extends PrismaLibSql {
  override createClient(config: Parameters<PrismaLibSql['createClient']>[0]): Client {
    return withBusyTimeout(createClient(config), SQLITE_BUSY_TIMEOUT_MS);
  }
}

export function createSqliteProvider(
  databaseUrl: string,
  { transactionMaxWaitMs = SQLITE_TRANSACTION_MAX_WAIT_MS } = {},
): DatabaseProvider {
  const path = sqlitePathOf(databaseUrl);
  mkdirSync(dirname(path), { recursive: true });
  const url = `file:${path}`;
  return {
    name: 'sqlite',
    migrationsDir: fileURLToPath(new URL('../../prisma/migrations/sqlite', import.meta.url)),
    createClient(): Db {
      return registerDialect(
        new PrismaClient({
          adapter: new BusyTimeoutLibSql({ url }),
          transactionOptions: { maxWait: transactionMaxWaitMs },
        }),
        'sqlite',
      );
    },
    createSchemaEngineAdapter() {
      return new BusyTimeoutLibSql({ url });
    },
    async withMigrationLock(work) {
      // An exclusive transaction on a lock file beside the database: SQLite's own file lock is
      // released by the operating system if this process dies, so a crash leaves no stale lock.
      const lock = createClient({ url: `file:${path}.migrate-lock` });
      try {
        const transaction = await beginWhenFree(lock, 'write');
        try {
          return await work();
        } finally {
          await transaction.rollback();
        }
      } finally {
        lock.close();
      }
    },
    async close() {},
  };
}

const LOCK_POLL_MS = 100;
const LOCK_WAIT_MS = 10 * 60_000;

/**
 * BEGIN IMMEDIATE (or a read-only BEGIN), retried while another connection holds the lock. SQLite's
 * busy timeout would wait synchronously and block this process's event loop, so it is switched off
 * for the BEGIN and the waiting is done here instead.
 */
async function beginWhenFree(client: Client, mode: TransactionMode): Promise<Transaction> {
  const deadline = Date.now() + LOCK_WAIT_MS;
  for (;;) {
    await client.execute('PRAGMA busy_timeout = 0');
    try {
      return await client.transaction(mode);
    } catch (error) {
      const isBusy = (error as { code?: string }).code === 'SQLITE_BUSY';
      if (!isBusy || Date.now() > deadline) throw error;
      // The failed BEGIN stays pending on its connection, and would later refuse to let the
      // transaction commit ("SQL statements in progress"): start again on a fresh connection.
      await client.reconnect();
      await new Promise((resolve) => setTimeout(resolve, LOCK_POLL_MS));
    }
  }
}

/** WAL lets readers go on while one writer writes; it is a property of the file, set once. */
export async function enableWriteAheadLog(db: Db): Promise<void> {
  await db.$queryRawUnsafe('PRAGMA journal_mode = WAL');
}
