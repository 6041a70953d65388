// Synthetic records for clustering benchmarks: realistic lengths (titles of 4-9 words, descriptions of
// 10-60), a 20,000-word vocabulary with a Zipf-like spread, one recurring problem per 25 records told with
// its own telling words, and a third of one-offs. Seeded: the same size always gives the same records.
import type { ClusterRecord } from '../../../src/domain/clustering/features.ts';
import { seededRandom } from './synthetic-issues.ts';

const SYLLABLES = ['ba', 'ko', 'mi', 'ne', 'tu', 'sa', 'li', 'vo', 're', 'da', 'pi', 'ga', 'zu', 'fe', 'ho', 'ki'];
const VOCABULARY_SIZE = 20_000;

function vocabulary(): string[] {
  const words: string[] = [];
  const random = seededRandom(1);
  const seen = new Set<string>();
  while (words.length < VOCABULARY_SIZE) {
    const length = 2 + Math.floor(random() * 3);
    const word = Array.from({ length }, () => SYLLABLES[Math.floor(random() * SYLLABLES.length)]).join('');
    if (!seen.has(word)) {
      seen.add(word);
      words.push(word);
    }
  }
  return words;
}

export function syntheticClusterRecords(count: number, seed = 42): ClusterRecord[] {
  const words = vocabulary();
  const random = seededRandom(seed);
  // Zipf-like: common words come up far more often than rare ones.
  const commonWord = () => words[Math.floor(VOCABULARY_SIZE * random() ** 3)]!;
  const between = (low: number, high: number) => low + Math.floor(random() * (high - low + 1));
  const problems = Math.max(1, Math.floor(count / 25));
  const telling = Array.from({ length: problems }, () =>
    Array.from({ length: 8 }, () => words[between(500, VOCABULARY_SIZE - 1)]!),
  );
  return Array.from({ length: count }, (_, index) => {
    const isOneOff = random() < 1 / 3;
    const topic = isOneOff
      ? Array.from({ length: 8 }, () => words[between(500, VOCABULARY_SIZE - 1)]!)
      : telling[Math.floor(random() * problems)]!;
    const pick = () => topic[Math.floor(random() * topic.length)]!;
    const title = [pick(), pick(), pick(), ...Array.from({ length: between(1, 6) }, commonWord)];
    const description = Array.from({ length: between(10, 60) }, () => (random() < 0.1 ? pick() : commonWord()));
    return {
      key: `r${String(index).padStart(7, '0')}`,
      title: title.join(' '),
      description: description.join(' '),
      rootCauseStatements: [],
      tags: [],
      rootCauseCategories: [],
      rootCauseLevels: [],
    };
  });
}

/**
 * Stand-ins for sentence embeddings (unit length, 512 numbers), to time the blend without the encoder:
 * records whose titles start with the same word point the same way, plus as much noise again.
 */
export function syntheticEmbeddings(records: readonly ClusterRecord[], dimensions = 512, seed = 7): Float32Array[] {
  const random = seededRandom(seed);
  const noise = () => random() * 2 - 1;
  const directions = new Map<string, Float32Array>();
  return records.map((record) => {
    const first = record.title.split(' ', 1)[0]!;
    let direction = directions.get(first);
    if (!direction) directions.set(first, (direction = Float32Array.from({ length: dimensions }, noise)));
    const embedding = Float32Array.from(direction, (value) => value + noise());
    const norm = Math.hypot(...embedding);
    return embedding.map((value) => value / norm);
  });
}
