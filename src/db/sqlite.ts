import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createClient, type Client, type Transaction, type TransactionMode } from '@libsql/client';
import { PrismaLibSql } from '@prisma/adapter-libsql';
import { PrismaClient } from './generated/sqlite/client.ts';
import { migrationsDirOf } from './migration-folders.ts';
import { registerDialect } from './dialect.ts';
import type { DatabaseProvider, Db } from './provider.ts';

/** How long a migration script waits in SQLite's busy handler. */
export const SQLITE_BUSY_TIMEOUT_MS = 5000;
/** How long a statement, or a transaction's BEGIN, is tried again while another connection writes. */
export const SQLITE_BUSY_WAIT_MS = 30_000;
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
 * Waits for another connection's write lock without blocking this process. SQLite's own busy handler
 * waits synchronously, freezing every request of the process while the worker writes (an import, a
 * clustering run's results); so it is off on every connection (libSQL opens a new one after each
 * transaction and offers no option for it), and a statement that finds the database locked is tried
 * again a little later, for up to SQLITE_BUSY_WAIT_MS. A statement refused with SQLITE_BUSY did nothing,
 * so trying it again is safe; it is tried on a fresh connection, since libSQL leaves the refused one
 * pending on the old (a pending BEGIN would later keep its transaction from committing).
 *
 * Prisma begins its transactions DEFERRED: one that reads and then writes fails at its first write
 * (SQLITE_BUSY_SNAPSHOT) when another process wrote in between. Here they begin IMMEDIATE instead,
 * taking the write lock first; once they hold it, nothing they do waits for another connection.
 */
export function waitingWithoutBlocking(client: Client): Client {
  let isConnectionFresh = true;
  const prepareConnection = async () => {
    if (!isConnectionFresh) return;
    isConnectionFresh = false;
    await client.execute('PRAGMA busy_timeout = 0');
  };
  const whenFree = async <T>(work: () => Promise<T>): Promise<T> => {
    await prepareConnection();
    return retryWhileBusy(work, async () => {
      await client.reconnect();
      isConnectionFresh = true;
      await prepareConnection();
    });
  };
  return new Proxy(client, {
    get(target, property) {
      if (property === 'transaction') {
        return async (mode?: TransactionMode) => {
          const transaction = await whenFree(() => target.transaction(mode === 'read' ? 'read' : 'write'));
          isConnectionFresh = true;
          return transaction;
        };
      }
      if (property === 'execute' || property === 'batch') {
        return (...args: unknown[]) =>
          whenFree(() => (target[property] as (...a: unknown[]) => Promise<unknown>)(...args));
      }
      if (property === 'executeMultiple') {
        // Scripts (migrations) are not atomic, so they are never tried again: they wait in SQLite's
        // busy handler instead, at start-up, before any request is served.
        return async (sql: string) => {
          await prepareConnection();
          await target.execute(`PRAGMA busy_timeout = ${SQLITE_BUSY_TIMEOUT_MS}`);
          try {
            return await target.executeMultiple(sql);
          } finally {
            await target.execute('PRAGMA busy_timeout = 0');
          }
        };
      }
      const value: unknown = Reflect.get(target, property, target);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}

class NonBlockingLibSql extends PrismaLibSql {
  override createClient(config: Parameters<PrismaLibSql['createClient']>[0]): Client {
    return waitingWithoutBlocking(createClient(config));
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
    migrationsDir: migrationsDirOf('sqlite'),
    createClient(): Db {
      return registerDialect(
        new PrismaClient({
          adapter: new NonBlockingLibSql({ url }),
          transactionOptions: { maxWait: transactionMaxWaitMs },
        }),
        'sqlite',
      );
    },
    createSchemaEngineAdapter() {
      return new NonBlockingLibSql({ url });
    },
    async withMigrationLock(work) {
      // An exclusive transaction on a lock file beside the database: SQLite's own file lock is
      // released by the operating system if this process dies, so a crash leaves no stale lock.
      const lock = createClient({ url: `file:${path}.migrate-lock` });
      try {
        const transaction = await beginWhenFree(lock);
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

/** Runs `work` again every LOCK_POLL_MS while it fails with SQLITE_BUSY, after `beforeRetry`. */
async function retryWhileBusy<T>(
  work: () => Promise<T>,
  beforeRetry: () => Promise<void>,
  waitMs = SQLITE_BUSY_WAIT_MS,
): Promise<T> {
  const deadline = Date.now() + waitMs;
  for (;;) {
    try {
      return await work();
    } catch (error) {
      const isBusy = (error as { code?: string }).code === 'SQLITE_BUSY';
      if (!isBusy || Date.now() > deadline) throw error;
      await beforeRetry();
      await new Promise((resolve) => setTimeout(resolve, LOCK_POLL_MS));
    }
  }
}

/** BEGIN IMMEDIATE on a client of its own, waited for without blocking (the migration lock). */
async function beginWhenFree(client: Client): Promise<Transaction> {
  const begin = async () => {
    await client.execute('PRAGMA busy_timeout = 0');
    return client.transaction('write');
  };
  return retryWhileBusy(begin, async () => client.reconnect(), LOCK_WAIT_MS);
}

/** WAL lets readers go on while one writer writes; it is a property of the file, set once. */
export async function enableWriteAheadLog(db: Db): Promise<void> {
  await db.$queryRawUnsafe('PRAGMA journal_mode = WAL');
}
