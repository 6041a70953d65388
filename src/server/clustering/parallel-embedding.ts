import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { loadSentenceEncoder, SentenceEncoderError } from './sentence-encoder.ts';

/** Below this many texts, loading the encoder in a thread of its own costs more than it saves. */
const PARALLEL_FROM = 200;

/** What an embedding thread says: how far it is, its vectors at the end, or why it failed. */
export type EmbeddingMessage = { done: number } | { vectors: Float32Array[] } | { error: string };

/**
 * Embeds the texts on every core: each thread loads the encoder and embeds a share of the texts. A text's
 * vector does not depend on the texts beside it, so the result is the one `embed` gives on one thread.
 * Same contract as `embed`: never inside a database transaction.
 */
export async function embedOnAllCores(
  texts: readonly string[],
  onProgress?: (done: number, total: number) => void,
  threads = availableParallelism(),
  from = PARALLEL_FROM,
): Promise<Float32Array[]> {
  if (threads < 2 || texts.length < from) return (await loadSentenceEncoder()).embed(texts, onProgress);
  const size = Math.ceil(texts.length / threads);
  const done = new Array<number>(threads).fill(0);
  const parts = await Promise.all(
    Array.from({ length: threads }, (_, part) =>
      embedInThread(texts.slice(part * size, (part + 1) * size), (count) => {
        done[part] = count;
        onProgress?.(
          done.reduce((sum, value) => sum + value, 0),
          texts.length,
        );
      }),
    ),
  );
  return parts.flat();
}

function embedInThread(texts: readonly string[], onDone: (count: number) => void): Promise<Float32Array[]> {
  if (texts.length === 0) return Promise.resolve([]);
  return new Promise((resolve, reject) => {
    const worker = new Worker(new URL('./embedding-worker.ts', import.meta.url), { workerData: { texts } });
    worker.on('message', (message: EmbeddingMessage) => {
      if ('done' in message) return onDone(message.done);
      if ('vectors' in message) resolve(message.vectors);
      else reject(new SentenceEncoderError(message.error));
      void worker.terminate();
    });
    worker.once('error', (error) => reject(new SentenceEncoderError(`An embedding thread failed: ${error.message}`)));
    worker.once('exit', (code) => {
      if (code !== 0) reject(new SentenceEncoderError(`An embedding thread stopped with exit code ${code}.`));
    });
  });
}
