import { describe, expect, it } from 'vitest';
import { attachLoners, keepCohesiveMembers, lexicalSimilarity } from '../../../src/domain/clustering/cohesion.ts';
import { buildFeatureSpace, dot, titleCutFromDescription } from '../../../src/domain/clustering/features.ts';
import { parseInputRecord } from '../../../src/domain/clustering/input-records.ts';
import { buildInvertedIndex, findNeighbours, toSearchSpace } from '../../../src/domain/clustering/neighbours.ts';
import { growthOf, spreadOf } from '../../../src/domain/clustering/spread.ts';
import { taxonomyLookup } from '../../../src/domain/clustering/taxonomy-lookup.ts';
import { judgeEscalation } from '../../../src/domain/clustering/escalation-rule.ts';
import { aClusterRecord } from '../../support/clustering-fixtures.ts';

const aRecord = aClusterRecord;
const noAncestors = () => [];
const weights = { title: 2, tags: 0.15, rootCauses: 0.1 };

describe('buildFeatureSpace', () => {
  it('weighs a rare word above a common one, and reads word forms alike', () => {
    const space = buildFeatureSpace(
      [
        aRecord('a', 'Police vehicles wait at the garage'),
        aRecord('b', 'Police vehicle at the garage'),
        aRecord('c', 'Police station has no water'),
      ],
      weights,
      noAncestors,
    );
    const [a, b, c] = space.vectors;
    expect(dot(a!, b!)).toBeGreaterThan(0.6);
    expect(dot(a!, c!)).toBeLessThan(0.2);
    const weightOf = (name: string) => a!.weights[[...a!.ids].indexOf(space.names.indexOf(name))]!;
    expect(weightOf('garag')).toBeGreaterThan(weightOf('polic'));
    expect(space.shownAs[space.names.indexOf('vehicl')]).toMatch(/^vehicles?$/);
  });

  it('counts a tag as its ancestors too, so that two children of one parent share something', () => {
    const ancestorsOf = (tag: string) => (tag === 'garage-delays' || tag === 'vehicle-shortage' ? ['vehicles'] : []);
    const space = buildFeatureSpace(
      [aRecord('a', 'One', { tags: ['garage-delays'] }), aRecord('b', 'Two', { tags: ['vehicle-shortage'] })],
      weights,
      ancestorsOf,
    );
    expect(dot(space.vectors[0]!, space.vectors[1]!)).toBeGreaterThan(0);
  });
});

describe('a title made from its description', () => {
  it('is its start cut short or the whole of it, in any case; a title of its own is not', () => {
    expect(titleCutFromDescription('The van is always at …', 'The van is always at the garage')).toBe(true);
    expect(titleCutFromDescription('the VAN is always...', 'The van is always at the garage')).toBe(true);
    expect(titleCutFromDescription('Long wait', ' Long wait ')).toBe(true);
    expect(titleCutFromDescription('The van', 'The van is always at the garage')).toBe(false);
    expect(titleCutFromDescription('Garage delays …', 'The van is always at the garage')).toBe(false);
    expect(titleCutFromDescription('', 'The van is always at the garage')).toBe(false);
  });

  it('counts its words once: the record reads as its description alone', () => {
    const description = 'The police van is always at the garage for repairs';
    const space = buildFeatureSpace(
      [
        aRecord('a', 'The police van is always …', { description }),
        aRecord('b', '', { description }),
        aRecord('c', 'Garage delays', { description: 'Vehicles wait for months' }),
      ],
      weights,
      noAncestors,
    );
    const [a, b] = space.vectors;
    expect(dot(a!, b!)).toBeCloseTo(1, 10);
  });
});

describe('findNeighbours', () => {
  it('finds a record’s nearest neighbours through the index, best first, never itself', () => {
    const records = [
      aRecord('a', 'Clinic ran out of insulin'),
      aRecord('b', 'No insulin at the clinic again'),
      aRecord('c', 'Insulin shortage'),
      aRecord('d', 'Streetlights broken on Main Road'),
    ];
    const space = buildFeatureSpace(records, weights, noAncestors);
    const options = {
      neighbours: 2,
      queryFeatures: 8,
      maxDocumentShare: 1,
      postingsPerFeature: 100,
      candidates: 10,
      minSimilarity: 0.01,
    };
    const packed = toSearchSpace(space);
    const lists = findNeighbours(packed, buildInvertedIndex(packed, 100), options);
    expect(lists[0]!.map((neighbour) => records[neighbour.index]!.key)).toEqual(['b', 'c']);
    expect(lists[3]).toEqual([]);
    for (const [index, list] of lists.entries()) expect(list.map((neighbour) => neighbour.index)).not.toContain(index);
  });
});

