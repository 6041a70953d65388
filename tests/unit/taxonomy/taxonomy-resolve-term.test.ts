import { describe, expect, it } from 'vitest';
import taxonomy from '../../../content/taxonomy.json' with { type: 'json' };
import {
  resolveTagTerm,
  resolveTagTerms,
  tagVocabulary,
  termKey,
  unresolvedTermReason,
  unresolvedTermSentence,
  type TermResolution,
} from '../../../src/domain/taxonomy/resolve-term.ts';
import { isLive } from '../../../src/domain/taxonomy/tree.ts';
import { sampleTaxonomy } from '../../fixtures/taxonomy.ts';

// The committed taxonomy, as a person types against it (ids are the slugs).
const committed = tagVocabulary(taxonomy.tags.map((tag) => ({ ...tag, id: tag.slug })));
const sample = tagVocabulary(sampleTaxonomy().filter(isLive));

const slugOf = (resolution: TermResolution) => (resolution.kind === 'tag' ? resolution.tag.slug : resolution.kind);
const suggestedSlugs = (resolution: TermResolution) =>
  resolution.kind === 'suggestions' ? resolution.suggestions.map((tag) => tag.slug) : resolution.kind;

describe('resolveTagTerm on the committed taxonomy', () => {
  it.each([
    ['vans', 'vehicles'],
    ['garage', 'maintenance-turnaround'],
    ['vehicle maintenance', 'maintenance-turnaround'],
    ['medicine delivery', 'medicine-delivery'],
    ['queues', 'queues-waiting-times'],
  ])('takes the everyday word "%s" as %s', (typed, slug) => {
    expect(slugOf(resolveTagTerm(committed, typed))).toBe(slug);
  });

  it.each([
    ['VANS', 'vehicles'],
    [' Garage. ', 'maintenance-turnaround'],
    ['Vehicle-Maintenance', 'maintenance-turnaround'],
    ['medicine_delivery', 'medicine-delivery'],
    ['MEDICINE  DELIVERY!', 'medicine-delivery'],
    ['Queues?', 'queues-waiting-times'],
    ['stock out', 'stock-out'],
    ['Stock-Outs', 'stock-out'],
    ['dont trust the police', 'community-trust'],
    ['Police  Van', 'vehicles'],
  ])('takes "%s" as %s whatever its case, punctuation and spacing', (typed, slug) => {
    expect(slugOf(resolveTagTerm(committed, typed))).toBe(slug);
  });

  it('takes every tag by its slug, its name and each synonym', () => {
    for (const tag of taxonomy.tags) {
      for (const word of [tag.slug, tag.name, ...tag.synonyms]) {
        expect(slugOf(resolveTagTerm(committed, word)), word).toBe(tag.slug);
      }
    }
  });

  it('suggests, and does not apply, a tag whose words hold the typed words in another number', () => {
    const resolution = resolveTagTerm(committed, 'ambulance delay');
    expect(resolution).toMatchObject({ kind: 'suggestions', suggestions: [{ slug: 'patient-transport' }] });
    expect(unresolvedTermSentence(resolution as never)).toBe(
      '"ambulance delay" is not a tag. Did you mean "Patient transport and ambulances"?',
    );
  });

  it('lists every tag a word belongs to, those whose name says it first', () => {
    const resolution = resolveTagTerm(committed, 'shortage');
    expect(suggestedSlugs(resolution)).toEqual(['space-shortage', 'staff-shortage', 'vehicle-shortage', 'stock-out']);
    expect(unresolvedTermReason(resolution as never)).toBe(
      '"shortage" is not a tag; did you mean "space-shortage", "staff-shortage", "vehicle-shortage" or "stock-out"?',
    );
  });

  it('refuses a word that resembles no tag, saying what to use', () => {
    const resolution = resolveTagTerm(committed, 'teleportation');
    expect(resolution).toEqual({ kind: 'unknown', typed: 'teleportation' });
    expect(unresolvedTermSentence(resolution as never)).toBe(
      `"teleportation" is not a tag. Use a tag's name or one of its other words from the taxonomy.`,
    );
    expect(unresolvedTermReason(resolution as never)).toBe(
      '"teleportation" is not a tag; use a slug, name or synonym from the taxonomy',
    );
  });

  it('refuses a term of filler words or punctuation only', () => {
    expect(resolveTagTerm(committed, 'the').kind).toBe('unknown');
    expect(resolveTagTerm(committed, '--').kind).toBe('unknown');
  });
});

describe('resolveTagTerm on a small taxonomy', () => {
  it('suggests the tags whose words hold each typed word: "garage" before the file had it', () => {
    const resolution = resolveTagTerm(
      tagVocabulary([
        {
          id: 'm',
          slug: 'maintenance-turnaround',
          name: 'Vehicle maintenance',
          aliases: [],
          synonyms: ['government garage'],
        },
      ]),
      'garage',
    );
    expect(unresolvedTermSentence(resolution as never)).toBe(
      '"garage" is not a tag. Did you mean "Vehicle maintenance"?',
    );
  });

  it('takes a former slug as the tag', () => {
    expect(slugOf(resolveTagTerm(sample, 'Garage delays'))).toBe('maintenance-turnaround');
  });

  it('suggests "van" for every tag with vans in its words, naming two as "A or B"', () => {
    const resolution = resolveTagTerm(sample, 'van');
    expect(suggestedSlugs(resolution)).toEqual(['vehicle-shortage', 'vehicles']);
    expect(unresolvedTermSentence(resolution as never)).toBe(
      '"van" is not a tag. Did you mean "Too few vehicles" or "Vehicles"?',
    );
  });

  it('suggests a tag written together or with a slip of the keyboard', () => {
    expect(suggestedSlugs(resolveTagTerm(sample, 'stockout'))).toEqual(['stock-out']);
    expect(suggestedSlugs(resolveTagTerm(sample, 'stok-out'))).toEqual(['stock-out']);
    expect(suggestedSlugs(resolveTagTerm(sample, 'Vehicels'))).toEqual(['vehicles']);
    expect(resolveTagTerm(sample, 'cab').kind).toBe('unknown');
  });
});

describe('resolveTagTerms', () => {
  it('gives each tag once, in the order typed, and keeps the terms it could not take', () => {
    const check = resolveTagTerms(committed, ['queues', 'Queues and waiting times', 'garage', 'teleportation']);
    expect(check.tagIds).toEqual(['queues-waiting-times', 'maintenance-turnaround']);
    expect(check.unresolved).toEqual([{ kind: 'unknown', typed: 'teleportation' }]);
  });
});

describe('termKey', () => {
  it('drops case, accents, apostrophes and punctuation', () => {
    expect(termKey("  Don't-Trust the POLICE… ")).toBe('dont trust the police');
    expect(termKey('Crèche')).toBe('creche');
  });
});
