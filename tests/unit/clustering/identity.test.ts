import { describe, expect, it } from 'vitest';
import { suggestDepartment } from '../../../src/domain/clustering/department-suggestion.ts';
import { matchEarlierClusters, matchEarlierThemes, settleGroups } from '../../../src/domain/clustering/identity.ts';

describe('matchEarlierClusters', () => {
  it('gives a found cluster the id of the earlier one it shares most members with', () => {
    const earlier = [
      { id: 'vans', members: ['a', 'b', 'c', 'd'] },
      { id: 'pills', members: ['e', 'f', 'g'] },
    ];
    expect(
      matchEarlierClusters(earlier, [
        ['e', 'f', 'x'],
        ['a', 'b', 'c', 'y', 'z'],
        ['q', 'r'],
      ]),
    ).toEqual(['pills', 'vans', null]);
  });

  it('lends each earlier id once, to the strongest overlap', () => {
    const earlier = [{ id: 'vans', members: ['a', 'b', 'c', 'd'] }];
    expect(
      matchEarlierClusters(earlier, [
        ['a', 'b'],
        ['a', 'b', 'c'],
      ]),
    ).toEqual([null, 'vans']);
  });

  it('keeps no id when neither side holds a majority of shared members', () => {
    const earlier = [{ id: 'big', members: ['a', 'b', 'c', 'd', 'e', 'f'] }];
    expect(matchEarlierClusters(earlier, [['a', 'x', 'y']])).toEqual([null]);
  });

  it('lends no small earlier cluster’s id to a large, different cluster that took a few of its members', () => {
    // Two of the three medicines issues were put with ten police-vehicle issues that stood alone before: the
    // found cluster is about police vehicles, and the medicines cluster's address must not move to it.
    const earlier = [{ id: 'medicines', members: ['m1', 'm2', 'm3'] }];
    const police = ['m1', 'm2', ...Array.from({ length: 10 }, (_, n) => `p${n}`)];
    expect(matchEarlierClusters(earlier, [police])).toEqual([null]);
  });

  it('gives an earlier id only where the shared members are a majority of both clusters', () => {
    const earlier = [
      { id: 'vans', members: ['a', 'b', 'c', 'd'] },
      { id: 'pills', members: ['e', 'f'] },
    ];
    // Most of vans, and most of the found cluster: kept. Pills' members went to a cluster mostly of vans.
    expect(matchEarlierClusters(earlier, [['a', 'b', 'c', 'e', 'f']])).toEqual(['vans']);
    // A cluster that grew by more than its earlier members is another cluster.
    expect(matchEarlierClusters(earlier, [['a', 'b', 'c', 'x', 'y', 'z']])).toEqual([null]);
  });
});

describe('matchEarlierThemes', () => {
  it('keeps a theme’s id by the issues it shares with an earlier theme, as clusters keep theirs', () => {
    const earlier = [
      { id: 'police-vehicles', members: ['g1', 'g2', 'g3', 's1', 's2'] },
      { id: 'medicines', members: ['m1', 'm2'] },
    ];
    const found = [
      ['g1', 'g2', 'g3', 's1', 'n1'],
      ['m1', 'x1', 'x2', 'x3'],
    ];
    expect(matchEarlierThemes(earlier, found)).toEqual(['police-vehicles', null]);
  });
});

describe('settleGroups', () => {
  it('leaves pinned issues where they are and brings a group’s loose issues to the cluster its pinned ones sit in', () => {
    const settled = settleGroups(
      [
        ['a', 'b', 'n1'],
        ['n2', 'n3'],
        ['a2', 'n4'],
      ],
      [
        { issue: 'a', cluster: 'C' },
        { issue: 'b', cluster: 'C' },
        { issue: 'a2', cluster: 'D' },
      ],
    );
    expect(settled.free).toEqual([['n2', 'n3']]);
    expect(Object.fromEntries(settled.joining)).toEqual({ C: ['n1'], D: ['n4'] });
  });
});

describe('suggestDepartment', () => {
  const departments = [
    { id: 'saps', sector: 'policing', sphere: 'national' as const, province: null },
    { id: 'health-mp', sector: 'health', sphere: 'provincial' as const, province: 'mpumalanga' },
    { id: 'health-nat', sector: 'health', sphere: 'national' as const, province: null },
  ];
  const member = (overrides = {}) => ({
    routedDepartmentIds: [],
    facilityDepartmentId: 'health-mp',
    facilitySector: 'health',
    rootCauseLevels: [],
    ...overrides,
  });

  it('suggests the department responsible for the facilities, with how many issues point to it and why', () => {
    expect(suggestDepartment([member(), member()], departments)).toEqual({
      departmentId: 'health-mp',
      pointingIssues: 2,
      memberCount: 2,
      reasons: ['2 of the 2 issues point to it', 'it is responsible for the facilities of 2 issue(s)'],
    });
  });

  it('lets tags’ routing hints outweigh the facilities when two issues carry them', () => {
    const routed = member({ routedDepartmentIds: ['health-nat'] });
    expect(suggestDepartment([routed, routed, member()], departments)?.departmentId).toBe('health-nat');
  });

  it('suggests no owner from one issue alone, however strongly it points', () => {
    const routed = member({ routedDepartmentIds: ['social-dev'], facilityDepartmentId: null });
    expect(suggestDepartment([routed], departments)).toBeNull();
    // One routed issue among others does not carry the cluster: the facilities' department does.
    expect(suggestDepartment([routed, member(), member()], departments)?.departmentId).toBe('health-mp');
  });

  it('needs at least a third of the members to point to the owner', () => {
    const routed = member({ routedDepartmentIds: ['social-dev'], facilityDepartmentId: null });
    const elsewhere = (n: number) => member({ facilityDepartmentId: `dept-${n}` });
    const scattered = [routed, routed, ...Array.from({ length: 5 }, (_, n) => elsewhere(n))];
    expect(suggestDepartment(scattered, departments)).toBeNull();
    expect(
      suggestDepartment([routed, routed, ...Array.from({ length: 4 }, (_, n) => elsewhere(n))], departments),
    ).toMatchObject({ departmentId: 'social-dev', pointingIssues: 2, memberCount: 6 });
  });

  it('favours the national department of the sector when issues give a root cause at national level', () => {
    const national = member({ rootCauseLevels: ['national'] });
    expect(suggestDepartment([national, national, member()], departments)).toMatchObject({
      departmentId: 'health-nat',
      reasons: ['2 of the 3 issues point to it', '2 issue(s) give a root cause at national level'],
    });
    expect(suggestDepartment([national, member()], departments)?.departmentId).toBe('health-mp');
  });

  it('suggests nothing when nothing points anywhere', () => {
    expect(suggestDepartment([member({ facilityDepartmentId: null, facilitySector: null })], departments)).toBeNull();
  });
});
