import { describe, expect, it } from 'vitest';
import {
  indexTerms,
  nameRefusal,
  resolveSlug,
  slugRefusal,
  synonymRefusal,
} from '../../../src/domain/taxonomy/terms.ts';
import { aTagNode, sampleTaxonomy } from '../../fixtures/taxonomy.ts';

const index = () => indexTerms(sampleTaxonomy());

describe('synonymRefusal', () => {
  it('accepts a word no tag answers to', () => {
    expect(synonymRefusal(index(), 'patrol car', 'id-vehicles')).toBeNull();
  });

  it.each([
    ['bakkie', 'a synonym of Vehicles (vehicles)'],
    ['too few vehicles', 'the name of Too few vehicles (vehicle-shortage)'],
    ['stock-out', 'the slug of Medicine stock-out (stock-out)'],
    ['garage-delays', 'a former slug of Vehicle maintenance turnaround (maintenance-turnaround)'],
  ])('refuses "%s", which another live tag answers to', (term, holder) => {
    expect(synonymRefusal(index(), term, 'id-health')).toBe(`"${term}" is already ${holder}`);
  });

  it('refuses a word the tag itself already answers to', () => {
    expect(synonymRefusal(index(), 'police van', 'id-vehicles')).toBe('"police van" is already a synonym of this tag');
    expect(synonymRefusal(index(), 'vehicles', 'id-vehicles')).toMatch(/the slug of this tag/);
  });

  it('frees the words of a merged tag, apart from its slug', () => {
    // "Out of stock" was merged into stock-out: its name may be given to a live tag again.
    expect(synonymRefusal(index(), 'out of stock', 'id-stock-out')).toBeNull();
  });
});

describe('nameRefusal', () => {
  it('refuses a name that another tag answers to, in any case', () => {
    expect(nameRefusal(index(), 'Police Van', 'id-health')).toBe(
      '"Police Van" is already a synonym of Vehicles (vehicles)',
    );
  });

  it('lets a tag keep or re-case its own name', () => {
    expect(nameRefusal(index(), 'VEHICLES', 'id-vehicles')).toBeNull();
  });
});

describe('slugRefusal', () => {
  it('refuses the slug or former slug of another tag, live or merged', () => {
    expect(slugRefusal(index(), 'vehicles', null)).toMatch(/"vehicles" is the slug of Vehicles; old links/);
    expect(slugRefusal(index(), 'garage-delays', 'id-vehicles')).toMatch(/a former slug of Vehicle maintenance/);
    expect(slugRefusal(index(), 'out-of-stock', 'id-health')).toMatch(/Out of stock, which was merged/);
  });

  it('lets a tag take back one of its former slugs', () => {
    expect(slugRefusal(index(), 'garage-delays', 'id-maintenance-turnaround')).toBeNull();
  });

  it('keeps the slug of a merged tag with its row, even for the tag it went into', () => {
    expect(slugRefusal(index(), 'out-of-stock', 'id-stock-out')).toMatch(/Out of stock, which was merged/);
  });

  it('refuses a slug that another tag answers to as a synonym', () => {
    const tags = [...sampleTaxonomy(), aTagNode('clinics', { synonyms: ['waiting-room'] })];
    expect(slugRefusal(indexTerms(tags), 'waiting-room', null)).toMatch(/a synonym of Clinics/);
  });

  it('checks the form of the slug first', () => {
    expect(slugRefusal(index(), 'Not A Slug', null)).toMatch(/small letters/);
  });
});

describe('resolveSlug', () => {
  it('follows former slugs and merges to the live tag', () => {
    expect(resolveSlug(index(), 'garage-delays')?.slug).toBe('maintenance-turnaround');
    expect(resolveSlug(index(), 'out-of-stock')?.slug).toBe('stock-out');
    expect(resolveSlug(index(), 'no-such-tag')).toBeNull();
  });

  it('follows a chain of merges', () => {
    const tags = [aTagNode('a', { mergedIntoId: 'id-b' }), aTagNode('b', { mergedIntoId: 'id-c' }), aTagNode('c')];
    expect(resolveSlug(indexTerms(tags), 'a')?.slug).toBe('c');
  });
});
