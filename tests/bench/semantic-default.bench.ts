// npm run bench -- tests/bench/semantic-default.bench.ts   (some 15 minutes on 2 quiet cores)
// Should CLUSTER_SEMANTIC be on by default? Issue 19's rule: yes when the first embedding of the national 250,000
// issues takes under 60 minutes here and a saved issue costs under 50 ms more. Over 20,000 synthetic local
// issues (synthetic-issues.ts: English, some 200 characters) in SQLite, as the worker does it:
// 1. the first embedding of every issue (`embeddingsOf` on both cores, vectors stored), in a process of its
//    own like the worker's, while this process times the issues list (the app stays usable?);
// 2. a full run without and with semantic similarity (`runClustering`, the worker's neighbour search), each in
//    a process of its own for its peak memory; with it, the run reads the vectors step 1 stored;
// 3. placing saved issues one by one, lexical and semantic in turn (the `cluster.place` job: with semantic on it
//    embeds the issue first);
// 4. the encoder on texts of the 500 characters it reads, for the extrapolation by length.
// Each figure comes with the machine's load (1-minute average) and the CPU seconds, which the load affects
// less: the 2 cores may be shared. Extrapolation to 250,000 is linear in the number of texts (each text is
// embedded alone, and vectors are written in batches of 1,000). Assertions are on counts only, never on time.
import { spawn, spawnSync } from 'node:child_process';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { loadSeedData } from '../../prisma/seed/load-seed-data.ts';
import { seedDatabase } from '../../prisma/seed/seed.ts';
import type { Db } from '../../src/db/client.ts';
import { SEMANTIC_TEXT_LENGTH, semanticTextOf } from '../../src/domain/clustering/semantic.ts';
import { embedOnAllCores } from '../../src/server/clustering/parallel-embedding.ts';
import { listLocalIssues } from '../../src/server/services/capture/local-issue-queries.ts';
import { placeIssues } from '../../src/server/services/clustering/cluster-placement-service.ts';
import {
  loadClusteringTaxonomy,
  loadIssuesForClustering,
} from '../../src/server/services/clustering/cluster-records.ts';
import { embeddingsOf } from '../../src/server/services/clustering/issue-embedding-service.ts';
import { anActorWithAccount } from '../support/auth.ts';
import { createTestDatabase, providerFor } from '../support/test-database.ts';
import { syntheticClusterRecords, syntheticEmbeddings } from './support/synthetic-clusters.ts';
import { insertSyntheticIssues, syntheticIssues } from './support/synthetic-issues.ts';

const ISSUES = Number(process.env.BENCH_ISSUES ?? 20_000);
const NATIONAL = 250_000;
/** Saved issues placed one by one, of each kind. */
const PLACED = 40;
const LONG_TEXTS = 400;
const ROOT = new URL('../../', import.meta.url).pathname;

const load = () => Number(loadavg()[0]!.toFixed(2));
const cpuSecondsSince = (before: NodeJS.CpuUsage) => {
  const used = process.cpuUsage(before);
  return (used.user + used.system) / 1e6;
};
const percentile = (values: readonly number[], share: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * share))]!;
};
const round = (value: number, digits = 1) => Number(value.toFixed(digits));

interface StepFigures {
  seconds: number;
  cpuSeconds: number;
  peakMb: number;
  [name: string]: number;
}

function parseFigures(stdout: string): StepFigures {
  return JSON.parse(stdout.trim().split('\n').at(-1)!) as StepFigures;
}

/** A step of semantic-once.ts in a process of its own, waited for. */
function stepInOwnProcess(databaseUrl: string, step: string): StepFigures & { load: number } {
  const before = load();
  const result = spawnSync(
    join(ROOT, 'node_modules/.bin/tsx'),
    ['--disable-warning=ExperimentalWarning', 'tests/bench/support/semantic-once.ts', databaseUrl, step],
    { cwd: ROOT, encoding: 'utf8' },
  );
  if (result.status !== 0) throw new Error(`${step} failed:\n${result.stderr}`);
  return { ...parseFigures(result.stdout), load: Math.max(before, load()) };
}

