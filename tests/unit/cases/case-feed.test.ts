import { parseFeed } from '@rowanmanning/feed-parser';
import { describe, expect, it } from 'vitest';
import {
  atomFeedXml,
  caseFeedEntries,
  caseFeedOf,
  entryIdOf,
  escapeXml,
  feedPathOf,
  listPathOf,
  provinceOfSlug,
  provinceSlugOf,
} from '../../../src/domain/cases/case-feed.ts';
import { publicCaseView } from '../../../src/domain/cases/public-case.ts';
import { NO_REVIEWS } from '../../../src/domain/privacy/public-text.ts';
import { PROVINCES } from '../../../src/domain/vocabulary.ts';
import { aCase, at, DEPARTMENTS, event } from '../../fixtures/public-cases.ts';
import { atomSchemaProblems } from '../../support/atom-schema.ts';

const SITE = 'https://cbm.example.org';
const uuid = (n: number) => `0190a0b0-0000-7000-8000-${String(n).padStart(12, '0')}`;
/** The fixture case, its events with UUIDs as the database gives them, and a reason with markup in it. */
const viewOf = (more: Parameters<typeof aCase>[0] = {}) =>
  publicCaseView(
    aCase({
      events: aCase()
        .events.map((entry) =>
          entry.kind === 'accept' ? { ...entry, reason: 'We agree the contract <is> the cause & will act.' } : entry,
        )
        .map((entry, index) => ({ ...entry, id: uuid(index + 1) })),
      ...more,
    }),
    DEPARTMENTS,
    NO_REVIEWS,
    '2026-04-02',
  )!;

describe('feed addresses', () => {
  it('writes provinces with hyphens and reads back only that spelling', () => {
    expect(provinceSlugOf('kwazulu_natal')).toBe('kwazulu-natal');
    expect(provinceOfSlug('kwazulu-natal')).toBe('kwazulu_natal');
    expect(provinceOfSlug('mpumalanga')).toBe('mpumalanga');
    expect(provinceOfSlug('kwazulu_natal')).toBeNull();
    expect(provinceOfSlug('atlantis')).toBeNull();
    for (const province of PROVINCES) expect(provinceOfSlug(provinceSlugOf(province))).toBe(province);
  });

  it('serves each scope at its own address, beside the list filtered alike', () => {
    expect(feedPathOf({ kind: 'all' })).toBe('/cases.atom');
    expect(feedPathOf({ kind: 'department', code: 'SAPS', name: 'SAPS' })).toBe('/departments/SAPS/cases.atom');
    expect(feedPathOf({ kind: 'province', province: 'north_west' })).toBe('/provinces/north-west/cases.atom');
    expect(feedPathOf({ kind: 'tag', slug: 'vehicles', name: 'Vehicles' })).toBe('/tags/vehicles/cases.atom');
    expect(listPathOf({ kind: 'province', province: 'north_west' })).toBe('/cases?province=north_west');
    expect(listPathOf({ kind: 'department', code: 'SAPS', name: 'SAPS' })).toBe('/cases?department=SAPS');
  });
});

describe('caseFeedEntries', () => {
  it('gives one entry per public event, newest first, by office, linked to the case page', () => {
    const entries = caseFeedEntries([viewOf()], SITE);
    expect(entries.map((entry) => entry.title)).toEqual([
      'Accepted the case: Police vehicles wait months for repair (SC-2026-0007)',
      'Commented: Police vehicles wait months for repair (SC-2026-0007)',
      'Acknowledged the case: Police vehicles wait months for repair (SC-2026-0007)',
      'Escalated the case: Police vehicles wait months for repair (SC-2026-0007)',
    ]);
    expect(entries[0]).toMatchObject({
      id: `urn:uuid:${uuid(7)}`,
      updated: at('2026-03-10'),
      author: 'Sector official, South African Police Service',
      link: `${SITE}/cases/SC-2026-0007`,
      category: { term: 'vehicles', label: 'Vehicles' },
    });
    expect(entries[0]!.html).toContain('We agree the contract &lt;is&gt; the cause &amp; will act.');
    expect(entries[1]).toMatchObject({ author: 'DPME CBM analyst' });
    expect(JSON.stringify(entries)).not.toMatch(/Mokoena|Internal: ask/);
  });

  it('keeps the newest entries of several cases, up to the limit', () => {
    const other = viewOf({
      reference: 'SC-2026-0008',
      events: [event('escalate', '2026-03-08', { actorRole: 'analyst', actorDepartmentId: null })],
    });
    const entries = caseFeedEntries([viewOf(), other], SITE, 2);
    expect(entries.map((entry) => entry.updated)).toEqual([at('2026-03-10'), at('2026-03-08')]);
  });

  it('keeps an id that is not a UUID stable as the case address with a fragment', () => {
    expect(entryIdOf('legacy 7', `${SITE}/cases/SC-2016-0001`)).toBe(`${SITE}/cases/SC-2016-0001#event-legacy%207`);
  });
});

describe('atomFeedXml', () => {
  it('writes a feed that RFC 4287’s schema accepts and a feed parser reads', () => {
    const xml = atomFeedXml(
      caseFeedOf(
        { kind: 'department', code: 'SAPS', name: 'South African Police Service' },
        [viewOf()],
        `${SITE}/`,
        at('2026-01-01'),
      ),
    );
    expect(atomSchemaProblems(xml)).toEqual([]);
    const feed = parseFeed(xml).toJSON();
    expect(feed).toMatchObject({
      title: 'Public systemic cases owned by South African Police Service',
      url: `${SITE}/cases?department=SAPS`,
      self: `${SITE}/departments/SAPS/cases.atom`,
    });
    expect(feed.updated).toBe(at('2026-03-10').toISOString());
    expect(feed.items).toHaveLength(4);
    expect(feed.items[0]).toMatchObject({
      id: `urn:uuid:${uuid(7)}`,
      url: `${SITE}/cases/SC-2026-0007`,
      authors: [expect.objectContaining({ name: 'Sector official, South African Police Service' })],
    });
    expect(feed.items[0]!.content).toContain('<strong>Accepted the case</strong>');
    // HTML content, escaped once as HTML and once more as XML.
    expect(xml).toContain('We agree the contract &amp;lt;is&amp;gt; the cause &amp;amp; will act.');
  });

  it('dates an empty feed by the last public change, and stays valid', () => {
    const xml = atomFeedXml(caseFeedOf({ kind: 'province', province: 'limpopo' }, [], SITE, at('2026-02-01')));
    expect(atomSchemaProblems(xml)).toEqual([]);
    expect(xml).toContain('<updated>2026-02-01T08:00:00Z</updated>');
    expect(xml).not.toContain('<entry>');
  });

  it('escapes markup and drops characters XML cannot hold', () => {
    expect(escapeXml('a < b & "c" \u0007\uFFFEd\uD800')).toBe('a &lt; b &amp; &quot;c&quot; d');
    const view = viewOf({ title: 'Vans \u0001<script>alert("x")</script>' });
    const xml = atomFeedXml(caseFeedOf({ kind: 'all' }, [view], SITE, at('2026-01-01')));
    expect(atomSchemaProblems(xml)).toEqual([]);
    expect(xml).not.toContain('<script>');
  });
});
