import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import {
  clusterRecords,
  DEFAULT_CLUSTERING,
  DEFAULT_THEMES,
  semanticWeightOf,
  type ClusteringOptions,
} from '../domain/clustering/cluster-records.ts';
import { parseInputRecord, type InputRecord } from '../domain/clustering/input-records.ts';
import { semanticTextOf } from '../domain/clustering/semantic.ts';
import { spreadOf } from '../domain/clustering/spread.ts';
import { DEFAULT_ESCALATION_RULE, judgeEscalation, type EscalationRule } from '../domain/clustering/escalation-rule.ts';
import { readCsvLayout, scanCsvRows } from '../lib/imports/read-csv.ts';
import { todayInSouthAfrica } from '../lib/calendar-date.ts';
import { parallelNeighbourSearch } from '../server/clustering/parallel-neighbours.ts';
import { embedOnAllCores } from '../server/clustering/parallel-embedding.ts';
import { SentenceEncoderError } from '../server/clustering/sentence-encoder.ts';
import { loadTaxonomyFile, type TaxonomyLookup } from './taxonomy-file.ts';

export const USAGE = `Usage: npm run -s cluster -- --input <issues.jsonl|issues.csv> [--output <clusters.jsonl|->]
  [--semantic] [--threshold <0..1>] [--cohesion <0..1>] [--resolution <number>] [--theme-resolution <number>]
  [--min-facilities <n>] [--min-provinces <n>] [--no-national-root-cause]

Reads JSON lines or CSV (an "id" and "title", "description" or "text"; optionally "tags", "facility",
"province", "facilityType", "rootCauses", "raisedOn"; or the import format of docs/IMPORT-FORMAT.md) and
writes one line per record, in the input's order: {"id": <as given>, "cluster": "<id>", "theme": "<id>"}:
its problem (records that describe the same problem) and its theme (problems and records about one
broader subject). A summary of the largest themes and their problems goes to standard error.

--resolution splits records into smaller problems when higher (default ${DEFAULT_CLUSTERING.resolution});
--theme-resolution does the same for themes (default ${DEFAULT_THEMES.resolution}).

--semantic also compares the records' meaning with an offline sentence encoder (no download): slower,
some 50 records a second per core. Records that share no word can then meet, and short texts lean more on
meaning than long ones. --threshold and --cohesion then apply to the blended similarity (defaults
${DEFAULT_CLUSTERING.semantic.edgeThreshold}, and a cohesion from ${DEFAULT_CLUSTERING.semantic.cohesion} for long texts to ${DEFAULT_CLUSTERING.semantic.shortTextCohesion} for short ones).
Exit codes: 0 done, 1 bad input, 2 wrong usage, 3 the sentence encoder failed.`;

export interface CommandIo {
  /** Where relative paths start: the directory the command was started from. */
  cwd: string;
  writeOut: (text: string) => void;
  writeErr: (text: string) => void;
  /** How --semantic embeds the texts (default: on every core); benchmarks pass a cache. */
  embed?: (texts: readonly string[], onProgress?: (done: number, total: number) => void) => Promise<Float32Array[]>;
}

class UsageError extends Error {}
class InputError extends Error {}

/** From this many records, embedding them (--semantic) reports its progress. */
const PROGRESS_FROM = 100;

function numberOption(value: string | undefined, name: string, range: [number, number]): number | undefined {
  if (value === undefined) return undefined;
  const parsed = Number(value);
  if (!Number.isFinite(parsed) || parsed < range[0] || parsed > range[1]) {
    throw new UsageError(`--${name} expects a number from ${range[0]} to ${range[1]}, not "${value}"`);
  }
  return parsed;
}

interface Settings {
  input: string;
  output: string;
  semantic: boolean;
  clustering: ClusteringOptions;
  rule: EscalationRule;
}

