/**
 * Named places where a crash test can stop a real process for good, so that its SIGKILL lands exactly there
 * (docs/DATABASE.md, "Crash safety"). Each sits inside a transaction after its first writes, or, for mail,
 * on either side of the SMTP send.
 */
export const PAUSE_POINTS = [
  'import:after-first-rows',
  'cluster-run:after-memberships',
  'case-transition:after-update',
  'mail:after-claim',
  'mail:after-send',
] as const;

export type PausePoint = (typeof PAUSE_POINTS)[number];

/** The variable that names the point, read only when NODE_ENV=test. */
export const PAUSE_AT_VARIABLE = 'CBM_PAUSE_AT';

function pausePointOfThisProcess(): PausePoint | null {
  // Bracket access: a bundler must not fold NODE_ENV into the built server, where tests run it too.
  if (process.env['NODE_ENV'] !== 'test') return null;
  const name = process.env[PAUSE_AT_VARIABLE];
  if (!name) return null;
  // A misspelt point would leave a test waiting for a line that never comes.
  if (!PAUSE_POINTS.includes(name as PausePoint)) {
    throw new Error(`${PAUSE_AT_VARIABLE}=${name} names no pause point; known points: ${PAUSE_POINTS.join(', ')}.`);
  }
  return name as PausePoint;
}

// Decided once when the module loads: outside tests every call below is one comparison with null.
const pauseAt = pausePointOfThisProcess();

/**
 * Stops this process for good when a test asked for this point: it says `paused at <name> in process <pid>` (a
 * web process may be a child of the one the test started) on standard output
 * (written synchronously to a pipe on Linux, so the line is out before the freeze), then blocks its only thread,
 * timers and sockets included, until the test kills it.
 */
export function pausePoint(name: PausePoint): void {
  if (pauseAt !== name) return;
  process.stdout.write(`paused at ${name} in process ${process.pid}\n`);
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0);
}
