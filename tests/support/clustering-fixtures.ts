// The labelled clustering fixtures (tests/fixtures/clustering), read as the command line reads records,
// and a naive baseline to measure the engine against.
import { readFileSync } from 'node:fs';
import type { ClusteringResult } from '../../src/domain/clustering/cluster-records.ts';
import { buildFeatureSpace, dot, type ClusterRecord } from '../../src/domain/clustering/features.ts';
import { parseInputRecord, type InputRecord } from '../../src/domain/clustering/input-records.ts';
import { semanticTextOf } from '../../src/domain/clustering/semantic.ts';
import type { SentenceEncoder } from '../../src/server/clustering/sentence-encoder.ts';
import { loadTaxonomyFile } from '../../src/cli/taxonomy-file.ts';

export const FIXTURES = ['cbm-local-issues', 'municipal-complaints', 'support-tickets', 'customer-queries'] as const;
export type FixtureName = (typeof FIXTURES)[number];

export interface LabelledSet {
  inputs: InputRecord[];
  records: ClusterRecord[];
  labels: string[];
  /** Record index -> the index of the record it repeats, for the CBM file's near-duplicates. */
  duplicateOf: Map<number, number>;
}

export const taxonomy = loadTaxonomyFile();

/** A record with a title and nothing else unless given. */
export const aClusterRecord = (key: string, title: string, overrides: Partial<ClusterRecord> = {}): ClusterRecord => ({
  key,
  title,
  description: '',
  rootCauseStatements: [],
  tags: [],
  rootCauseCategories: [],
  rootCauseLevels: [],
  ...overrides,
});

export function loadLabelledSet(name: FixtureName): LabelledSet {
  const rows = readFileSync(new URL(`../fixtures/clustering/${name}.jsonl`, import.meta.url), 'utf8')
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as { id: string | number; label: string; duplicateOf?: string });
  const inputs = rows.map((row) => {
    const parsed = parseInputRecord(row, JSON.stringify(row.id), taxonomy.resolveTag);
    if (!parsed.ok) throw new Error(`${name} ${JSON.stringify(row.id)}: ${parsed.problem}`);
    return parsed.value;
  });
  const indexOf = new Map(rows.map((row, index) => [row.id, index]));
  const duplicateOf = new Map<number, number>();
  rows.forEach((row, index) => {
    if (row.duplicateOf !== undefined) duplicateOf.set(index, indexOf.get(row.duplicateOf)!);
  });
  return { inputs, records: inputs.map((input) => input.record), labels: rows.map((row) => row.label), duplicateOf };
}

/** The set's records with their sentence embeddings, as `--semantic` gives them (computed each time). */
export async function withEmbeddings(set: LabelledSet, encoder: SentenceEncoder): Promise<ClusterRecord[]> {
  const embeddings = await encoder.embed(set.records.map(semanticTextOf));
  return set.records.map((record, index) => ({ ...record, embedding: embeddings[index]! }));
}

/** The share of one-off records (label solo-*) a clustering leaves alone. */
export function aloneShare(set: LabelledSet, result: ClusteringResult): number {
  const solos = set.labels.flatMap((label, index) => (label.startsWith('solo-') ? [index] : []));
  const alone = solos.filter((index) => result.clusters[result.clusterOf[index]!]!.members.length === 1);
  return alone.length / solos.length;
}

/** Strips tags or root causes, to measure what each signal adds. */
export function withSignals(
  records: readonly ClusterRecord[],
  { tags, rootCauses }: { tags: boolean; rootCauses: boolean },
) {
  return records.map((record) => ({
    ...record,
    tags: tags ? record.tags : [],
    rootCauseStatements: rootCauses ? record.rootCauseStatements : [],
    rootCauseCategories: rootCauses ? record.rootCauseCategories : [],
    rootCauseLevels: rootCauses ? record.rootCauseLevels : [],
  }));
}

/**
 * The naive baseline: TF-IDF vectors of the words (title and description alike), and every pair at least
 * `threshold` cosine-similar in one cluster (connected components), over all pairs.
 */
export function baselineClusters(records: readonly ClusterRecord[], threshold: number): number[] {
  const words = records.map((record) => ({
    ...record,
    title: `${record.title} ${record.description} ${record.rootCauseStatements.join(' ')}`,
    description: '',
    rootCauseStatements: [],
    tags: [],
    rootCauseCategories: [],
    rootCauseLevels: [],
  }));
  const { vectors } = buildFeatureSpace(words, { title: 1, tags: 0, rootCauses: 0 }, () => []);
  const parent = vectors.map((_, index) => index);
  const find = (node: number): number => (parent[node] === node ? node : (parent[node] = find(parent[node]!)));
  for (let a = 0; a < vectors.length; a += 1) {
    for (let b = a + 1; b < vectors.length; b += 1) {
      if (dot(vectors[a]!, vectors[b]!) >= threshold) parent[find(a)] = find(b);
    }
  }
  return vectors.map((_, index) => find(index));
}
