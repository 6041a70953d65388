import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { aCsvRow, csvOf } from '../fixtures/import-csv.ts';

const ROOT = new URL('../../', import.meta.url).pathname;
const fixture = (name: string) => join(ROOT, 'tests/fixtures/clustering', name);

/** Runs `npm run -s cluster` as a person would, from `cwd`. */
function cluster(args: string[], cwd: string, input?: string) {
  return spawnSync('npm', ['--prefix', ROOT, 'run', '-s', 'cluster', '--', ...args], {
    cwd,
    encoding: 'utf8',
    input,
    env: { ...process.env, INIT_CWD: cwd },
  });
}
const linesOf = (text: string) =>
  text
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as { id: unknown; cluster: string; theme: string });

/** The groups of ids, whatever the clusters are called. */
function partitionOf(rows: { id: unknown; cluster: string }[]): string[] {
  const groups = new Map<string, string[]>();
  for (const row of rows) groups.set(row.cluster, [...(groups.get(row.cluster) ?? []), String(row.id)]);
  return [...groups.values()].map((ids) => ids.sort().join(' ')).sort();
}

describe('npm run cluster', () => {
  const dir = mkdtempSync(join(tmpdir(), 'cbm-cluster-cli-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('writes one line per record in input order, ids with their JSON type, and a summary to standard error', () => {
    const input = readFileSync(fixture('municipal-complaints.jsonl'), 'utf8');
    writeFileSync(join(dir, 'complaints.jsonl'), input);
    const result = cluster(['--input', 'complaints.jsonl', '--output', 'clusters.jsonl'], dir);
    expect(result.status, result.stderr).toBe(0);
    const written = linesOf(readFileSync(join(dir, 'clusters.jsonl'), 'utf8'));
    const ids = input
      .trim()
      .split('\n')
      .map((line) => (JSON.parse(line) as { id: unknown }).id);
    expect(written.map((line) => line.id)).toEqual(ids);
    expect(typeof written[0]!.id).toBe('number');
    expect(written.every((line) => typeof line.cluster === 'string' && line.cluster.length > 0)).toBe(true);
    expect(written.every((line) => typeof line.theme === 'string' && line.theme.length > 0)).toBe(true);
    expect(result.stderr).toMatch(/^239 records, \d+ clusters: \d+ of two or more records/);
    expect(result.stderr).toMatch(/^\d+ themes: \d+ of two or more records/m);
    expect(result.stderr).toMatch(/^ {2}t1: \d+ records in \d+ problem\(s\) and \d+ alone: ".+"$/m);
    expect(result.stderr).toMatch(/^ {6}c\d+: \d+ records: ".+"\n {10}because they share the words/m);
  });

  it('gives every record a theme above its problem: all members of a problem share one, fewer themes than problems', () => {
    const rows = linesOf(cluster(['--input', fixture('cbm-local-issues.jsonl')], dir).stdout);
    const themeOfProblem = new Map<string, Set<string>>();
    for (const row of rows)
      themeOfProblem.set(row.cluster, (themeOfProblem.get(row.cluster) ?? new Set()).add(row.theme));
    expect([...themeOfProblem.values()].every((themes) => themes.size === 1)).toBe(true);
    const themes = new Set(rows.map((row) => row.theme));
    expect(themes.size).toBeGreaterThan(1);
    expect(themes.size).toBeLessThan(themeOfProblem.size / 2);
    // A lower resolution gives fewer, broader themes; the problems stay as they were.
    const broader = linesOf(
      cluster(['--input', fixture('cbm-local-issues.jsonl'), '--theme-resolution', '0.3'], dir).stdout,
    );
    expect(new Set(broader.map((row) => row.theme)).size).toBeLessThan(themes.size);
    expect(broader.map((row) => row.cluster)).toEqual(rows.map((row) => row.cluster));
  });

  it('gives the same clusters for the same records in another order', () => {
    const lines = readFileSync(fixture('support-tickets.jsonl'), 'utf8').trim().split('\n');
    const forwards = linesOf(cluster(['--input', fixture('support-tickets.jsonl')], dir).stdout);
    const backwards = linesOf(cluster(['--input', '-'], dir, `${[...lines].reverse().join('\n')}\n`).stdout).reverse();
    expect(partitionOf(backwards)).toEqual(partitionOf(forwards));
    expect(backwards.map((row) => row.cluster)).toEqual(forwards.map((row) => row.cluster));
    expect(backwards.map((row) => row.theme)).toEqual(forwards.map((row) => row.theme));
  });

  it('reads the import format as CSV, and a plain id,title,description file', () => {
    writeFileSync(join(dir, 'import.csv'), csvOf([aCsvRow(1), aCsvRow(2), aCsvRow(3, { title: 'Streetlights out' })]));
    const imported = cluster(['--input', 'import.csv'], dir);
    expect(imported.status, imported.stderr).toBe(0);
    expect(linesOf(imported.stdout).map((row) => row.id)).toEqual(['KOBO-00001', 'KOBO-00002', 'KOBO-00003']);
    writeFileSync(
      join(dir, 'plain.csv'),
      'id,title,description\n1,Burst pipe,Water everywhere\n2,,Pothole on Main Road\n',
    );
    const plain = cluster(['--input', 'plain.csv'], dir);
    expect(linesOf(plain.stdout)).toEqual([
      { id: '1', cluster: expect.any(String), theme: expect.any(String) },
      { id: '2', cluster: expect.any(String), theme: expect.any(String) },
    ]);
    // Loners on both levels: ids of their own.
    expect(new Set(linesOf(plain.stdout).map((row) => row.cluster)).size).toBe(2);
    expect(new Set(linesOf(plain.stdout).map((row) => row.theme)).size).toBe(2);
  });

  it('with --semantic, embeds the records (telling how far it is) and clusters by the blended similarity', () => {
    const lines = readFileSync(fixture('municipal-complaints.jsonl'), 'utf8').trim().split('\n').slice(0, 120);
    writeFileSync(join(dir, 'some-complaints.jsonl'), `${lines.join('\n')}\n`);
    const semantic = cluster(['--input', 'some-complaints.jsonl', '--semantic'], dir);
    expect(semantic.status, semantic.stderr).toBe(0);
    expect(semantic.stderr).toMatch(/^Embedding for --semantic: \d+ of 120 records \(\d+%\), about \d+ s left$/m);
    expect(semantic.stderr).toMatch(/^Embedding for --semantic: 120 of 120 records \(100%\)$/m);
    expect(semantic.stderr).toMatch(
      /blended with the sentence encoder's \(weight 0\.10, by the texts' median length\)/,
    );
    const blended = linesOf(semantic.stdout);
    expect(blended.map((row) => row.id)).toEqual(lines.map((line) => (JSON.parse(line) as { id: unknown }).id));
    const lexical = linesOf(cluster(['--input', 'some-complaints.jsonl'], dir).stdout);
    expect(partitionOf(blended)).not.toEqual(partitionOf(lexical));
  });

  it('exits 1 on bad input, naming the line, and 2 on wrong usage', () => {
    writeFileSync(join(dir, 'bad.jsonl'), '{"id": 1, "title": "ok"}\n{"title": "no id"}\n');
    const bad = cluster(['--input', 'bad.jsonl'], dir);
    expect(bad.status).toBe(1);
    expect(bad.stderr).toMatch(/line 2: "id" is required/);
    writeFileSync(join(dir, 'broken.jsonl'), '{"id": 1, "title": "ok"}\n{"id": 2, "title": \n');
    expect(cluster(['--input', 'broken.jsonl'], dir).stderr).toMatch(/line 2: not a JSON object/);
    expect(cluster(['--input', 'missing.jsonl'], dir).status).toBe(1);
    const usage = cluster(['--input', 'bad.jsonl', '--bogus'], dir);
    expect(usage.status).toBe(2);
    expect(usage.stderr).toMatch(/Usage: npm run -s cluster/);
    expect(cluster(['--input', 'x', '--threshold', '2'], dir).stderr).toMatch(
      /--threshold expects a number from 0 to 1/,
    );
    expect(cluster(['--input', 'x', '--theme-resolution', '0'], dir).stderr).toMatch(
      /--theme-resolution expects a number from 0.01 to 100/,
    );
    expect(cluster([], dir).status).toBe(2);
  });
});
