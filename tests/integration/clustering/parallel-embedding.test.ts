// Embedding on two threads gives exactly the vectors one thread gives, in order, telling its progress.
import { describe, expect, it } from 'vitest';
import { embedOnAllCores } from '../../../src/server/clustering/parallel-embedding.ts';
import { loadSentenceEncoder } from '../../../src/server/clustering/sentence-encoder.ts';

describe('embedOnAllCores', () => {
  const texts = Array.from(
    { length: 25 },
    (_, index) => `Report ${index}: the ${['clinic', 'road', 'police station', 'school'][index % 4]} needs attention`,
  );

  it('gives the vectors one thread gives, in order, and counts up to the number of texts', async () => {
    const progress: number[] = [];
    const onThreads = await embedOnAllCores(texts, (done, total) => progress.push(total - done), 2, 0);
    expect(onThreads).toEqual(await (await loadSentenceEncoder()).embed(texts));
    expect(progress.at(-1)).toBe(0);
    expect(progress).toEqual([...progress].sort((a, b) => b - a));
  });
});
