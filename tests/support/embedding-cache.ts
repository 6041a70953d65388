// A cache of sentence embeddings for experiments and benchmarks (the dev sets take some ten minutes to embed):
// vectors keyed by the sha256 of the encoder's id and the text, in git-ignored files under tests/.tmp/ (or
// $EMBEDDING_CACHE). Each file holds records of [32-byte key][the vector's float32s]; a run that embeds new
// texts adds one file, so that runs never rewrite what another wrote.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { seededRandom } from '../bench/support/synthetic-issues.ts';
import { embedOnAllCores } from '../../src/server/clustering/parallel-embedding.ts';
import { SENTENCE_DIMENSIONS } from '../../src/server/clustering/sentence-encoder.ts';
import { ENCODER_ID } from '../../src/server/services/clustering/issue-embedding-service.ts';

const KEY_BYTES = 32;
const RECORD_BYTES = KEY_BYTES + SENTENCE_DIMENSIONS * Float32Array.BYTES_PER_ELEMENT;

export function embeddingCacheFolder(): string {
  return resolve(
    process.env.EMBEDDING_CACHE ?? new URL('../.tmp/embedding-cache/', import.meta.url).pathname,
    ENCODER_ID,
  );
}

function keyOf(text: string): string {
  return createHash('sha256').update(`${ENCODER_ID}\u0000${text}`).digest('hex');
}

function readCache(folder: string): Map<string, Float32Array> {
  const vectors = new Map<string, Float32Array>();
  if (!existsSync(folder)) return vectors;
  for (const file of readdirSync(folder).filter((name) => name.endsWith('.bin'))) {
    const bytes = readFileSync(join(folder, file));
    for (let at = 0; at + RECORD_BYTES <= bytes.length; at += RECORD_BYTES) {
      const key = bytes.subarray(at, at + KEY_BYTES).toString('hex');
      const body = bytes.subarray(at + KEY_BYTES, at + RECORD_BYTES);
      // A copy: the file's buffer may not be aligned for float32s.
      vectors.set(key, new Float32Array(new Uint8Array(body).buffer));
    }
  }
  return vectors;
}

function writeCache(folder: string, entries: readonly [string, Float32Array][]): void {
  if (entries.length === 0) return;
  mkdirSync(folder, { recursive: true });
  const bytes = Buffer.alloc(entries.length * RECORD_BYTES);
  entries.forEach(([key, vector], index) => {
    Buffer.from(key, 'hex').copy(bytes, index * RECORD_BYTES);
    Buffer.from(vector.buffer, vector.byteOffset, vector.byteLength).copy(bytes, index * RECORD_BYTES + KEY_BYTES);
  });
  const name = `${Date.now()}-${process.pid}-${Math.random().toString(36).slice(2)}`;
  writeFileSync(join(folder, `${name}.part`), bytes);
  renameSync(join(folder, `${name}.part`), join(folder, `${name}.bin`));
}

/**
 * Embeds like `embedOnAllCores`, from the cache where it holds a text's vector; the texts it lacks are
 * embedded on every core and added to it.
 */
export async function embedWithCache(
  texts: readonly string[],
  onProgress?: (done: number, total: number) => void,
): Promise<Float32Array[]> {
  const folder = embeddingCacheFolder();
  const cached = readCache(folder);
  const keys = texts.map(keyOf);
  const missing = [...new Set(keys.filter((key) => !cached.has(key)))];
  if (missing.length > 0) {
    const textOf = new Map(keys.map((key, index) => [key, texts[index]!]));
    const made = await embedOnAllCores(
      missing.map((key) => textOf.get(key)!),
      onProgress,
    );
    const entries = missing.map((key, index): [string, Float32Array] => [key, made[index]!]);
    writeCache(folder, entries);
    for (const [key, vector] of entries) cached.set(key, vector);
  }
  return keys.map((key) => cached.get(key)!);
}

/**
 * `total` real embeddings for benchmarks at scale: every vector in the cache once, then copies of them each
 * moved by a little noise (a copy's cosine to its original is about 0.95).
 */
export function repeatedRealEmbeddings(total: number): Float32Array[] {
  const source = [...readCache(embeddingCacheFolder()).values()];
  if (source.length === 0) {
    throw new Error(
      `No cached embeddings in ${embeddingCacheFolder()}: run npm run bench -- tests/bench/clustering-dev-semantic.bench.ts first.`,
    );
  }
  const random = seededRandom(5);
  const spread = (0.3 / Math.sqrt(SENTENCE_DIMENSIONS)) * Math.sqrt(3);
  return Array.from({ length: total }, (_, index) => {
    const base = source[index % source.length]!;
    if (index < source.length) return base;
    const moved = base.map((value) => value + spread * (random() * 2 - 1));
    const norm = Math.hypot(...moved);
    return moved.map((value) => value / norm);
  });
}
