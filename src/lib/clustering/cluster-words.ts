/** The clusters' pages in words: run phases, field names for error summaries, the history of a cluster. */
import { likenessWord } from '../../domain/clustering/likeness.ts';

export const CLUSTER_RUN_PHASES = ['queued', 'reading', 'clustering', 'writing'] as const;
/** A run with semantic similarity on embeds the issues' texts before it groups them. */
export const SEMANTIC_CLUSTER_RUN_PHASES = ['queued', 'reading', 'embedding', 'clustering', 'writing'] as const;

export const CLUSTER_RUN_PHASE_NAMES: Record<string, string> = {
  queued: 'Waiting for the worker',
  reading: 'Reading every live local issue',
  embedding: 'Embedding the issues’ texts with the sentence encoder (those not embedded since they last changed)',
  clustering: 'Grouping the issues that describe the same problem',
  writing: 'Writing the clusters, keeping what analysts decided',
  done: 'Done',
};

export const CLUSTER_RUN_STATUS_NAMES: Record<string, string> = {
  queued: 'Queued',
  running: 'Running',
  succeeded: 'Done',
  failed: 'Failed',
};

/** The forms' words for each input field, for the error summary. */
export const CLUSTER_FIELD_LABELS: Record<string, string> = {
  label: 'Name',
  note: 'Note',
  intoClusterId: 'Merge into',
  localIssueIds: 'Issues to split off',
  localIssueId: 'Issue to move',
  toClusterId: 'Move it to',
  toThemeId: 'Theme',
};

/** 0.8312 -> "83%". */
export function asPercent(share: number): string {
  return `${Math.round(share * 100)}%`;
}

/** Why the duplicate hint shows an issue: "close match, 54% alike; shared words: clinic, medicine". */
export function similarityWords(similar: {
  similarity: number;
  /** Null for an issue the reader may not open: its words are not theirs to see. */
  sharedTerms: readonly string[] | null;
}): string {
  const alike = `${likenessWord(similar.similarity)}, ${asPercent(similar.similarity)} alike`;
  if (similar.sharedTerms === null) return alike;
  return `${alike}; shared words: ${similar.sharedTerms.join(', ') || 'none'}`;
}

/** "1 issue", "3 issues". */
export function countOf(count: number, one: string, many: string): string {
  return `${count} ${count === 1 ? one : many}`;
}

/**
 * A select of clusters that must also carry the version the analyst saw of the one chosen, without a script:
 * each option's value is "id:version".
 */
export function versionedChoice(cluster: { id: string; version: number }): string {
  return `${cluster.id}:${cluster.version}`;
}

export function readVersionedChoice(value: string): { id: string; version: number } {
  const [id = '', version = ''] = value.split(':');
  return { id, version: Number(version) };
}