/** The first embedding in a process of its own, while `probe` runs here every half second; its timings. */
async function embedWhileProbing(databaseUrl: string, probe: () => Promise<unknown>) {
  const child = spawn(
    join(ROOT, 'node_modules/.bin/tsx'),
    ['--disable-warning=ExperimentalWarning', 'tests/bench/support/semantic-once.ts', databaseUrl, 'embed'],
    { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
    process.stderr.write(chunk);
  });
  const ended = new Promise<number | null>((resolve) => child.once('exit', resolve));
  let running = true;
  void ended.then(() => (running = false));
  const probeMs: number[] = [];
  const loads: number[] = [];
  while (running) {
    const started = performance.now();
    await probe();
    probeMs.push(performance.now() - started);
    loads.push(load());
    await Promise.race([ended, new Promise((resolve) => setTimeout(resolve, 500))]);
  }
  if ((await ended) !== 0) throw new Error(`The embedding failed:\n${stderr}`);
  return { figures: parseFigures(stdout), probeMs, load: Math.max(...loads) };
}

/** Texts of the 500 characters the encoder reads: synthetic issues joined end to end. */
function longTexts(count: number): string[] {
  const issues = syntheticIssues(count * 3, 7).map((issue) => `${issue.title}. ${issue.description}`);
  return Array.from({ length: count }, (_, index) =>
    semanticTextOf({ title: '', description: issues.slice(index * 3, index * 3 + 3).join(' ') }),
  ).map((text) => text.slice(0, SEMANTIC_TEXT_LENGTH));
}

/** 1. The first embedding, the list page timed meanwhile; its figures printed. */
async function firstEmbedding(db: Db, url: string, live: number, listPage: () => Promise<unknown>) {
  const idleMs: number[] = [];
  for (let probe = 0; probe < 20; probe += 1) {
    const started = performance.now();
    await listPage();
    idleMs.push(performance.now() - started);
  }
  const idleLoad = load();
  const embedding = await embedWhileProbing(url, listPage);
  expect(embedding.figures.texts).toBe(live);
  expect(await db.issueEmbedding.count()).toBe(live);
  const { seconds, cpuSeconds, meanCharacters } = embedding.figures;
  const scale = NATIONAL / live;
  console.table({
    'first embedding': {
      texts: live,
      'mean characters': round(meanCharacters!, 0),
      seconds: round(seconds),
      'texts/s': round(live / seconds),
      'CPU s': round(cpuSeconds),
      'texts per CPU s': round(live / cpuSeconds, 2),
      'peak MB': embedding.figures.peakMb,
      'load (max)': embedding.load,
      [`minutes for ${NATIONAL}, by the clock`]: round((seconds * scale) / 60),
      [`minutes for ${NATIONAL}, by CPU on 2 idle cores`]: round((cpuSeconds * scale) / 2 / 60),
    },
  });
  console.table({
    'issues list page, idle': {
      'median ms': round(percentile(idleMs, 0.5)),
      'p95 ms': round(percentile(idleMs, 0.95)),
      requests: idleMs.length,
      load: idleLoad,
    },
    'issues list page, while embedding': {
      'median ms': round(percentile(embedding.probeMs, 0.5)),
      'p95 ms': round(percentile(embedding.probeMs, 0.95)),
      requests: embedding.probeMs.length,
      load: embedding.load,
    },
  });
}

