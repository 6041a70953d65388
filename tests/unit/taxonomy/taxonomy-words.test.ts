import { describe, expect, it } from 'vitest';
import {
  descriptionProblem,
  nameProblem,
  normaliseName,
  normaliseTerm,
  slugFromName,
  slugProblem,
  suggestSlug,
  synonymProblem,
} from '../../../src/domain/taxonomy/words.ts';

describe('slugProblem', () => {
  it.each(['vehicles', 'maintenance-turnaround', 'ksa-3', 'a1'])('accepts %s', (slug) => {
    expect(slugProblem(slug)).toBeNull();
  });

  it.each([
    ['Vehicles', /small letters/],
    ['stock_out', /small letters/],
    ['stock--out', /single hyphens/],
    ['-stock', /small letters/],
    ['stock-', /small letters/],
    ['x', /2 to 60/],
    ['a'.repeat(61), /2 to 60/],
    ['new', /address of another page/],
  ])('refuses %s', (slug, message) => {
    expect(slugProblem(slug)).toMatch(message);
  });
});

describe('slugFromName', () => {
  it('lower-cases, drops accents and joins words with hyphens', () => {
    expect(slugFromName('Vehicle maintenance turnaround')).toBe('vehicle-maintenance-turnaround');
    expect(slugFromName('  Clinic hours: weekends & évenings ')).toBe('clinic-hours-weekends-evenings');
    expect(slugFromName('KSA 3 (respond)')).toBe('ksa-3-respond');
  });

  it('cuts a long name at a word boundary', () => {
    const slug = slugFromName(
      'Long waiting times at the pay point for grants and pensions on the first day of the month',
    );
    expect(slug.length).toBeLessThanOrEqual(60);
    expect(slug).toBe('long-waiting-times-at-the-pay-point-for-grants-and-pensions');
  });

  it('gives nothing for a name without letters or digits', () => {
    expect(slugFromName('!!! ---')).toBe('');
  });
});

describe('suggestSlug', () => {
  it('adds a number when the slug is taken or reserved', () => {
    const taken = new Set(['vehicles', 'vehicles-2']);
    expect(suggestSlug('Vehicles', (slug) => taken.has(slug))).toBe('vehicles-3');
    expect(suggestSlug('New', () => false)).toBe('new-2');
  });

  it('keeps a numbered slug within the length limit', () => {
    const name = 'word '.repeat(20);
    const base = slugFromName(name);
    const suggested = suggestSlug(name, (slug) => slug === base);
    expect(suggested.length).toBeLessThanOrEqual(60);
    expect(suggested).toMatch(/^word(-word)*-2$/);
  });
});

describe('normalising words', () => {
  it('trims, joins spaces and composes a name but keeps its case', () => {
    expect(normaliseName('  Police   van\t')).toBe('Police van');
    expect(normaliseName('Cafe\u0301')).toBe('Café');
  });

  it('lower-cases a term as well', () => {
    expect(normaliseTerm(' BP  Machine broken ')).toBe('bp machine broken');
  });
});

describe('word rules', () => {
  it('refuses names and synonyms that a form or an import could not carry', () => {
    expect(nameProblem('Vans, cars')).toMatch(/commas/);
    expect(synonymProblem('van|car')).toMatch(/commas/);
    expect(synonymProblem('--')).toMatch(/letter or digit/);
    expect(synonymProblem('x')).toMatch(/2 to 80/);
    expect(nameProblem('Vehicles')).toBeNull();
    expect(synonymProblem('police van')).toBeNull();
  });

  it('asks for a description that says what the tag covers', () => {
    expect(descriptionProblem('Short')).toMatch(/10 to 400/);
    expect(descriptionProblem('State vehicles used to deliver a service.')).toBeNull();
  });
});
