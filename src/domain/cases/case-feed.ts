import { CASE_STATUS_NAMES, PROVINCE_NAMES, PROVINCES, type Province } from '../vocabulary.ts';
import type { PublicCaseView } from './public-case.ts';

/**
 * Atom feeds (RFC 4287) of what happens to public cases: one entry per event of a case's public timeline (a
 * decision with its reason, a deadline extended, a response action, a public comment), since someone following
 * a case wants to read each step as it happens, not only that "the case changed". Everything in an entry comes
 * from the case's public view (src/domain/cases/public-case.ts): actors by office, texts through the gate.
 */

/** Which public cases a feed follows: all of them, or those of one department, province or tag, as /cases filters. */
export type CaseFeedScope =
  | { kind: 'all' }
  | { kind: 'department'; code: string; name: string }
  | { kind: 'province'; province: Province }
  | { kind: 'tag'; slug: string; name: string };

/** Entries a feed holds: the newest public events, enough for a reader that looks in once a week. */
export const FEED_ENTRY_LIMIT = 50;

/** Who publishes the feeds: the programme, never a person. */
export const FEED_AUTHOR = 'DPME Citizen-Based Monitoring';

/** A province in a feed's address: its code with hyphens, as addresses are written ("kwazulu-natal"). */
export const provinceSlugOf = (province: Province) => province.replaceAll('_', '-');

/** The province a feed's address names, or null (the code's underscores are not accepted in addresses). */
export function provinceOfSlug(slug: string): Province | null {
  return PROVINCES.find((province) => provinceSlugOf(province) === slug) ?? null;
}

/** Where a scope's feed is served, relative to the site. */
export function feedPathOf(scope: CaseFeedScope): string {
  switch (scope.kind) {
    case 'all':
      return '/cases.atom';
    case 'department':
      return `/departments/${encodeURIComponent(scope.code)}/cases.atom`;
    case 'province':
      return `/provinces/${provinceSlugOf(scope.province)}/cases.atom`;
    case 'tag':
      return `/tags/${encodeURIComponent(scope.slug)}/cases.atom`;
  }
}

/** The public list of the same cases, which the feed links to as its web page. */
export function listPathOf(scope: CaseFeedScope): string {
  switch (scope.kind) {
    case 'all':
      return '/cases';
    case 'department':
      return `/cases?department=${encodeURIComponent(scope.code)}`;
    case 'province':
      return `/cases?province=${scope.province}`;
    case 'tag':
      return `/cases?tag=${encodeURIComponent(scope.slug)}`;
  }
}

/** The feed's title, as a feed reader lists it. */
export function feedTitleOf(scope: CaseFeedScope): string {
  switch (scope.kind) {
    case 'all':
      return 'Public systemic cases';
    case 'department':
      return `Public systemic cases owned by ${scope.name}`;
    case 'province':
      return `Public systemic cases felt in ${PROVINCE_NAMES[scope.province]}`;
    case 'tag':
      return `Public systemic cases about ${scope.name}`;
  }
}

