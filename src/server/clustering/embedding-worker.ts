// One thread of embedOnAllCores: embeds its share of the texts and sends the vectors back (moved, not copied).
import { parentPort, workerData } from 'node:worker_threads';
import type { EmbeddingMessage } from './parallel-embedding.ts';
import { loadSentenceEncoder } from './sentence-encoder.ts';

const { texts } = workerData as { texts: string[] };
const send = (message: EmbeddingMessage, transfer: ArrayBuffer[] = []) => parentPort?.postMessage(message, transfer);
try {
  const encoder = await loadSentenceEncoder();
  const vectors = await encoder.embed(texts, (done) => {
    if (done % 8 === 0) send({ done });
  });
  send({ done: texts.length });
  send(
    { vectors },
    vectors.map((vector) => vector.buffer as ArrayBuffer),
  );
} catch (error) {
  send({ error: error instanceof Error ? error.message : String(error) });
}
