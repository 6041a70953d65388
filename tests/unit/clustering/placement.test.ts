import { beforeAll, describe, expect, it } from 'vitest';
import { clusterRecords } from '../../../src/domain/clustering/cluster-records.ts';
import { DEFAULT_CLUSTERING, themeNeighboursOf } from '../../../src/domain/clustering/cluster-records.ts';
import {
  createPlacementIndex,
  joinCluster,
  placementIndexSteps,
  placeRecord,
  similarAmong,
  type PlacementIndex,
} from '../../../src/domain/clustering/placement.ts';
import { vectorInSpace } from '../../../src/domain/clustering/features.ts';
import { loadLabelledSet, taxonomy, type LabelledSet } from '../../support/clustering-fixtures.ts';

describe('placing new records into existing clusters', () => {
  let set: LabelledSet;
  let held: number[];
  let kept: number[];
  let index: PlacementIndex;
  beforeAll(async () => {
    set = loadLabelledSet('cbm-local-issues');
    // Every tenth record arrives later; the rest are clustered first.
    held = set.records.map((_, i) => i).filter((i) => i % 10 === 0);
    kept = set.records.map((_, i) => i).filter((i) => i % 10 !== 0);
    const result = await clusterRecords(
      kept.map((i) => set.records[i]!),
      taxonomy.ancestorsOf,
    );
    index = createPlacementIndex(
      kept.map((i) => set.records[i]!),
      result.clusterOf,
      taxonomy.ancestorsOf,
      DEFAULT_CLUSTERING,
    );
  });

  /** The label most members of a placement index cluster carry. */
  const labelOfCluster = (cluster: number) => {
    const counts = new Map<string, number>();
    index.clusterOf.forEach((c, record) => {
      if (c === cluster) counts.set(set.labels[kept[record]!]!, (counts.get(set.labels[kept[record]!]!) ?? 0) + 1);
    });
    return [...counts].sort((a, b) => b[1] - a[1])[0]![0];
  };

  it('builds the same index in steps, so that a server can answer other requests between them', () => {
    const records = [...kept, ...kept, ...kept].map((i) => set.records[i]!);
    const clusterOf = records.map((_, record) => index.clusterOf[record % kept.length]!);
    const steps = placementIndexSteps(records, clusterOf, taxonomy.ancestorsOf, DEFAULT_CLUSTERING);
    let taken = 0;
    let step = steps.next();
    for (; !step.done; step = steps.next()) taken += 1;
    // At least one step per 500 records read and per 500 weighed, one for the search space.
    expect(taken).toBeGreaterThanOrEqual(2 * Math.floor(records.length / 500) + 1);
    const inOneGo = createPlacementIndex(records, clusterOf, taxonomy.ancestorsOf, DEFAULT_CLUSTERING);
    expect(step.value.clusters).toEqual(inOneGo.clusters);
    expect(step.value.search).toEqual(inOneGo.search);
    const probe = set.records[held[0]!]!;
    expect(placeRecord(step.value, probe)).toEqual(placeRecord(inOneGo, probe));
  });

  it('puts most late records of a recurring problem into a cluster of that problem', () => {
    const recurring = held.filter((i) => !set.labels[i]!.startsWith('solo-'));
    const right = recurring.filter((i) => {
      const placement = placeRecord(index, set.records[i]!);
      return placement.cluster !== null && labelOfCluster(placement.cluster) === set.labels[i];
    });
    // Measured when the placement was written: 34 of the 42 late records of recurring problems (81%).
    expect(right.length / recurring.length).toBeGreaterThanOrEqual(0.75);
  });

  it('compares a draft with records the index does not hold, best first, with the words they share', () => {
    const later = held.map((i) => set.records[i]!);
    const draft = { ...later[0]!, key: 'draft' };
    const found = similarAmong(index, draft, later, 5);
    // The record itself, among the others, is the closest (not at 1 when it holds words the index has
    // never seen: they count in its length but match nothing).
    expect(found[0]).toMatchObject({ record: 0 });
    expect(found[0]!.similarity).toBeGreaterThan(0.5);
    expect(found[0]!.sharedTerms.length).toBeGreaterThan(0);
    const similarities = found.map((similar) => similar.similarity);
    expect(similarities).toEqual([...similarities].sort((a, b) => b - a));
    expect(found.every((similar) => similar.similarity >= 0.05)).toBe(true);
  });

  it('names the most similar records with the words they share, best first', () => {
    const placement = placeRecord(index, set.records[held[0]!]!);
    expect(placement.similar.length).toBeGreaterThan(0);
    const similarities = placement.similar.map((similar) => similar.similarity);
    expect(similarities).toEqual([...similarities].sort((a, b) => b - a));
    expect(placement.similar[0]!.sharedTerms.length).toBeGreaterThan(0);
  });

  it('leaves a record that shares nothing alone', () => {
    const stranger = { ...set.records[0]!, key: 'x', title: 'Quantum chromodynamics lecture notes', description: '' };
    expect(
      placeRecord(index, {
        ...stranger,
        tags: [],
        rootCauseStatements: [],
        rootCauseCategories: [],
        rootCauseLevels: [],
      }),
    ).toMatchObject({
      cluster: null,
      similar: [],
    });
  });

  it('counts a joined record in its cluster, so the next placement sees it', () => {
    const late = held.map((i) => set.records[i]!).find((record) => placeRecord(index, record).cluster !== null)!;
    const { cluster } = placeRecord(index, late);
    const before = index.clusters.get(cluster!)!;
    const [size, similarity] = [before.size, placeRecord(index, late).similarity];
    joinCluster(index, late, cluster!);
    expect(index.clusters.get(cluster!)!.size).toBe(size + 1);
    // Now part of the sum, the same record looks more like its cluster than before.
    expect(placeRecord(index, late).similarity).toBeGreaterThan(similarity);
  });
});