export interface FeedEntry {
  id: string;
  title: string;
  updated: Date;
  author: string;
  link: string;
  category: { term: string; label: string } | null;
  /** The entry as HTML (escaped once more in the XML). */
  html: string;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * An event's entry id: its UUID as a URN, which neither a restart nor a new address of the site changes; an id
 * that is not a UUID (none is, today) falls back to the case page's address with the event as its fragment.
 */
export function entryIdOf(eventId: string, casePageUrl: string): string {
  return UUID.test(eventId)
    ? `urn:uuid:${eventId.toLowerCase()}`
    : `${casePageUrl}#event-${encodeURIComponent(eventId)}`;
}

const escapeHtml = (text: string) =>
  text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;').replaceAll('"', '&quot;');

/** The newest public events of these cases as feed entries, newest first, at most `limit`. */
export function caseFeedEntries(
  views: readonly PublicCaseView[],
  publicUrl: string,
  limit = FEED_ENTRY_LIMIT,
): FeedEntry[] {
  const entries = views.flatMap((view) => {
    const link = `${publicUrl}/cases/${encodeURIComponent(view.reference)}`;
    return view.timeline.map((event) => {
      const paragraphs = [
        `<p><strong>${escapeHtml(event.what)}</strong> · ${escapeHtml(event.by)}</p>`,
        event.from && event.to && event.from !== event.to
          ? `<p>${escapeHtml(CASE_STATUS_NAMES[event.from])} → ${escapeHtml(CASE_STATUS_NAMES[event.to])}</p>`
          : '',
        event.transferTo
          ? `<p>From ${escapeHtml(event.transferFrom?.name ?? 'the department')} to ${escapeHtml(event.transferTo.name)}</p>`
          : '',
        event.reason ? `<p>${escapeHtml(event.reason)}</p>` : '',
        event.evidenceUrl ? `<p><a href="${escapeHtml(event.evidenceUrl)}">Evidence</a></p>` : '',
        `<p>${escapeHtml(view.reference)}: <a href="${escapeHtml(link)}">${escapeHtml(view.title)}</a>, ` +
          `owned by ${escapeHtml(view.owningDepartment?.name ?? 'a department')}, now ${escapeHtml(view.statusName.toLowerCase())}.</p>`,
      ];
      return {
        id: entryIdOf(event.id, link),
        title: `${event.what}: ${view.title} (${view.reference})`,
        updated: event.at,
        author: event.by,
        link,
        category: view.primaryTag ? { term: view.primaryTag.slug, label: view.primaryTag.name } : null,
        html: paragraphs.filter(Boolean).join(''),
      };
    });
  });
  return entries.sort((a, b) => b.updated.getTime() - a.updated.getTime() || b.id.localeCompare(a.id)).slice(0, limit);
}

export interface AtomFeed {
  /** The feed's own absolute address: also its id, which stays as long as the site's address does. */
  selfUrl: string;
  /** The web page of the same cases. */
  pageUrl: string;
  /** The site's address, the author's home. */
  siteUrl: string;
  title: string;
  subtitle: string;
  /** The newest entry's time; for a feed with no entry, the time the caller gives (the last public change). */
  updated: Date;
  entries: readonly FeedEntry[];
}

/** XML 1.0 allows no control characters but tab and line ends, and no lone surrogates: they are dropped. */
const NOT_XML =
  // eslint-disable-next-line no-control-regex
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** Text as XML character data or an attribute's value. */
export function escapeXml(text: string): string {
  return text
    .replace(NOT_XML, '')
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
    .replaceAll("'", '&apos;');
}

/** Seconds are enough, and RFC 3339 readers all take the UTC form. */
const atomDate = (date: Date) => date.toISOString().replace(/\.\d{3}Z$/, 'Z');

const FEED_SUBTITLE =
  'What DPME escalated to the departments that own systemic problems, how each department answered, and what ' +
  'community monitors found afterwards: each step of each public case.';

/**
 * A scope's feed of these public cases' newest events. `lastChange` dates a feed with no entry yet (the last
 * public change anywhere), so that its `updated` stays put between requests.
 */
export function caseFeedOf(
  scope: CaseFeedScope,
  views: readonly PublicCaseView[],
  publicUrl: string,
  lastChange: Date,
): AtomFeed {
  const site = publicUrl.replace(/\/+$/, '');
  const entries = caseFeedEntries(views, site);
  return {
    selfUrl: `${site}${feedPathOf(scope)}`,
    pageUrl: `${site}${listPathOf(scope)}`,
    siteUrl: `${site}/`,
    title: feedTitleOf(scope),
    subtitle: FEED_SUBTITLE,
    updated: entries[0]?.updated ?? lastChange,
    entries,
  };
}

/** The feed as an Atom document. */
export function atomFeedXml(feed: AtomFeed): string {
  const text = (name: string, value: string, type = 'text') => `<${name} type="${type}">${escapeXml(value)}</${name}>`;
  const entries = feed.entries.map((entry) =>
    [
      '  <entry>',
      `    <id>${escapeXml(entry.id)}</id>`,
      `    ${text('title', entry.title)}`,
      `    <published>${atomDate(entry.updated)}</published>`,
      `    <updated>${atomDate(entry.updated)}</updated>`,
      `    <author><name>${escapeXml(entry.author)}</name></author>`,
      `    <link rel="alternate" type="text/html" href="${escapeXml(entry.link)}"/>`,
      ...(entry.category
        ? [`    <category term="${escapeXml(entry.category.term)}" label="${escapeXml(entry.category.label)}"/>`]
        : []),
      `    ${text('content', entry.html, 'html')}`,
      '  </entry>',
    ].join('\n'),
  );
  return [
    '<?xml version="1.0" encoding="utf-8"?>',
    '<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="en-ZA">',
    `  <id>${escapeXml(feed.selfUrl)}</id>`,
    `  ${text('title', feed.title)}`,
    `  ${text('subtitle', feed.subtitle)}`,
    `  <updated>${atomDate(feed.updated)}</updated>`,
    `  <link rel="self" type="application/atom+xml" href="${escapeXml(feed.selfUrl)}"/>`,
    `  <link rel="alternate" type="text/html" href="${escapeXml(feed.pageUrl)}"/>`,
    `  <author><name>${escapeXml(FEED_AUTHOR)}</name><uri>${escapeXml(feed.siteUrl)}</uri></author>`,
    `  <generator uri="${escapeXml(feed.siteUrl)}">CBM Tracker</generator>`,
    ...entries,
    '</feed>',
    '',
  ].join('\n');
}
