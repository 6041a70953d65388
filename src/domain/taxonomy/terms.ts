import { isLive, type TagNode } from './tree.ts';
import { nameProblem, normaliseTerm, slugProblem, synonymProblem } from './words.ts';

/**
 * Who holds which word. Two rules keep every typed word pointing at one tag (docs/TAXONOMY.md):
 *
 * 1. Terms: the slug, the former slugs (aliases), the name and the synonyms of a live tag, compared
 *    normalised (lower case, single spaces), belong to that one live tag only. Within one tag the
 *    same word may appear twice (a name "Housing" and a slug "housing").
 * 2. Slugs: a slug once held by any tag, live or merged, as its slug or as an alias, is never given
 *    to another tag, so that an old link or import keeps finding what it found. A tag may take back
 *    one of its own former slugs.
 */
export type TermKind = 'slug' | 'alias' | 'name' | 'synonym';

export interface TermUse {
  tagId: string;
  tagName: string;
  tagSlug: string;
  kind: TermKind;
}

export interface TermIndex {
  /** Normalised term -> the live tags that use it and how. */
  terms: Map<string, TermUse[]>;
  /** Slug -> the tag row (live or merged) whose slug or alias it is. */
  slugs: Map<string, { tagId: string; kind: 'slug' | 'alias' }>;
  tags: Map<string, TagNode>;
}

export function indexTerms(tags: readonly TagNode[]): TermIndex {
  const terms = new Map<string, TermUse[]>();
  const slugs = new Map<string, { tagId: string; kind: 'slug' | 'alias' }>();
  const add = (tag: TagNode, kind: TermKind, word: string) => {
    const term = normaliseTerm(word);
    const use = { tagId: tag.id, tagName: tag.name, tagSlug: tag.slug, kind };
    terms.set(term, [...(terms.get(term) ?? []), use]);
  };
  for (const tag of tags) for (const alias of tag.aliases) slugs.set(alias, { tagId: tag.id, kind: 'alias' });
  // A merged tag's slug is also a former slug of the tag it went into; the row holding it as its own
  // slug wins, since no other row may take that slug.
  for (const tag of tags) slugs.set(tag.slug, { tagId: tag.id, kind: 'slug' });
  for (const tag of tags) {
    if (!isLive(tag)) continue;
    add(tag, 'slug', tag.slug);
    add(tag, 'name', tag.name);
    for (const alias of tag.aliases) add(tag, 'alias', alias);
    for (const synonym of tag.synonyms) add(tag, 'synonym', synonym);
  }
  return { terms, slugs, tags: new Map(tags.map((tag) => [tag.id, tag])) };
}

const KIND_WORDS: Record<TermKind, string> = {
  slug: 'the slug',
  alias: 'a former slug',
  name: 'the name',
  synonym: 'a synonym',
};

/** e.g. `"police van" is already a synonym of Vehicles (vehicles)`. */
export function describeUse(word: string, use: TermUse): string {
  return `"${word}" is already ${KIND_WORDS[use.kind]} of ${use.tagName} (${use.tagSlug})`;
}

/** How another live tag than `tagId` uses this word, or null when none does. */
export function termHeldByAnother(index: TermIndex, word: string, tagId: string | null): TermUse | null {
  return index.terms.get(normaliseTerm(word))?.find((use) => use.tagId !== tagId) ?? null;
}

/** The live tag a slug or former slug leads to, following merges; null when no tag ever held it. */
export function resolveSlug(index: TermIndex, slug: string): TagNode | null {
  const holder = index.slugs.get(slug);
  let tag = holder ? index.tags.get(holder.tagId) : undefined;
  // A merge chain (A into B, then B into C) ends at a live tag; the bound guards against a loop.
  for (let hops = 0; tag && tag.mergedIntoId !== null && hops < index.tags.size; hops += 1) {
    tag = index.tags.get(tag.mergedIntoId);
  }
  return tag && tag.mergedIntoId === null ? tag : null;
}

/** Why `tagId` (null for a new tag) cannot take this slug, or null when it can. */
export function slugRefusal(index: TermIndex, slug: string, tagId: string | null): string | null {
  const problem = slugProblem(slug);
  if (problem) return problem;
  const holder = index.slugs.get(slug);
  if (holder && holder.tagId !== tagId) {
    const tag = index.tags.get(holder.tagId);
    const whose = !tag ? 'another tag' : isLive(tag) ? `${tag.name}` : `${tag.name}, which was merged into another tag`;
    const how = holder.kind === 'slug' ? 'the slug' : 'a former slug';
    return `"${slug}" is ${how} of ${whose}; old links must keep leading there, so choose another slug`;
  }
  const other = termHeldByAnother(index, slug, tagId);
  return other ? describeUse(slug, other) : null;
}

/** Why `tagId` (null for a new tag) cannot take this name (normalised), or null when it can. */
export function nameRefusal(index: TermIndex, name: string, tagId: string | null): string | null {
  const problem = nameProblem(name);
  if (problem) return problem;
  const other = termHeldByAnother(index, name, tagId);
  return other ? describeUse(name, other) : null;
}

/** Why `tagId` cannot take this synonym (normalised), or null when it can. */
export function synonymRefusal(index: TermIndex, term: string, tagId: string | null): string | null {
  const problem = synonymProblem(term);
  if (problem) return problem;
  const other = termHeldByAnother(index, term, tagId);
  if (other) return describeUse(term, other);
  const own = tagId === null ? undefined : index.terms.get(term)?.find((use) => use.tagId === tagId);
  return own ? `"${term}" is already ${KIND_WORDS[own.kind]} of this tag` : null;
}
