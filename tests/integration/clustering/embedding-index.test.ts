// The nearest records by embedding through the approximate index (usearch) agree with the exact search, are the
// same on every run (so that the same records give the same clusters), and small sets take the exact one.
import { tmpdir } from 'node:os';
import { describe, expect, it } from 'vitest';
import { exactNearestByEmbedding, type CandidateLists } from '../../../src/domain/clustering/neighbours.ts';
import { DEFAULT_EMBEDDING_INDEX, nearestByEmbedding } from '../../../src/server/clustering/embedding-index.ts';
import { syntheticClusterRecords, syntheticEmbeddings } from '../../bench/support/synthetic-clusters.ts';

const listOf = ({ offsets, records }: CandidateLists, record: number) => [
  ...records.subarray(offsets[record]!, offsets[record + 1]!),
];

describe('nearestByEmbedding', () => {
  const embeddings = syntheticEmbeddings(syntheticClusterRecords(1_500), 64);
  const exact = exactNearestByEmbedding(embeddings, 10);

  // First, so that usearch is not loaded yet: the worker and the command line open the database (whose generated
  // client sets a global `__dirname` to its own folder) before their first semantic run.
  it('loads the native index in a process whose global __dirname is elsewhere, as Prisma’s client sets it', async () => {
    const global = globalThis as { __dirname?: string };
    const before = global.__dirname;
    global.__dirname = tmpdir();
    try {
      const found = await nearestByEmbedding(embeddings, 10, { ...DEFAULT_EMBEDDING_INDEX, exactBelow: 0 });
      expect(found.offsets.length).toBe(embeddings.length + 1);
    } finally {
      if (before === undefined) delete global.__dirname;
      else global.__dirname = before;
    }
  });

  it('finds nearly all of the exact nearest records through the approximate index, never a record itself', async () => {
    const approximate = await nearestByEmbedding(embeddings, 10, { ...DEFAULT_EMBEDDING_INDEX, exactBelow: 0 });
    let found = 0;
    embeddings.forEach((_, record) => {
      const list = listOf(approximate, record);
      expect(list.length).toBe(10);
      expect(list).not.toContain(record);
      const expected = new Set(listOf(exact, record));
      found += list.filter((other) => expected.has(other)).length;
    });
    expect(found / (10 * embeddings.length)).toBeGreaterThan(0.95);
  });

  it('finds the same nearest records every time for the same embeddings', async () => {
    const options = { ...DEFAULT_EMBEDDING_INDEX, exactBelow: 0 };
    const first = await nearestByEmbedding(embeddings, 10, options);
    for (let run = 0; run < 3; run += 1) {
      const again = await nearestByEmbedding(embeddings, 10, options);
      expect([...again.records]).toEqual([...first.records]);
    }
  });

  it('searches exactly below its size', async () => {
    const small = await nearestByEmbedding(embeddings, 10, { ...DEFAULT_EMBEDDING_INDEX, exactBelow: 2_000 });
    expect(small).toEqual(exact);
  });
});
