import { logger } from './logger.ts';

/** A job of the background worker as its log lines name it: its kind and the id of its row. */
export interface JobName {
  job: string;
  jobId: string;
}

/**
 * Runs one job of the worker between a "job started" line and a "job finished" or "job failed" line with its
 * duration; a failure is logged and thrown on, for the caller's retry rule. The lines carry the job's kind and
 * id, never its payload (an import's rows, a mail's recipient).
 */
export async function runLoggedJob<T>(name: JobName, run: () => Promise<T>): Promise<T> {
  const startedAt = performance.now();
  const durationMs = () => Math.round(performance.now() - startedAt);
  logger.info(name, 'job started');
  try {
    const result = await run();
    logger.info({ ...name, durationMs: durationMs() }, 'job finished');
    return result;
  } catch (error) {
    logger.error({ ...name, durationMs: durationMs(), err: error }, 'job failed');
    throw error;
  }
}
