import { describe, expect, it } from 'vitest';
import type { KnowledgeSource } from '../../../src/lib/knowledge/read-pages.ts';
import { buildKnowledgeIndex } from '../../../src/lib/knowledge/search-index.ts';
import { loadKnowledgeIndex, searchKnowledge, snippetAround } from '../../../src/lib/knowledge/search.ts';

function aPage(id: string, overrides: Partial<KnowledgeSource['frontmatter']> = {}, body = ''): KnowledgeSource {
  return {
    id,
    file: `${id}.mdx`,
    body,
    frontmatter: {
      title: `Page ${id}`,
      summary: `A summary of page ${id} for the tests.`,
      kind: 'guide',
      order: 100,
      sectors: [],
      tags: [],
      visibility: 'public',
      lastReviewed: new Date('2026-11-25'),
      related: [],
      ...overrides,
    },
  };
}

const index = loadKnowledgeIndex(
  buildKnowledgeIndex(
    [
      aPage(
        'guides/vehicles',
        { title: 'Police vehicles and the garage', tags: ['maintenance-turnaround'] },
        'Vans wait for repairs at the government garage for months.\n\n## Turnaround\nThe station has <Fact name="pilotPoliceStations" /> stations.',
      ),
      aPage(
        'guides/medicine',
        { title: 'Medicine supply at clinics' },
        'A clinic runs out of medicines when orders wait for approval.',
      ),
      aPage(
        'guides/partners-only',
        { title: 'Escalation notes for partners', visibility: 'partners' },
        'Internal notes about escalation and vehicles.',
      ),
    ],
    { pilotPoliceStations: 9 },
    { 'maintenance-turnaround': ['Maintenance turnaround', 'repair delays'] },
  ),
);
const search = (text: string, mayReadPartnerPages = false) =>
  searchKnowledge(index, text, { mayReadPartnerPages }).map((hit) => hit.id);

describe('searchKnowledge', () => {
  it('finds other forms of a word and ranks a title match first', () => {
    expect(search('vehicle')[0]).toBe('guides/vehicles');
    expect(search('medicine')).toEqual(['guides/medicine']);
  });

  it('forgives a letter or two', () => {
    expect(search('medecine')).toContain('guides/medicine');
    expect(search('garrage')).toContain('guides/vehicles');
  });

  it('finds a page by the words a word starts with, as someone types', () => {
    expect(search('garag')).toContain('guides/vehicles');
  });

  it('finds a page by a synonym of its tag', () => {
    expect(search('repair delays')).toContain('guides/vehicles');
  });

  it('shows partner pages only to those who may read them', () => {
    expect(search('escalation')).toEqual([]);
    expect(search('escalation', true)).toEqual(['guides/partners-only']);
  });

  it.each([
    ['SAPS: vehicles'],
    ['vehicles*'],
    ['~2'],
    ['^10 +-'],
    ['title:garage'],
    ['"unbalanced'],
    ['\\'],
    ['  '],
    ['a 5,000-letter word', 'a'.repeat(5000)],
  ])('never lets "%s" reach the query syntax or exhaust memory', (label, text = label) => {
    expect(() => search(text)).not.toThrow();
  });

  it('answers nothing for an empty query', () => {
    expect(search('')).toEqual([]);
  });

  it('fills in facts and marks the matched words in the snippet', () => {
    const [hit] = searchKnowledge(index, 'garage', { mayReadPartnerPages: false });
    expect(hit?.snippet.filter((part) => part.isMatch).map((part) => part.text)).toEqual(['garage']);
    const [stations] = searchKnowledge(index, 'stations', { mayReadPartnerPages: false });
    expect(stations?.snippet.map((part) => part.text).join('')).toContain('The station has 9 stations');
  });
});

describe('searchKnowledge for a hyphenated word', () => {
  const pages = loadKnowledgeIndex(
    buildKnowledgeIndex(
      [
        aPage(
          'guides/stock-outs',
          { title: 'Reporting medicine shortages' },
          'Wait outside the clinic. Nurses put out a notice.\n\nClinics report stock-outs of ARVs; one stock-out lasted a month.',
        ),
        aPage(
          'guides/outside',
          { title: 'Waiting outside' },
          'People wait outside and put out chairs; the queue runs out.',
        ),
      ],
      {},
      {},
    ),
  );
  const hits = () => searchKnowledge(pages, 'stock-outs', { mayReadPartnerPages: false });

  it('finds "stock-outs" as one word, not the pages that only say "out", "outside" or "put"', () => {
    expect(hits().map((hit) => hit.id)).toEqual(['guides/stock-outs']);
  });

  it('highlights "stock-out(s)" whole and nothing else', () => {
    const marked = hits()[0]
      ?.snippet.filter((part) => part.isMatch)
      .map((part) => part.text);
    expect(marked).toEqual(['stock-outs', 'stock-out']);
  });

  it('forgives one letter in a longer word only', () => {
    expect(searchKnowledge(pages, 'outsde', { mayReadPartnerPages: false }).map((hit) => hit.id)).toContain(
      'guides/outside',
    );
    expect(searchKnowledge(pages, 'ount', { mayReadPartnerPages: false })).toEqual([]);
  });
});

describe('snippetAround', () => {
  const text = `${'lead in words '.repeat(20)}the match is here${' trailing words'.repeat(20)}`;

  it('cuts around the first match at word boundaries and marks it', () => {
    const at = text.indexOf('match');
    const parts = snippetAround(text, [[at, 5]]);
    expect(parts[0]?.text).toBe('… ');
    expect(parts.find((part) => part.isMatch)?.text).toBe('match');
    expect(parts.at(-1)?.text).toBe(' …');
    const shown = parts.map((part) => part.text).join('');
    expect(shown.length).toBeLessThan(220);
    expect(shown).not.toMatch(/ \w{1,3}$…/);
  });

  it('starts at the beginning when nothing matched in the text', () => {
    expect(snippetAround('short text', [])).toEqual([{ text: 'short text', isMatch: false }]);
  });
});
