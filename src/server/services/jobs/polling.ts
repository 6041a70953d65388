import { logger } from '../../log/logger.ts';

/**
 * Runs `work` now and then every `intervalMs`, one round at a time, until stopped. A failed round is
 * logged and the next one tried: a worker outlives a database that is briefly away.
 */
export function startPolling(name: string, work: () => Promise<unknown>, intervalMs: number) {
  let current: Promise<void> | null = null;
  const tick = () => {
    if (current) return;
    current = work()
      .then(() => undefined)
      .catch((error: unknown) => logger.error({ worker: name, err: error }, 'worker round failed'))
      .finally(() => (current = null));
  };
  // The timer keeps the process alive: a worker process exists to poll.
  const timer = setInterval(tick, intervalMs);
  tick();
  return {
    /** Stops polling and waits for a round in progress, so that its work is not cut off. */
    stop: async () => {
      clearInterval(timer);
      await current;
    },
  };
}