describe('placing a new record in a problem and a theme at once', () => {
  let set: LabelledSet;
  let held: number[];
  let kept: number[];
  let themed: PlacementIndex;
  let problemsOnly: PlacementIndex;
  beforeAll(async () => {
    set = loadLabelledSet('cbm-local-issues');
    held = set.records.map((_, i) => i).filter((i) => i % 10 === 0);
    kept = set.records.map((_, i) => i).filter((i) => i % 10 !== 0);
    const records = kept.map((i) => set.records[i]!);
    const result = await clusterRecords(records, taxonomy.ancestorsOf);
    const index = (themeOf: number[] | null) =>
      createPlacementIndex(records, result.clusterOf, taxonomy.ancestorsOf, DEFAULT_CLUSTERING, themeOf);
    themed = index(result.themeOf);
    problemsOnly = index(null);
  });

  const themeOfCluster = (cluster: number) => themed.themeOfCluster!.get(cluster);

  it('gives a record that joins a problem that problem’s theme, and the problem it gets without themes', () => {
    const joining = held.filter((i) => placeRecord(themed, set.records[i]!).cluster !== null);
    expect(joining.length).toBeGreaterThan(held.length / 2);
    for (const i of held) {
      const placement = placeRecord(themed, set.records[i]!);
      expect({ ...placement, theme: null }).toEqual(placeRecord(problemsOnly, set.records[i]!));
      if (placement.cluster !== null) expect(placement.theme).toBe(themeOfCluster(placement.cluster));
    }
  });

  it('gives a record that stands alone the theme most of its linked neighbours’ problems belong to, the nearest of a tie', () => {
    const themes = DEFAULT_CLUSTERING.themes!;
    const alone = held.filter((i) => placeRecord(themed, set.records[i]!).cluster === null);
    expect(alone.length).toBeGreaterThan(0);
    for (const i of alone) {
      const record = set.records[i]!;
      const vector = vectorInSpace(themed.space, record, DEFAULT_CLUSTERING.features, taxonomy.ancestorsOf);
      const votes = new Map<number, number>();
      const links = themeNeighboursOf(themed.clusterOf.length, themes);
      for (const neighbour of themed.searcher.neighboursOf(vector, -1, links, null)) {
        if (neighbour.similarity < themes.edgeThreshold) continue;
        const theme = themeOfCluster(themed.clusterOf[neighbour.index]!)!;
        votes.set(theme, (votes.get(theme) ?? 0) + 1);
      }
      // Most links; of as many, the theme met first (its neighbour is nearer: a stable sort keeps that order).
      const ranked = [...votes].sort((a, b) => b[1] - a[1]);
      const expected = ranked[0]?.[0] ?? null;
      expect(placeRecord(themed, record).theme).toBe(expected);
    }
    // Most of them have neighbours enough to be given a theme.
    const given = alone.filter((i) => placeRecord(themed, set.records[i]!).theme !== null);
    expect(given.length * 2).toBeGreaterThan(alone.length);
  });

  it('gives a record with no neighbours a theme of its own, and no theme from an index built without themes', () => {
    const stranger = {
      ...set.records[0]!,
      key: 'x',
      title: 'Quantum chromodynamics lecture notes',
      description: '',
      tags: [],
      rootCauseStatements: [],
      rootCauseCategories: [],
      rootCauseLevels: [],
    };
    expect(placeRecord(themed, stranger)).toMatchObject({ cluster: null, theme: null });
    expect(held.map((i) => placeRecord(problemsOnly, set.records[i]!).theme)).toEqual(held.map(() => null));
  });

  it('puts most late records in a theme that holds records of their own problem', () => {
    const recurring = held.filter((i) => !set.labels[i]!.startsWith('solo-'));
    const right = recurring.filter((i) => {
      const { theme } = placeRecord(themed, set.records[i]!);
      return themed.clusterOf.some(
        (cluster, record) => themeOfCluster(cluster) === theme && set.labels[kept[record]!] === set.labels[i],
      );
    });
    // Measured when themes were added to placement: 41 of the 42 late records of recurring problems.
    expect(right.length / recurring.length).toBeGreaterThanOrEqual(0.9);
  });
});
