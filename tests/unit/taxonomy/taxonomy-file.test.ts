import { describe, expect, it } from 'vitest';
import taxonomy from '../../../content/taxonomy.json' with { type: 'json' };
import {
  planFileSynonyms,
  planTaxonomySeed,
  taxonomyFileProblems,
  toTaxonomyFile,
  type StoredTag,
  type TaxonomyFileTag,
} from '../../../src/domain/taxonomy/taxonomy-file.ts';
import { aTagNode, sampleTaxonomy } from '../../fixtures/taxonomy.ts';

const aFileTag = (slug: string, overrides: Partial<TaxonomyFileTag> = {}): TaxonomyFileTag => ({
  slug,
  name: slug.replaceAll('-', ' '),
  parent: null,
  description: `Everything about ${slug}.`,
  synonyms: [],
  routesTo: null,
  aliases: [],
  ...overrides,
});
const newId = (slug: string) => `new-${slug}`;

describe('taxonomyFileProblems', () => {
  it('finds nothing wrong with the committed taxonomy', () => {
    expect(taxonomyFileProblems(taxonomy.tags)).toEqual([]);
  });

  it('finds duplicates, parents out of order and words that lead to two tags', () => {
    const problems = taxonomyFileProblems([
      aFileTag('vehicles', { parent: 'resources', synonyms: ['Bakkie'] }),
      aFileTag('resources', { aliases: ['vehicles'] }),
      aFileTag('resources'),
      aFileTag('transport', { synonyms: ['bakkie'] }),
      aFileTag('new'),
    ]);
    expect(problems).toEqual([
      'tag vehicles: parent resources is not defined before it',
      'tag resources: alias vehicles is also the slug of vehicles',
      'tag resources: the slug is also the slug of resources',
      'tag new: Choose another slug: "new" is the address of another page',
      '"vehicles" leads to more than one tag: vehicles, resources',
      '"bakkie" leads to more than one tag: vehicles, transport',
    ]);
  });
});

describe('taxonomyFileProblems for words told apart only by punctuation', () => {
  it('finds two tags whose words forms would read as one', () => {
    const problems = taxonomyFileProblems([
      aFileTag('stock-out', { synonyms: ['stock outs'] }),
      aFileTag('shortages', { synonyms: ['Stock-Outs'] }),
    ]);
    expect(problems).toEqual([
      '"stock outs" leads to more than one tag, however it is punctuated: stock-out, shortages',
    ]);
  });
});

describe('planFileSynonyms', () => {
  it('adds no synonym another tag holds written with other punctuation', () => {
    const existing = [aTagNode('stock-out'), aTagNode('shortages', { synonyms: ['stock-outs'] })];
    const file = [aFileTag('stock-out', { synonyms: ['Stock outs', 'no tablets'] })];
    expect(planFileSynonyms(file, existing, new Set())).toEqual([{ tagId: 'id-stock-out', term: 'no tablets' }]);
  });
});

describe('toTaxonomyFile', () => {
  const stored = (): StoredTag[] =>
    sampleTaxonomy().map((tag) => ({ ...tag, description: `About ${tag.name}.`, routesTo: null }));

  it('lists the live tags in tree order with their parents as slugs', () => {
    const file = toTaxonomyFile(stored());
    expect(file.tags.map((tag) => `${tag.parent ?? '-'}>${tag.slug}`)).toEqual([
      '->health',
      'health>medicines',
      'medicines>stock-out',
      '->resources',
      'resources>vehicles',
      'vehicles>vehicle-shortage',
      'vehicles>maintenance-turnaround',
    ]);
  });

  it("keeps a merged tag's slug as a former slug of the tag it went into, and sorts the words", () => {
    const file = toTaxonomyFile(stored());
    expect(file.tags.find((tag) => tag.slug === 'stock-out')).toMatchObject({ aliases: ['out-of-stock'] });
    expect(file.tags.find((tag) => tag.slug === 'vehicles')).toMatchObject({ synonyms: ['bakkie', 'police van'] });
  });

  it('writes a file that passes its own checks', () => {
    expect(taxonomyFileProblems(toTaxonomyFile(stored()).tags)).toEqual([]);
  });
});

describe('planTaxonomySeed', () => {
  it('creates every tag of an empty database, children under their new parents', () => {
    const plan = planTaxonomySeed(
      [aFileTag('resources'), aFileTag('vehicles', { parent: 'resources', synonyms: [' Police Van'] })],
      [],
      newId,
    );
    expect(plan.create).toMatchObject([
      { id: 'new-resources', parentId: null },
      { id: 'new-vehicles', parentId: 'new-resources', synonyms: ['police van'] },
    ]);
    expect(plan.notes).toEqual([]);
  });

  it('leaves a renamed, moved or merged tag alone and resolves its old slug', () => {
    const existing = [
      aTagNode('resources'),
      // Renamed from "vehicles" and moved to the top level by an analyst.
      aTagNode('fleet', { aliases: ['vehicles'] }),
      aTagNode('old-vans', { mergedIntoId: 'id-fleet' }),
    ];
    const file = [
      aFileTag('resources'),
      aFileTag('vehicles', { parent: 'resources', name: 'Vehicles' }),
      aFileTag('old-vans', { parent: 'vehicles' }),
    ];
    const plan = planTaxonomySeed(file, existing, newId);
    expect(plan.create).toEqual([]);
    expect(Object.fromEntries(plan.tagIdBySlug)).toEqual({
      resources: 'id-resources',
      vehicles: 'id-fleet',
      'old-vans': 'id-fleet',
    });
  });

  it('puts a new tag under the tag its parent slug leads to now', () => {
    const existing = [aTagNode('fleet', { aliases: ['vehicles'] })];
    const plan = planTaxonomySeed([aFileTag('vehicles'), aFileTag('tyres', { parent: 'vehicles' })], existing, newId);
    expect(plan.create).toMatchObject([{ slug: 'tyres', parentId: 'id-fleet' }]);
  });

  it('leaves out a synonym another tag already answers to, and says so', () => {
    const existing = [aTagNode('fleet', { synonyms: ['bakkie'] })];
    const plan = planTaxonomySeed([aFileTag('tyres', { synonyms: ['Bakkie', 'flat tyre'] })], existing, newId);
    expect(plan.create).toMatchObject([{ slug: 'tyres', synonyms: ['flat tyre'] }]);
    expect(plan.notes).toEqual(['tyres: left out the synonym "bakkie", which leads to fleet']);
  });
});
