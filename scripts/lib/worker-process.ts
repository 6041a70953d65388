import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';

const RESTART_DELAY_MS = 5_000;

/**
 * Runs scripts/worker.ts as a child process with this process's environment, starting it again if it
 * dies, until stopped.
 */
export function startWorkerProcess(root: string): { stop: () => Promise<void> } {
  let child: ChildProcess | null = null;
  let isStopping = false;
  const start = () => {
    child = spawn(
      process.execPath,
      ['--import', 'tsx', '--disable-warning=ExperimentalWarning', join(root, 'scripts/worker.ts')],
      { cwd: root, env: process.env, stdio: ['ignore', 'inherit', 'inherit'] },
    );
    child.once('exit', (code, signal) => {
      if (isStopping) return;
      console.error(`The background worker stopped (${signal ?? `exit ${code}`}); starting it again in 5 s.`);
      setTimeout(start, RESTART_DELAY_MS).unref();
    });
  };
  start();
  return {
    stop: () =>
      new Promise((resolve) => {
        isStopping = true;
        if (!child || child.exitCode !== null || child.signalCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}
