import cluster, { type Worker } from 'node:cluster';
import { logger } from '../../src/server/log/logger.ts';

const RESTART_DELAY_MS = 1_000;

export interface WebProcesses {
  /** The port they share, once the first has listened. */
  port: Promise<number>;
  pids(): number[];
  stop(): Promise<void>;
}

/**
 * Forks `count` web processes running this same script (cluster.isWorker), which share one listening socket:
 * the primary hands each new connection to the next process in turn. A process that dies after it served is
 * started again; one that dies before it ever listened means every one would (a missing build, a port in
 * use), so the start fails instead of looping.
 */
export function startWebProcesses(count: number): WebProcesses {
  let isStopping = false;
  const running = new Set<Worker>();
  let resolvePort!: (port: number) => void;
  let rejectPort!: (error: Error) => void;
  const port = new Promise<number>((resolve, reject) => ([resolvePort, rejectPort] = [resolve, reject]));

  const fork = () => {
    const worker = cluster.fork();
    let hasListened = false;
    running.add(worker);
    worker.once('listening', (address) => {
      hasListened = true;
      resolvePort(address.port);
    });
    worker.once('exit', (code, signal) => {
      running.delete(worker);
      if (isStopping) return;
      const how = signal ?? `exit ${code}`;
      if (!hasListened) return rejectPort(new Error(`a web process stopped before it could serve (${how})`));
      logger.error({ pid: worker.process.pid, exit: how }, 'web process stopped; starting another in 1 s');
      setTimeout(() => isStopping || fork(), RESTART_DELAY_MS).unref();
    });
  };
  for (let i = 0; i < count; i++) fork();

  return {
    port,
    pids: () => [...running].flatMap((worker) => (worker.process.pid ? [worker.process.pid] : [])),
    stop: async () => {
      isStopping = true;
      await Promise.all(
        [...running].map(
          (worker) =>
            new Promise<void>((resolve) => {
              if (worker.isDead()) return resolve();
              worker.once('exit', () => resolve());
              worker.process.kill('SIGTERM');
            }),
        ),
      );
    },
  };
}