function settingsOf(argv: readonly string[], cwd: string): Settings {
  let values;
  try {
    ({ values } = parseArgs({
      args: [...argv],
      strict: true,
      allowPositionals: false,
      options: {
        input: { type: 'string' },
        output: { type: 'string', default: '-' },
        semantic: { type: 'boolean', default: false },
        threshold: { type: 'string' },
        cohesion: { type: 'string' },
        resolution: { type: 'string' },
        'theme-resolution': { type: 'string' },
        'min-facilities': { type: 'string' },
        'min-provinces': { type: 'string' },
        'no-national-root-cause': { type: 'boolean', default: false },
        help: { type: 'boolean', default: false },
      },
    }));
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  if (values.help) throw new UsageError('');
  if (!values.input) throw new UsageError('--input is required');
  const at = (path: string) => (path === '-' || isAbsolute(path) ? path : resolve(cwd, path));
  const threshold = numberOption(values.threshold, 'threshold', [0, 1]);
  const cohesion = numberOption(values.cohesion, 'cohesion', [0, 1]);
  const resolution = numberOption(values.resolution, 'resolution', [0.01, 100]);
  const themeResolution = numberOption(values['theme-resolution'], 'theme-resolution', [0.01, 100]);
  const minFacilities = numberOption(values['min-facilities'], 'min-facilities', [1, 1_000_000]);
  const minProvinces = numberOption(values['min-provinces'], 'min-provinces', [1, 9]);
  const semantic = values.semantic === true;
  // The thresholds given apply to the similarity in use: the blend's when --semantic is on.
  const given = (defaults: { edgeThreshold: number; cohesion: number }) => ({
    edgeThreshold: threshold ?? defaults.edgeThreshold,
    cohesion: cohesion ?? defaults.cohesion,
  });
  const base = {
    ...DEFAULT_CLUSTERING,
    resolution: resolution ?? DEFAULT_CLUSTERING.resolution,
    themes: { ...DEFAULT_THEMES, resolution: themeResolution ?? DEFAULT_THEMES.resolution },
  };
  return {
    input: at(values.input),
    output: at(values.output ?? '-'),
    semantic,
    clustering: semantic
      ? {
          ...base,
          semantic: {
            ...base.semantic,
            ...given(base.semantic),
            shortTextCohesion: cohesion ?? base.semantic.shortTextCohesion,
            themeResolution: themeResolution ?? base.semantic.themeResolution,
          },
        }
      : { ...base, ...given(base) },
    rule: {
      minFacilities: minFacilities ?? DEFAULT_ESCALATION_RULE.minFacilities,
      minProvinces: minProvinces ?? DEFAULT_ESCALATION_RULE.minProvinces,
      nationalRootCauseSuffices: !values['no-national-root-cause'],
      nationalRootCauseMinFacilities: DEFAULT_ESCALATION_RULE.nationalRootCauseMinFacilities,
    },
  };
}

/** The records of a JSON-lines or CSV file (told apart by the first character), or an error naming the line. */
export function readRecords(text: string, taxonomy: TaxonomyLookup): InputRecord[] {
  const body = text.replace(/^\uFEFF/, '');
  const records: InputRecord[] = [];
  const add = (raw: unknown, line: number) => {
    const key = `${JSON.stringify((raw as { id?: unknown })?.id ?? null)}\u0000${line}`;
    const parsed = parseInputRecord(raw, key, taxonomy.resolveTag);
    if (!parsed.ok) throw new InputError(`line ${line}: ${parsed.problem}`);
    records.push(parsed.value);
  };
  if (body.trimStart().startsWith('{')) {
    body.split('\n').forEach((line, index) => {
      if (line.trim() === '') return;
      let raw: unknown;
      try {
        raw = JSON.parse(line);
      } catch (error) {
        throw new InputError(`line ${index + 1}: not a JSON object (${(error as Error).message})`);
      }
      add(raw, index + 1);
    });
  } else {
    const layout = readCsvLayout(body);
    const problems = scanCsvRows(body, layout, { from: layout.rowsStart }, (row) => add(row.values, row.line));
    const [problem] = problems;
    if (problem) throw new InputError(`line ${problem.line}: ${problem.reason}`);
  }
  if (records.length === 0) throw new InputError('the input holds no records');
  // The same records in another order must give the same clusters: keys must not depend on lines.
  const seen = new Map<string, number>();
  for (const entry of records) {
    const base = `${JSON.stringify(entry.id)}\u0000${entry.record.title}\u0000${entry.record.description}`;
    const times = seen.get(base) ?? 0;
    seen.set(base, times + 1);
    entry.record = { ...entry.record, key: times === 0 ? base : `${base}\u0000${times}` };
  }
  return records;
}

/** Runs the command; returns its exit code. */
export async function runClusterCommand(argv: readonly string[], io: CommandIo): Promise<number> {
  let settings: Settings;
  try {
    settings = settingsOf(argv, io.cwd);
  } catch (error) {
    const message = (error as Error).message;
    io.writeErr(`${message ? `${message}\n\n` : ''}${USAGE}\n`);
    return message ? 2 : 0;
  }
  try {
    if (settings.input !== '-' && statSync(settings.input, { throwIfNoEntry: false })?.isFile() !== true) {
      throw new InputError(`there is no file ${settings.input}`);
    }
    const text = readFileSync(settings.input === '-' ? 0 : settings.input, 'utf8');
    const taxonomy = loadTaxonomyFile();
    const inputs = readRecords(text, taxonomy);
    if (settings.semantic) await embedRecords(inputs, io);
    const result = await clusterRecords(
      inputs.map((input) => input.record),
      taxonomy.ancestorsOf,
      settings.clustering,
      parallelNeighbourSearch(),
    );
    const lines = inputs.map((input, index) =>
      JSON.stringify({
        id: input.id,
        cluster: `c${result.clusterOf[index]! + 1}`,
        theme: `t${result.themeOf[index]! + 1}`,
      }),
    );
    const output = `${lines.join('\n')}\n`;
    if (settings.output === '-') io.writeOut(output);
    else writeFileSync(settings.output, output);
    io.writeErr(summaryOf(inputs, result, settings));
    return 0;
  } catch (error) {
    if (error instanceof InputError) {
      io.writeErr(`Bad input in ${settings.input === '-' ? 'standard input' : settings.input}: ${error.message}\n`);
      return 1;
    }
    if (error instanceof SentenceEncoderError) {
      io.writeErr(`${error.message}\nRun without --semantic to cluster by words, tags and root causes alone.\n`);
      return 3;
    }
    throw error;
  }
}

/** Gives each record its sentence embedding, telling how far it is on a large file. */
async function embedRecords(inputs: InputRecord[], io: CommandIo): Promise<void> {
  const started = performance.now();
  let reported = 0;
  const embeddings = await (io.embed ?? embedOnAllCores)(
    inputs.map((input) => semanticTextOf(input.record)),
    (done, total) => {
      if (total < PROGRESS_FROM || (done < total && done - reported < total / 10)) return;
      reported = done;
      const seconds = (performance.now() - started) / 1000;
      const left = done < total ? `, about ${Math.ceil((seconds / done) * (total - done))} s left` : '';
      io.writeErr(
        `Embedding for --semantic: ${done} of ${total} records (${Math.floor((100 * done) / total)}%)${left}\n`,
      );
    },
  );
  inputs.forEach((input, index) => (input.record = { ...input.record, embedding: embeddings[index]! }));
}

const SHOWN_THEMES = 6;
const PROBLEMS_SHOWN_PER_THEME = 3;

type Result = Awaited<ReturnType<typeof clusterRecords>>;

function summaryOf(inputs: readonly InputRecord[], result: Result, { rule, semantic, clustering }: Settings): string {
  const groups = result.clusters.filter((cluster) => cluster.members.length > 1);
  const grouped = groups.reduce((sum, cluster) => sum + cluster.members.length, 0);
  const duplicates = result.clusters.reduce((sum, cluster) => sum + cluster.nearDuplicates.length, 0);
  const broad = result.themes.filter((theme) => theme.members.length > 1);
  const today = todayInSouthAfrica(new Date());
  const lines = [
    `${inputs.length} records, ${result.clusters.length} clusters: ${groups.length} of two or more records (${grouped} records), ${inputs.length - grouped} records alone; ${duplicates} near-duplicate pair(s).`,
    `${result.themes.length} themes: ${broad.length} of two or more records, ${result.themes.length - broad.length} records alone in their theme too.`,
  ];
  if (semantic) {
    lines.push(
      `Similarity: words, tags and root causes blended with the sentence encoder's (weight ${semanticWeightOf(
        inputs.map((input) => input.record),
        clustering.semantic,
      ).toFixed(2)}, by the texts' median length).`,
    );
  }
  const spreadWords = (members: readonly { record: number }[]) => {
    const spread = spreadOf(
      members.map((member) => inputs[member.record]!.spread),
      today,
    );
    const where = [
      spread.facilities > 0 && `${spread.facilities} facilities`,
      spread.provinces > 0 && `${spread.provinces} provinces`,
      spread.firstSeen && `${spread.firstSeen} to ${spread.lastSeen}`,
    ].filter(Boolean);
    return { spread, where: where.length > 0 ? `, ${where.join(', ')}` : '' };
  };
  const sharing = (cluster: { topTerms: { term: string }[]; sharedTags: string[] }) =>
    `the words ${cluster.topTerms
      .slice(0, 6)
      .map((term) => term.term)
      .join(', ')}${cluster.sharedTags.length > 0 ? ` and the tags ${cluster.sharedTags.join(', ')}` : ''}`;
  if (broad.length > 0) lines.push('Largest themes, with their largest problems:');
  broad.slice(0, SHOWN_THEMES).forEach((theme) => {
    const problems = theme.problems.filter((problem) => result.clusters[problem]!.members.length > 1);
    const alone = theme.problems.length - problems.length;
    lines.push(
      `  t${result.themes.indexOf(theme) + 1}: ${theme.members.length} records in ${problems.length} problem(s) and ${alone} alone${spreadWords(theme.members).where}: "${theme.label}"`,
      `      about ${sharing(theme)}`,
    );
    for (const problem of problems.slice(0, PROBLEMS_SHOWN_PER_THEME)) {
      const cluster = result.clusters[problem]!;
      const { spread, where } = spreadWords(cluster.members);
      lines.push(
        `      c${problem + 1}: ${cluster.members.length} records${where}: "${cluster.label}"`,
        `          because they share ${sharing(cluster)}`,
      );
      const verdict = judgeEscalation(spread, rule);
      if (verdict.isCandidate) lines.push(`          a candidate for escalation: ${verdict.reasons.join('; ')}`);
    }
    if (problems.length > PROBLEMS_SHOWN_PER_THEME) {
      lines.push(`      and ${problems.length - PROBLEMS_SHOWN_PER_THEME} smaller problem(s)`);
    }
  });
  return `${lines.join('\n')}\n`;
}
