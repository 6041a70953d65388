// Finds each record's nearest records by embedding (src/server/clustering/embedding-index.ts) in a process
// of its own and prints time, peak memory and recall against the exact search on a sample, as JSON.
// Arguments: the number of embeddings, and `real` to make them from the dev sets' cached embeddings
// (tests/support/embedding-cache.ts; each one repeated with a little noise) instead of synthetic ones.
import { DEFAULT_CLUSTERING } from '../../../src/domain/clustering/cluster-records.ts';
import { embeddingDot } from '../../../src/domain/clustering/semantic.ts';
import { DEFAULT_EMBEDDING_INDEX, nearestByEmbedding } from '../../../src/server/clustering/embedding-index.ts';
import { repeatedRealEmbeddings } from '../../support/embedding-cache.ts';
import { syntheticClusterRecords, syntheticEmbeddings } from './synthetic-clusters.ts';
import { seededRandom } from './synthetic-issues.ts';

const count = Number(process.argv[2] ?? 10_000);
const real = process.argv[3] === 'real';
const NEAREST = DEFAULT_CLUSTERING.semantic.neighbours;
const SAMPLE = 200;

const embeddings = real ? repeatedRealEmbeddings(count) : syntheticEmbeddings(syntheticClusterRecords(count));
const started = performance.now();
const nearest = await nearestByEmbedding(embeddings, NEAREST, DEFAULT_EMBEDDING_INDEX);
const seconds = (performance.now() - started) / 1000;
const peakMb = Math.round(process.resourceUsage().maxRSS / 1024);

// Recall: the share of each sampled record's exact nearest records the index found.
const random = seededRandom(9);
let found = 0;
for (let s = 0; s < SAMPLE; s += 1) {
  const record = Math.floor(random() * count);
  const cosines = embeddings.map((other, index) =>
    index === record ? -Infinity : embeddingDot(embeddings[record]!, other),
  );
  const exact = new Set(
    cosines
      .map((cosine, index) => ({ cosine, index }))
      .sort((a, b) => b.cosine - a.cosine || a.index - b.index)
      .slice(0, NEAREST)
      .map(({ index }) => index),
  );
  for (let q = nearest.offsets[record]!; q < nearest.offsets[record + 1]!; q += 1)
    if (exact.has(nearest.records[q]!)) found += 1;
}
console.log(JSON.stringify({ count, real, seconds, peakMb, recall: found / (SAMPLE * NEAREST) }));
