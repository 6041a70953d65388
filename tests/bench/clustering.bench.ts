// npm run bench -- tests/bench/clustering.bench.ts
// Full clustering of 1,000, 10,000 and 100,000 synthetic records (tests/bench/support/synthetic-clusters.ts),
// each in a process of its own so that its peak memory is its own: 100,000 in under 30 s and 1 GB, and
// each tenfold step at most 12 times slower (never all pairs).
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { expect, test } from 'vitest';

const ROOT = new URL('../../', import.meta.url).pathname;

interface Run {
  count: number;
  seconds: number;
  peakMb: number;
  clusters: number;
}

function clusterInOwnProcess(count: number): Run {
  const result = spawnSync(
    join(ROOT, 'node_modules/.bin/tsx'),
    ['--disable-warning=ExperimentalWarning', 'tests/bench/support/cluster-once.ts', String(count)],
    { cwd: ROOT, encoding: 'utf8' },
  );
  if (result.status !== 0) throw new Error(`Clustering ${count} records failed:\n${result.stderr}`);
  return JSON.parse(result.stdout.trim().split('\n').at(-1)!) as Run;
}

test(
  'clusters 100,000 records within 30 s and 1 GB, growing at most 12x per tenfold step',
  { timeout: 10 * 60_000 },
  () => {
    const runs = [1_000, 10_000, 100_000].map(clusterInOwnProcess);
    console.table(runs.map((run) => ({ ...run, seconds: Number(run.seconds.toFixed(2)) })));
    const [small, medium, large] = runs as [Run, Run, Run];
    expect(large.seconds).toBeLessThan(30);
    expect(large.peakMb).toBeLessThan(1024);
    expect(medium.seconds / small.seconds).toBeLessThanOrEqual(12);
    expect(large.seconds / medium.seconds).toBeLessThanOrEqual(12);
  },
);
