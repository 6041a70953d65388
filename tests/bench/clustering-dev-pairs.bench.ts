// npm run bench -- tests/bench/clustering-dev-pairs.bench.ts
// How far words alone can go on the fine-grained dev sets: every pair of records (the first 2,000 of a set) is
// compared by the engine's own feature vectors, and the pairs of one true group are counted by cosine. Pairs that
// share no telling word (cosine under 0.1) cannot be joined by any lexical threshold; pairs of different groups
// above 0.9 cannot be split by one. docs/CLUSTERING.md quotes the figures.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'vitest';
import { DEFAULT_CLUSTERING } from '../../src/domain/clustering/cluster-records.ts';
import { buildFeatureSpace, dot } from '../../src/domain/clustering/features.ts';
import { parseInputRecord } from '../../src/domain/clustering/input-records.ts';
import { taxonomy } from '../support/clustering-fixtures.ts';
import { clusteringDevFolder } from '../support/clustering-dev-sets.ts';

const SETS = ['clinc150', 'googlenews-ts', 'covidq-dups'] as const;
const COMPARED = 2_000;

test(
  'pairs of one true group by the cosine of their words, on the fine-grained dev sets',
  { timeout: 10 * 60_000 },
  () => {
    const folder = clusteringDevFolder();
    if (!folder) throw new Error('No shared/clustering-dev beside the project: set CLUSTERING_DEV_SETS to its folder.');
    const rows = SETS.map((name) => {
      const lines = (file: string) =>
        readFileSync(join(folder, name, file), 'utf8')
          .trim()
          .split('\n')
          .slice(0, COMPARED);
      const labels = lines('labels.jsonl').map((line) => (JSON.parse(line) as { label: string }).label);
      const records = lines('issues.jsonl').map((line, index) => {
        const parsed = parseInputRecord(JSON.parse(line), String(index), taxonomy.resolveTag);
        if (!parsed.ok) throw new Error(`${name} line ${index + 1}: ${parsed.problem}`);
        return parsed.value.record;
      });
      const { vectors } = buildFeatureSpace(records, DEFAULT_CLUSTERING.features, taxonomy.ancestorsOf);
      let samePairs = 0;
      let sameUnder01 = 0;
      let over09 = 0;
      let sameOver09 = 0;
      let withPartner = 0;
      let nearestInGroup = 0;
      for (let a = 0; a < vectors.length; a += 1) {
        let nearest = -1;
        let nearestSimilarity = -1;
        let hasPartner = false;
        for (let b = 0; b < vectors.length; b += 1) {
          if (a === b) continue;
          const similarity = dot(vectors[a]!, vectors[b]!);
          const same = labels[a] === labels[b];
          hasPartner ||= same;
          if (similarity > nearestSimilarity) [nearest, nearestSimilarity] = [b, similarity];
          if (b < a) continue;
          if (same) samePairs += 1;
          if (same && similarity < 0.1) sameUnder01 += 1;
          if (similarity >= 0.9) {
            over09 += 1;
            if (same) sameOver09 += 1;
          }
        }
        if (hasPartner) {
          withPartner += 1;
          if (labels[nearest] === labels[a]) nearestInGroup += 1;
        }
      }
      const share = (part: number, whole: number) => `${Math.round((100 * part) / Math.max(1, whole))}%`;
      return {
        set: name,
        records: vectors.length,
        'pairs of one group': samePairs,
        'of them under 0.1': `${sameUnder01} (${share(sameUnder01, samePairs)})`,
        'pairs over 0.9 of one group': `${sameOver09} of ${over09} (${share(sameOver09, over09)})`,
        'nearest in own group': share(nearestInGroup, withPartner),
      };
    });
    console.table(rows);
  },
);
