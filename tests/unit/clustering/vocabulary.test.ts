import { describe, expect, it } from 'vitest';
import {
  buildFeatureSpace,
  isWordFeature,
  storedVocabulary,
  vectorInSpace,
  vocabularyFromStored,
  vocabularyOf,
  vocabularyWithout,
} from '../../../src/domain/clustering/features.ts';
import { DEFAULT_CLUSTERING } from '../../../src/domain/clustering/cluster-records.ts';
import { similarAmong, tellingWordsOf } from '../../../src/domain/clustering/placement.ts';
import { loadLabelledSet, taxonomy } from '../../support/clustering-fixtures.ts';

const set = loadLabelledSet('cbm-local-issues');
const space = buildFeatureSpace(set.records, DEFAULT_CLUSTERING.features, taxonomy.ancestorsOf);
const draft = { ...set.records[0]!, key: 'draft' };

describe("a clustering run's vocabulary", () => {
  it('weighs a record as the space it came from does, after a round trip through JSON', () => {
    const stored = JSON.parse(JSON.stringify(storedVocabulary(vocabularyOf(space))));
    const vocabulary = vocabularyFromStored(stored);
    const weights = DEFAULT_CLUSTERING.features;
    expect(vectorInSpace(vocabulary, draft, weights, taxonomy.ancestorsOf)).toEqual(
      vectorInSpace(space, draft, weights, taxonomy.ancestorsOf),
    );
    const found = similarAmong(
      { space: vocabulary, options: DEFAULT_CLUSTERING, ancestorsOf: taxonomy.ancestorsOf },
      draft,
      set.records,
      3,
    );
    expect(found[0]).toMatchObject({ record: 0 });
    expect(found[0]!.similarity).toBeCloseTo(1, 6);
  });

  it('names the telling words of a text, rarest first, leaving out common and unknown words', () => {
    const words = tellingWordsOf(space, `${draft.title} ${draft.description} zzyzxqa`);
    expect(words.length).toBeGreaterThan(0);
    expect(words).not.toContain('zzyzxqa');
    const frequencies = words.map((word) => {
      const id = space.names.findIndex((_, index) => space.shownAs[index] === word);
      return id < 0 ? null : space.documentFrequency[id]!;
    });
    const known = frequencies.filter((frequency) => frequency !== null);
    expect(known).toEqual([...known].sort((a, b) => a - b));
    expect(known.every((frequency) => frequency < Math.max(3, space.recordCount / 30))).toBe(true);
    // The word most records hold tells nothing.
    const commonest = space.names.reduce(
      (best, name, id) =>
        isWordFeature(name) && space.documentFrequency[id]! > space.documentFrequency[best]! ? id : best,
      0,
    );
    expect(space.documentFrequency[commonest]).toBeGreaterThan(space.recordCount / 30);
    expect(tellingWordsOf(space, space.shownAs[commonest]!)).toEqual([]);
  });

  it('forgets every word of what a redaction removed, as a stem and as written, and the lines that hold it', () => {
    const stored = {
      names: ['dlamini', 'queue', 'clinic'],
      shownAs: ['dlamini', 'queue', 'clinics'],
      documentFrequency: [1, 40, 90],
      recordCount: 200,
      boilerplate: ['Reported by Sister Dlamini', 'Sent from my phone'],
    };
    expect(vocabularyWithout(stored, ['Sister Dlamini'])).toEqual({
      names: ['queue', 'clinic'],
      shownAs: ['queue', 'clinics'],
      documentFrequency: [40, 90],
      recordCount: 200,
      boilerplate: ['Sent from my phone'],
    });
    expect(vocabularyWithout(stored, ['082 555 1234'])).toEqual(stored);
  });
});
