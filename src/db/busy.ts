/**
 * Whether a database error means the database was busy with another writer for too long (SQLite has
 * one writer at a time; a large import or a clustering run's results hold it for seconds): the work
 * was not done and can simply be tried again. Prisma's codes: P2028 "Unable to start a transaction in
 * the given time" (the wait for the write lock passed its maxWait), P1008 "Operation has timed out"
 * (a statement still refused after SQLITE_BUSY_WAIT_MS of trying again, src/db/sqlite.ts).
 */
export function isDatabaseBusy(error: unknown): boolean {
  const { code, message } = (error ?? {}) as { code?: unknown; message?: unknown };
  if (code === 'P1008') return true;
  return code === 'P2028' && typeof message === 'string' && message.includes('Unable to start a transaction');
}

export const DATABASE_BUSY_MESSAGE =
  'The database is busy with a long piece of work (an import or a clustering run), so nothing was saved. Try again in a minute.';
