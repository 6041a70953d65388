import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createClient, type Client, type Transaction } from '@libsql/client';
import { PrismaLibSql } from '@prisma/adapter-libsql';
import { PrismaClient } from './generated/sqlite/client.ts';
import { registerDialect } from './dialect.ts';
import type { DatabaseProvider, Db } from './provider.ts';

export const SQLITE_BUSY_TIMEOUT_MS = 5000;

/** `file:./data/cbm.db` -> an absolute path, resolved against the working directory. */
export function sqlitePathOf(databaseUrl: string): string {
  const path = databaseUrl.slice('file:'.length);
  return path.startsWith('//') ? fileURLToPath(databaseUrl) : resolve(path);
}

/**
 * libSQL opens a new connection after every transaction, without a busy timeout, and offers no
 * option for one; this proxy sets it on each connection before its first statement, so that a
 * writer in another process (an import, a re-clustering job) makes us wait instead of fail.
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
        return async (...args: Parameters<Client['transaction']>) => {
          await prepareConnection();
          const transaction = await target.transaction(...args);
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

export function createSqliteProvider(databaseUrl: string): DatabaseProvider {
  const path = sqlitePathOf(databaseUrl);
  mkdirSync(dirname(path), { recursive: true });
  const url = `file:${path}`;
  return {
    name: 'sqlite',
    migrationsDir: fileURLToPath(new URL('../../prisma/migrations/sqlite', import.meta.url)),
    createClient(): Db {
      return registerDialect(new PrismaClient({ adapter: new BusyTimeoutLibSql({ url }) }), 'sqlite');
    },
    createSchemaEngineAdapter() {
      return new BusyTimeoutLibSql({ url });
    },
    async withMigrationLock(work) {
      // An exclusive transaction on a lock file beside the database: SQLite's own file lock is
      // released by the operating system if this process dies, so a crash leaves no stale lock.
      const lock = createClient({ url: `file:${path}.migrate-lock` });
      try {
        const transaction = await beginImmediateWhenFree(lock);
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
 * BEGIN IMMEDIATE, retried while another connection holds the lock. SQLite's busy timeout would
 * wait synchronously and block this process's event loop, so the waiting is done here instead.
 */
async function beginImmediateWhenFree(client: Client): Promise<Transaction> {
  const deadline = Date.now() + LOCK_WAIT_MS;
  for (;;) {
    try {
      return await client.transaction('write');
    } catch (error) {
      const isBusy = (error as { code?: string }).code === 'SQLITE_BUSY';
      if (!isBusy || Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, LOCK_POLL_MS));
    }
  }
}

/** WAL lets readers go on while one writer writes; it is a property of the file, set once. */
export async function enableWriteAheadLog(db: Db): Promise<void> {
  await db.$queryRawUnsafe('PRAGMA journal_mode = WAL');
}
