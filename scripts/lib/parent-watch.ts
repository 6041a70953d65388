/** The environment variable through which scripts/lib/worker-process.ts tells the worker its parent's id. */
export const PARENT_PID_VARIABLE = 'CBM_WORKER_PARENT_PID';

const PARENT_CHECK_MS = 1_000;

/**
 * Calls `onGone` once when the process that started this one has ended, however it ended (SIGKILL
 * included, which it cannot catch to stop its children). Linux's own answer, prctl(PR_SET_PDEATHSIG), is
 * not reachable from Node without a native module, so two signals stand in for it, each enough alone:
 *
 * - the IPC channel, when this process was started with one (`stdio: [..., 'ipc']`): when the parent dies,
 *   the kernel closes its end of the socket pair, and this end reads end-of-file and emits 'disconnect' at
 *   once, on Linux and macOS alike;
 * - the parent's process id, checked every second: when the parent dies, the kernel hands its children to
 *   init or a subreaper, and `process.ppid` is no longer the id the parent passed down. Comparing with the
 *   id passed down, not the one seen at start, also catches a parent that died before this process looked.
 *   It holds if the channel is closed by anything else, or was never opened.
 *
 * Without the parent's id (`npm run worker` started by hand or by a supervisor), nothing is watched: such a
 * worker runs until it is stopped.
 */
export function watchParent(onGone: (how: string) => void): void {
  const parent = Number(process.env[PARENT_PID_VARIABLE]);
  // Only a worker the server started has a parent to outlive. Under tsx (npm run worker) the channel this
  // process has is tsx's own, whose closing says nothing about a server.
  if (!Number.isSafeInteger(parent) || parent <= 0) return;
  let isGone = false;
  const gone = (how: string) => {
    if (isGone) return;
    isGone = true;
    clearInterval(timer);
    onGone(how);
  };
  const check = () => {
    if (process.ppid !== parent) gone(`its parent process ${parent} has ended`);
  };
  const timer = setInterval(check, PARENT_CHECK_MS);
  // Neither the check nor the channel keeps the process alive by itself.
  timer.unref();
  check();
  if (process.channel) {
    process.once('disconnect', () => gone('the channel to its parent closed'));
    process.channel.unref();
    if (!process.connected) gone('the channel to its parent closed');
  }
}