describe('keepCohesiveMembers and attachLoners', () => {
  const space = buildFeatureSpace(
    [
      aRecord('a', 'Clinic ran out of insulin'),
      aRecord('b', 'No insulin at the clinic'),
      aRecord('c', 'Insulin out of stock at the clinic'),
      aRecord('d', 'Streetlights broken on Main Road'),
    ],
    weights,
    noAncestors,
  );

  it('takes a member that shares nothing with the rest out of its group', () => {
    const groups = keepCohesiveMembers(lexicalSimilarity(space.vectors), [[0, 1, 2, 3]], 0.1);
    expect(groups.map((group) => [...group].sort())).toEqual([[3], [0, 1, 2]]);
  });

  it('lets a lone record join the cluster of a neighbour it is similar enough to, and no other', () => {
    const neighbours = [[], [], [{ index: 0, similarity: 0.5 }], [{ index: 0, similarity: 0.01 }]];
    const groups = attachLoners(lexicalSimilarity(space.vectors), neighbours, [[0, 1], [2], [3]], 0.1);
    expect(groups).toEqual([[0, 1, 2], [3]]);
  });
});

describe('parseInputRecord', () => {
  const { resolveTag } = taxonomyLookup([
    { slug: 'stock-out', parent: 'medicines', name: 'Stock-out', synonyms: ['no medication'], aliases: [] },
  ]);

  it('reads the import format’s columns and a synonym as its tag', () => {
    const parsed = parseInputRecord(
      {
        external_ref: 'KOBO-1',
        title: 'No pills',
        tags: 'no medication|other',
        root_causes: 'provincial:supply_chain:Orders wait at the depot',
        facility_code: 'KIC-1',
        facilitytype: 'clinic',
      },
      'k',
      resolveTag,
    );
    expect(parsed).toMatchObject({
      ok: true,
      value: {
        id: 'KOBO-1',
        record: {
          tags: ['stock-out', 'other'],
          rootCauseCategories: ['supply_chain'],
          rootCauseLevels: ['provincial'],
        },
        spread: { facility: 'KIC-1', sector: 'health' },
      },
    });
  });

  it('keeps a numeric id a number and joins description and text', () => {
    const parsed = parseInputRecord({ id: 7, description: 'Water off', text: 'since Monday' }, 'k', resolveTag);
    expect(parsed).toMatchObject({ ok: true, value: { id: 7, record: { description: 'Water off\n\nsince Monday' } } });
  });

  it('refuses a record without an id, or with tags of the wrong type, saying what is wrong', () => {
    expect(parseInputRecord({ title: 'x' }, 'k', resolveTag)).toEqual({
      ok: false,
      problem: '"id" is required: a string or a number',
    });
    expect(parseInputRecord({ id: 1, tags: 5 }, 'k', resolveTag)).toEqual({
      ok: false,
      problem: '"tags" must be a list or text',
    });
  });
});

describe('spreadOf and judgeEscalation', () => {
  const members = [
    { facility: 'A', province: 'gauteng', sector: 'policing', peopleAffected: 12, raisedOn: '2026-11-20' },
    { facility: 'B', province: 'limpopo', sector: 'policing', peopleAffected: 5, raisedOn: '2026-07-01' },
    { facility: 'C', province: 'limpopo', sector: 'policing', peopleAffected: null, raisedOn: '2025-01-02' },
  ];

  it('counts facilities, provinces, people and growth over the last 90 days', () => {
    expect(spreadOf(members, '2026-12-01')).toMatchObject({
      issues: 3,
      facilities: 3,
      provinces: 2,
      sectors: 1,
      peopleAffected: 17,
      firstSeen: '2025-01-02',
      lastSeen: '2026-11-20',
      raisedLast90Days: 1,
      raisedPrevious90Days: 1,
      hasNationalRootCause: false,
    });
  });

  it('counts growth on the day asked: the last 90 days are today and the 89 before', () => {
    // 89, 90, 179 and 180 days before 1 December 2026.
    expect(growthOf(['2026-09-03', '2026-09-02', '2026-06-05', '2026-06-04'], '2026-12-01')).toEqual({
      raisedLast90Days: 1,
      raisedPrevious90Days: 2,
    });
    expect(growthOf(['2026-09-02', '2026-09-03'], '2027-06-01')).toEqual({
      raisedLast90Days: 0,
      raisedPrevious90Days: 0,
    });
  });

  it('proposes escalation by the rule given: 3 facilities in 2 provinces, or one national root cause', () => {
    const loose = {
      minFacilities: 3,
      minProvinces: 2,
      nationalRootCauseSuffices: true,
      nationalRootCauseMinFacilities: 1,
    };
    expect(judgeEscalation(spreadOf(members, '2026-12-01'), loose)).toEqual({
      isCandidate: true,
      reasons: ['3 facilities in 2 provinces'],
    });
    const one = spreadOf([{ ...members[0]!, rootCauseLevels: ['national'] }], '2026-12-01');
    expect(judgeEscalation(one, loose)).toEqual({ isCandidate: true, reasons: ['a national-level root cause'] });
    expect(judgeEscalation(one, { ...loose, nationalRootCauseSuffices: false })).toEqual({
      isCandidate: false,
      reasons: [],
    });
  });
});
