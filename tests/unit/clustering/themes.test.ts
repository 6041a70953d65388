// Themes above problems (clusterRecords): broader subjects made of whole problems and loners.
import { beforeAll, describe, expect, it } from 'vitest';
import {
  clusterRecords,
  DEFAULT_CLUSTERING,
  DEFAULT_THEMES,
  themesOf,
  type ClusteringResult,
} from '../../../src/domain/clustering/cluster-records.ts';
import { packNeighbours } from '../../../src/domain/clustering/neighbours.ts';
import { loadLabelledSet, taxonomy, type LabelledSet } from '../../support/clustering-fixtures.ts';

describe('themes of the CBM local issues', () => {
  let set: LabelledSet;
  let result: ClusteringResult;
  beforeAll(async () => {
    set = loadLabelledSet('cbm-local-issues');
    result = await clusterRecords(set.records, taxonomy.ancestorsOf);
  });

  it('leave the problems as they are, and are skipped when not asked for', async () => {
    const problemsOnly = await clusterRecords(set.records, taxonomy.ancestorsOf, {
      ...DEFAULT_CLUSTERING,
      themes: null,
    });
    expect(problemsOnly.themes).toEqual([]);
    expect(problemsOnly.clusterOf).toEqual(result.clusterOf);
  });

  it('give every member of a problem its problem’s theme, and each problem to one theme', () => {
    result.clusters.forEach((cluster, problem) => {
      const themes = new Set(cluster.members.map((member) => result.themeOf[member.record]));
      expect(themes.size).toBe(1);
      expect(result.themes[[...themes][0]!]!.problems).toContain(problem);
    });
    const problems = result.themes.flatMap((theme) => theme.problems).sort((a, b) => a - b);
    expect(problems).toEqual(result.clusters.map((_, index) => index));
  });

  it('hold their problems’ members, largest theme first, each labelled and explained', () => {
    for (const theme of result.themes) {
      const fromProblems = theme.problems.flatMap((problem) => result.clusters[problem]!.members.map((m) => m.record));
      expect(theme.members.map((member) => member.record).sort((a, b) => a - b)).toEqual(
        fromProblems.sort((a, b) => a - b),
      );
      expect(theme.label.length).toBeGreaterThan(0);
      if (theme.members.length > 1) expect(theme.topTerms.length).toBeGreaterThan(0);
    }
    const sizes = result.themes.map((theme) => theme.members.length);
    expect(sizes).toEqual([...sizes].sort((a, b) => b - a));
    expect(result.themes.length).toBeLessThan(result.clusters.filter((c) => c.members.length > 1).length);
  });

  it('put police vehicles kept at the garage and too few police vehicles under one theme, apart as problems', () => {
    const mainOf = (label: string, of: number[]) => {
      const counts = new Map<number, number>();
      set.labels.forEach((given, index) => {
        if (given === label) counts.set(of[index]!, (counts.get(of[index]!) ?? 0) + 1);
      });
      return [...counts].sort((a, b) => b[1] - a[1])[0]![0];
    };
    expect(mainOf('police-vehicles-at-garage', result.clusterOf)).not.toBe(
      mainOf('police-vehicle-shortage', result.clusterOf),
    );
    expect(mainOf('police-vehicles-at-garage', result.themeOf)).toBe(mainOf('police-vehicle-shortage', result.themeOf));
  });
});

describe('themesOf', () => {
  it('joins problems linked by their records’ neighbours, keeps a problem whole, and leaves an unlinked one alone', () => {
    // Problems: 0 = records 0-1, 1 = records 2-3 (both about one subject: linked across), 2 = records 4-5 (another
    // subject), 3 = record 6 (a loner near problem 0), 4 = record 7 (a loner with no neighbours).
    const problemOf = Int32Array.from([0, 0, 1, 1, 2, 2, 3, 4]);
    const link = (index: number, similarity: number) => ({ index, similarity });
    const neighbours = packNeighbours([
      [link(1, 0.5), link(2, 0.4), link(3, 0.4)],
      [link(0, 0.5), link(3, 0.4), link(6, 0.4)],
      [link(3, 0.5), link(0, 0.4), link(1, 0.4)],
      [link(2, 0.5), link(1, 0.4), link(0, 0.4)],
      [link(5, 0.6), link(3, 0.04)],
      [link(4, 0.6)],
      [link(0, 0.4), link(1, 0.4)],
      [],
    ]);
    const options = { ...DEFAULT_THEMES, neighbours: 3, resolution: 1 };
    expect(themesOf(neighbours, problemOf, 5, 0.05, options)).toEqual([[0, 1, 3], [2], [4]]);
    // A link weaker than the threshold joins nothing; one past the number of neighbours read neither.
    expect(themesOf(neighbours, problemOf, 5, 0.05, { ...options, neighbours: 1 })).not.toContainEqual([0, 1, 3]);
  });
});
