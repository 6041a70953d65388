// The six public labelled sets of ../shared/clustering-dev (never copied into the repository: their licences
// differ), run through the clustering command line as a person would run it, and scored as its score.mjs
// scores (ARI and pair F1; measureClustering computes the same).
//
// Where the sets are: $CLUSTERING_DEV_SETS when set; otherwise the first folder named shared/clustering-dev
// beside the project or beside any folder above it. CI has shared/ beside the checkout (../shared); a git
// worktree at /work/wt/<name> finds /work/shared the same way, two levels up.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { runClusterCommand, type CommandIo } from '../../src/cli/cluster-command.ts';
import { measureClustering } from '../../src/domain/clustering/quality.ts';

export const DEV_SETS = [
  { name: 'clinc150', level: 'problem' },
  { name: 'googlenews-ts', level: 'problem' },
  { name: 'covidq-dups', level: 'problem' },
  { name: 'searchsnippets', level: 'theme' },
  { name: 'nhs-feedback-critical', level: 'theme' },
  { name: 'airline-complaints', level: 'theme' },
] as const;
export type DevSetName = (typeof DEV_SETS)[number]['name'];
/** Which level a set is judged on: problems on the fine-grained sets, themes on the topic-level ones. */
export type Level = 'problem' | 'theme';

const PROJECT_ROOT = resolve(new URL('../../', import.meta.url).pathname);

/** The folder of the dev sets, or null when neither the variable nor a shared/ folder above says where. */
export function clusteringDevFolder(): string | null {
  const given = process.env.CLUSTERING_DEV_SETS;
  if (given) return existsSync(join(given, 'clinc150')) ? resolve(given) : null;
  for (let folder = PROJECT_ROOT; ; folder = dirname(folder)) {
    const candidate = join(folder, 'shared', 'clustering-dev');
    if (existsSync(join(candidate, 'clinc150', 'issues.jsonl'))) return candidate;
    if (dirname(folder) === folder) return null;
  }
}

export interface DevRun {
  /** Per record, in the set's order: its problem and its theme as the command line wrote them. */
  cluster: string[];
  theme: string[];
  labels: string[];
  stderr: string;
  seconds: number;
}

/**
 * Runs `npm run cluster -- --input <set>/issues.jsonl [args]` in this process, on the set's labels' order;
 * `embed` replaces the encoder for --semantic (a cache: tests/support/embedding-cache.ts).
 */
export async function runCommandOnDevSet(
  folder: string,
  name: DevSetName,
  args: readonly string[] = [],
  embed?: CommandIo['embed'],
) {
  const input = join(folder, name, 'issues.jsonl');
  let stdout = '';
  let stderr = '';
  const started = performance.now();
  const code = await runClusterCommand(['--input', input, '--output', '-', ...args], {
    cwd: PROJECT_ROOT,
    writeOut: (text) => (stdout += text),
    writeErr: (text) => (stderr += text),
    ...(embed && { embed }),
  });
  const seconds = (performance.now() - started) / 1000;
  if (code !== 0) throw new Error(`the command line exited ${code} on ${name}: ${stderr}`);
  const written = new Map(
    stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { id: string; cluster: string; theme?: string })
      .map((row) => [row.id, row]),
  );
  const labelled = readFileSync(join(folder, name, 'labels.jsonl'), 'utf8')
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as { id: string; label: string });
  const rowOf = (id: string) => {
    const row = written.get(id);
    if (!row) throw new Error(`${name}: no line for ${id}`);
    return row;
  };
  return {
    cluster: labelled.map(({ id }) => rowOf(id).cluster),
    theme: labelled.map(({ id }) => rowOf(id).theme ?? rowOf(id).cluster),
    labels: labelled.map(({ label }) => label),
    stderr,
    seconds,
  } satisfies DevRun;
}

export interface LevelScore {
  ari: number;
  pairF1: number;
  clusters: number;
}

/** ARI, pair F1 and the number of clusters found (loners included), as score.mjs reports them. */
export function scoreLevel(assignment: readonly string[], labels: readonly string[]): LevelScore {
  const quality = measureClustering(assignment, labels);
  return { ari: quality.adjustedRandIndex, pairF1: quality.f1, clusters: new Set(assignment).size };
}
