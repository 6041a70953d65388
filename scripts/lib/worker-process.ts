import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { logger } from '../../src/server/log/logger.ts';
import { PARENT_PID_VARIABLE } from './parent-watch.ts';

const RESTART_DELAY_MS = 5_000;

/**
 * Runs scripts/worker.ts as a child process with this process's environment, starting it again if it
 * dies, until stopped. The worker ends when this process ends, however it ends (SIGKILL included): it
 * watches the IPC channel opened here and this process's id (scripts/lib/parent-watch.ts).
 */
export function startWorkerProcess(root: string): { stop: () => Promise<void>; pid: () => number | undefined } {
  let child: ChildProcess | null = null;
  let isStopping = false;
  const start = () => {
    child = spawn(
      process.execPath,
      ['--import', 'tsx', '--disable-warning=ExperimentalWarning', join(root, 'scripts/worker.ts')],
      {
        cwd: root,
        env: { ...process.env, [PARENT_PID_VARIABLE]: String(process.pid) },
        // The channel carries no messages: its closing tells the worker that this process has ended.
        stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
      },
    );
    child.once('exit', (code, signal) => {
      if (isStopping) return;
      logger.error({ exit: signal ?? code }, 'background worker stopped; starting it again in 5 s');
      setTimeout(start, RESTART_DELAY_MS).unref();
    });
  };
  start();
  return {
    pid: () => child?.pid,
    stop: () =>
      new Promise((resolve) => {
        isStopping = true;
        if (!child || child.exitCode !== null || child.signalCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}
