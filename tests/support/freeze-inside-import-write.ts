// Preloaded by tests into a real `npm run import` or worker process (`node --import tsx --import <this file>`):
// once an import has inserted its first rows, inside its write transaction, the process says so on standard
// output and freezes for good, for the test to kill it there with SIGKILL. Nothing is timed: the test waits
// for the line, and the database sees a process die in the middle of its transaction.
import type { Db } from '../../src/db/client.ts';
import { dialectOf, registerDialect } from '../../src/db/dialect.ts';

// Never import this file into a test process: it would freeze the test's own imports. The test waits for
// this line (FROZEN_INSIDE_WRITE in tests/integration/services/imports/import-liveness.test.ts).
const FROZEN_INSIDE_WRITE = 'frozen inside the import write transaction';

for (const provider of ['sqlite', 'postgresql'] as const) {
  const dialect = dialectOf(registerDialect({} as Db, provider));
  const insertRows = dialect.insertRows;
  dialect.insertRows = async (tx, table, columns, rows) => {
    await insertRows(tx, table, columns, rows);
    if (table !== 'LocalIssue') return;
    // Standard output to a pipe is written synchronously on Linux: the line is out before the freeze.
    process.stdout.write(`${FROZEN_INSIDE_WRITE}\n`);
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0);
  };
}