describe(`semantic similarity by default? ${ISSUES.toLocaleString('en')} issues [sqlite]`, () => {
  let db: Db;
  let url: string;
  let drop: () => Promise<void>;
  /** The seed's issues and the synthetic ones: every live issue, which the worker embeds and clusters. */
  let live: number;
  beforeAll(async () => {
    const created = await createTestDatabase('sqlite');
    [url, drop] = [created.url, created.drop];
    db = providerFor('sqlite', url).createClient();
    await seedDatabase(db, loadSeedData());
    await insertSyntheticIssues(db, syntheticIssues(ISSUES));
    live = await db.localIssue.count({ where: { archived: false } });
  }, 10 * 60_000);
  afterAll(async () => {
    await db.$disconnect();
    await drop();
  });

  test('the first embedding, a full run with and without, and a saved issue', { timeout: 90 * 60_000 }, async () => {
    const analyst = await anActorWithAccount(db, 'analyst');
    const listPage = () => listLocalIssues(db, analyst, {});

    // 2a, before anything is embedded.
    const lexicalRun = stepInOwnProcess(url, 'run-lexical');
    expect(lexicalRun.issues).toBe(live);

    // 1. The first embedding, or (BENCH_STAND_IN_VECTORS=1, to measure steps 2 to 4 in minutes) stand-in vectors
    // stored through the same path: what steps 2 and 3 read does not depend on the vectors' values.
    if (process.env.BENCH_STAND_IN_VECTORS === '1') {
      const taxonomy = await loadClusteringTaxonomy(db);
      const issues = await loadIssuesForClustering(db, taxonomy);
      // Pointing one way per title's first word (syntheticEmbeddings), as fast as the encoder is slow.
      const [template] = syntheticClusterRecords(1);
      const standIn = (texts: readonly string[]) =>
        Promise.resolve(syntheticEmbeddings(texts.map((text) => ({ ...template!, title: text }))));
      await embeddingsOf(
        db,
        standIn,
        issues.map((issue) => ({ id: issue.id, ...issue.record })),
      );
    } else await firstEmbedding(db, url, live, listPage);
    expect(await db.issueEmbedding.count()).toBe(live);

    // 2b. A full run with the stored vectors.
    const semanticRun = stepInOwnProcess(url, 'run-semantic');
    expect(semanticRun.issues).toBe(live);
    const runRow = (run: StepFigures & { load: number }) => ({
      seconds: round(run.seconds),
      'CPU s': round(run.cpuSeconds),
      'peak MB': run.peakMb,
      clusters: run.clusters!,
      load: run.load,
    });
    console.table({ 'full run, lexical': runRow(lexicalRun), 'full run, semantic': runRow(semanticRun) });

    // 4. Texts of 500 characters, for the extrapolation by length.
    const texts = longTexts(LONG_TEXTS);
    const longLoad = load();
    const longCpu = process.cpuUsage();
    const longStarted = performance.now();
    expect(await embedOnAllCores(texts)).toHaveLength(LONG_TEXTS);
    const longSeconds = (performance.now() - longStarted) / 1000;
    const longCpuSeconds = cpuSecondsSince(longCpu);
    console.table({
      'texts of 500 characters': {
        texts: LONG_TEXTS,
        'mean characters': round(texts.reduce((sum, text) => sum + text.length, 0) / LONG_TEXTS, 0),
        'texts/s': round(LONG_TEXTS / longSeconds),
        'texts per CPU s': round(LONG_TEXTS / longCpuSeconds, 2),
        load: Math.max(longLoad, load()),
        [`minutes for ${NATIONAL}, by the clock`]: round(((longSeconds / LONG_TEXTS) * NATIONAL) / 60),
        [`minutes for ${NATIONAL}, by CPU on 2 idle cores`]: round(((longCpuSeconds / LONG_TEXTS) * NATIONAL) / 2 / 60),
      },
    });

    // 3. Saved issues placed one by one: the first of each kind builds its index, then lexical and semantic in turn.
    const fresh = syntheticIssues(ISSUES + 2 + 2 * PLACED).slice(ISSUES);
    const [warmLexical, warmSemantic] = await insertSyntheticIssues(db, fresh.slice(0, 2));
    const timed = async (work: () => Promise<unknown>) => {
      const cpu = process.cpuUsage();
      const started = performance.now();
      await work();
      return { ms: performance.now() - started, cpuMs: cpuSecondsSince(cpu) * 1000 };
    };
    const firstLexical = await timed(() => placeIssues(db, [warmLexical!]));
    const firstSemantic = await timed(() => placeIssues(db, [warmSemantic!], { embed: embedOnAllCores }));
    const placedIds = await insertSyntheticIssues(db, fresh.slice(2));
    const lexical: { ms: number; cpuMs: number }[] = [];
    const semantic: { ms: number; cpuMs: number }[] = [];
    const placeLoad = load();
    for (let at = 0; at < placedIds.length; at += 2) {
      lexical.push(await timed(() => placeIssues(db, [placedIds[at]!])));
      semantic.push(await timed(() => placeIssues(db, [placedIds[at + 1]!], { embed: embedOnAllCores })));
    }
    expect(await db.issueEmbedding.count()).toBe(live + 2 + PLACED);
    const placementRow = (times: { ms: number; cpuMs: number }[], first: { ms: number }) => ({
      'median ms': round(
        percentile(
          times.map((t) => t.ms),
          0.5,
        ),
      ),
      'p95 ms': round(
        percentile(
          times.map((t) => t.ms),
          0.95,
        ),
      ),
      'median CPU ms': round(
        percentile(
          times.map((t) => t.cpuMs),
          0.5,
        ),
      ),
      'first (builds the index) s': round(first.ms / 1000, 2),
      placed: times.length,
      load: Math.max(placeLoad, load()),
    });
    const added = lexical.map((t, index) => semantic[index]!.ms - t.ms);
    console.table({
      'placement, lexical': placementRow(lexical, firstLexical),
      'placement, semantic': placementRow(semantic, firstSemantic),
      'added by semantic (pairwise)': {
        'median ms': round(percentile(added, 0.5)),
        'p95 ms': round(percentile(added, 0.95)),
        'median CPU ms': round(
          percentile(
            lexical.map((t, index) => semantic[index]!.cpuMs - t.cpuMs),
            0.5,
          ),
        ),
      },
    });
  });
});
