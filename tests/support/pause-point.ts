import { spawn, type ChildProcess } from 'node:child_process';
import { PAUSE_AT_VARIABLE, type PausePoint } from '../../src/server/test-hooks/pause-point.ts';

const ROOT = new URL('../../', import.meta.url).pathname;

export interface ScriptProcess {
  process: ChildProcess;
  /** Everything it printed so far, standard output and error together. */
  output(): string;
}

/**
 * Runs a script of scripts/ as npm runs it (node with tsx's loader, no wrapper process between), with
 * NODE_ENV=test and, when `pauseAt` is given, the pause point named (src/server/test-hooks/pause-point.ts).
 */
export function runScript(
  script: string,
  args: readonly string[],
  env: Record<string, string>,
  pauseAt?: PausePoint,
): ScriptProcess {
  const child = spawn(process.execPath, ['--import', 'tsx', '--disable-warning=ExperimentalWarning', script, ...args], {
    cwd: ROOT,
    env: { ...process.env, ...env, NODE_ENV: 'test', ...(pauseAt ? { [PAUSE_AT_VARIABLE]: pauseAt } : {}) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  return { process: child, output: () => output };
}

/**
 * Waits until the process (or one it started: `npm start`'s web processes with WEB_CONCURRENCY above 1) says it is
 * paused at `point`, then kills the paused process and the one started with SIGKILL, as `kill -9` would, and waits
 * for their end and that of the worker started, if any. Nothing is timed: a process that ends before the point
 * fails the test with its output.
 */
export async function killAtPausePoint(
  running: { process: ChildProcess; output(): string },
  point: PausePoint,
): Promise<void> {
  const line = new RegExp(`paused at ${point} in process (\\d+)\n`);
  const child = running.process;
  const pausedPid = await new Promise<number>((resolve, reject) => {
    const check = () => {
      const paused = line.exec(running.output());
      if (!paused) return;
      child.stdout?.off('data', check);
      child.off('exit', onExit);
      resolve(Number(paused[1]));
    };
    const onExit = (code: number | null) => {
      child.stdout?.off('data', check);
      reject(new Error(`The process ended (${code}) before it reached ${point}:\n${running.output()}`));
    };
    child.stdout?.on('data', check);
    child.once('exit', onExit);
    check();
  });
  // 'close' comes once the process has ended and every process holding its output has too: a server's
  // worker, which ends after its server, writes to the same pipe.
  const closed = new Promise((resolve) => child.once('close', resolve));
  // The paused process first, so that its transaction is dropped as a crash would drop it, whoever its parent.
  if (pausedPid !== child.pid) process.kill(pausedPid, 'SIGKILL');
  child.kill('SIGKILL');
  await closed;
}
