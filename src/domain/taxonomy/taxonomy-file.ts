import { termKey } from './resolve-term.ts';
import { indexTerms, resolveSlug, type TermIndex } from './terms.ts';
import { inTreeOrder, isLive, type TagNode } from './tree.ts';
import { nameProblem, normaliseName, normaliseTerm, slugProblem, synonymProblem } from './words.ts';

/**
 * One tag of content/taxonomy.json, the committed taxonomy: it seeds the database and checks the
 * tags of knowledge pages when the site is built. docs/TAXONOMY.md says how the file and the
 * database relate after analysts edit the taxonomy.
 */
export interface TaxonomyFileTag {
  slug: string;
  name: string;
  /** The parent's slug; null at the top level. Parents come before their children. */
  parent: string | null;
  description: string;
  synonyms: string[];
  /** The code of the department a problem with this tag usually goes to. */
  routesTo: string | null;
  /** Former slugs that still lead to this tag. */
  aliases: string[];
}

const asNodes = (tags: readonly TaxonomyFileTag[]): TagNode[] =>
  tags.map((tag) => ({
    id: tag.slug,
    slug: tag.slug,
    name: tag.name,
    parentId: tag.parent,
    mergedIntoId: null,
    aliases: tag.aliases,
    synonyms: tag.synonyms,
  }));

/** What the file's shape cannot show: duplicates, order, and words that lead to two tags. */
export function taxonomyFileProblems(tags: readonly TaxonomyFileTag[]): string[] {
  const problems: string[] = [];
  const slugs = new Map<string, string>();
  for (const tag of tags) {
    const slugAt = slugs.get(tag.slug);
    if (slugAt) problems.push(`tag ${tag.slug}: the slug is also ${slugAt}`);
    slugs.set(tag.slug, `the slug of ${tag.slug}`);
    const problem = slugProblem(tag.slug) ?? nameProblem(normaliseName(tag.name));
    if (problem) problems.push(`tag ${tag.slug}: ${problem}`);
    if (tag.parent !== null && (!slugs.has(tag.parent) || tag.parent === tag.slug)) {
      problems.push(`tag ${tag.slug}: parent ${tag.parent} is not defined before it`);
    }
    for (const alias of tag.aliases) {
      const aliasAt = slugs.get(alias);
      if (aliasAt) problems.push(`tag ${tag.slug}: alias ${alias} is also ${aliasAt}`);
      slugs.set(alias, `a former slug of ${tag.slug}`);
      const aliasProblem = slugProblem(alias);
      if (aliasProblem) problems.push(`tag ${tag.slug}: alias ${alias}: ${aliasProblem}`);
    }
    for (const synonym of tag.synonyms) {
      const synonymAt = synonymProblem(normaliseTerm(synonym));
      if (synonymAt) problems.push(`tag ${tag.slug}: synonym "${synonym}": ${synonymAt}`);
    }
  }
  const terms = indexTerms(asNodes(tags)).terms;
  const reported = new Set<string>();
  for (const [term, uses] of terms) {
    const holders = [...new Set(uses.map((use) => use.tagSlug))];
    if (holders.length > 1) problems.push(`"${term}" leads to more than one tag: ${holders.join(', ')}`);
    if (holders.length > 1) reported.add(termKey(term));
  }
  // Forms and imports also read "stock-outs" as "Stock outs" (resolve-term.ts): such twins are one word too.
  const holdersByKey = new Map<string, Set<string>>();
  for (const [term, uses] of terms) {
    const holders = holdersByKey.get(termKey(term)) ?? new Set<string>();
    for (const use of uses) holders.add(use.tagSlug);
    holdersByKey.set(termKey(term), holders);
  }
  for (const [key, holders] of holdersByKey) {
    if (holders.size > 1 && !reported.has(key)) {
      problems.push(`"${key}" leads to more than one tag, however it is punctuated: ${[...holders].join(', ')}`);
    }
  }
  return problems;
}

/** A tag as the database holds it, with what the file needs besides the tree. */
export interface StoredTag extends TagNode {
  description: string;
  routesTo: string | null;
}

/**
 * The live taxonomy in the file's format, so that it can be committed back: live tags in tree
 * order, synonyms and former slugs sorted. A merged tag is not listed; its slug is a former slug of
 * the tag it was merged into.
 */
export function toTaxonomyFile(tags: readonly StoredTag[]): { tags: TaxonomyFileTag[] } {
  const index = indexTerms(tags);
  const byId = new Map(tags.map((tag) => [tag.id, tag]));
  const formerSlugs = new Map<string, Set<string>>();
  for (const tag of tags) {
    const live = resolveSlug(index, tag.slug);
    if (!live) continue;
    const slugs = formerSlugs.get(live.id) ?? new Set<string>();
    for (const alias of tag.aliases) slugs.add(alias);
    if (!isLive(tag)) slugs.add(tag.slug);
    formerSlugs.set(live.id, slugs);
  }
  const sorted = (words: Iterable<string>) => [...new Set(words)].sort((a, b) => a.localeCompare(b, 'en'));
  return {
    tags: inTreeOrder(tags).map(({ tag }) => ({
      slug: tag.slug,
      name: tag.name,
      parent: tag.parentId === null ? null : (byId.get(tag.parentId)?.slug ?? null),
      description: tag.description,
      synonyms: sorted(tag.synonyms.map(normaliseTerm)),
      routesTo: tag.routesTo,
      aliases: sorted(formerSlugs.get(tag.id) ?? []),
    })),
  };
}

/** A tag the seed creates, with its parent and words already worked out. */
export interface SeedTag {
  id: string;
  slug: string;
  name: string;
  description: string;
  parentId: string | null;
  routesTo: string | null;
  synonyms: string[];
  aliases: string[];
}

export interface TaxonomySeedPlan {
  create: SeedTag[];
  /** Every slug and former slug of the file -> the id of the live tag it leads to afterwards. */
  tagIdBySlug: Map<string, string>;
  /** What the seed left out, and why; the analyst can sort these out on /taxonomy. */
  notes: string[];
}

/**
 * What seeding the file into this database adds. The seed only adds: a file tag whose slug or any
 * former slug some tag already holds (live or merged) is there already and is left exactly as the
 * analysts made it: never renamed, moved or merged back. A new tag goes under the tag its parent's
 * slug leads to now, and leaves out any synonym another tag already answers to.
 */
export function planTaxonomySeed(
  file: readonly TaxonomyFileTag[],
  existing: readonly TagNode[],
  newId: (slug: string) => string,
): TaxonomySeedPlan {
  const nodes = [...existing];
  let index: TermIndex = indexTerms(nodes);
  const tagIdBySlug = new Map<string, string>();
  const create: SeedTag[] = [];
  const notes: string[] = [];
  for (const tag of file) {
    const present = [tag.slug, ...tag.aliases].map((slug) => resolveSlug(index, slug)).find((found) => found);
    if (present) {
      for (const slug of [tag.slug, ...tag.aliases]) tagIdBySlug.set(slug, present.id);
      continue;
    }
    const id = newId(tag.slug);
    const synonyms: string[] = [];
    for (const term of new Set(tag.synonyms.map(normaliseTerm))) {
      const holder = index.terms.get(term)?.[0];
      if (holder) notes.push(`${tag.slug}: left out the synonym "${term}", which leads to ${holder.tagSlug}`);
      else synonyms.push(term);
    }
    const name = normaliseName(tag.name);
    const nameHolder = index.terms.get(normaliseTerm(name))?.[0];
    if (nameHolder) notes.push(`${tag.slug}: its name "${name}" also leads to ${nameHolder.tagSlug}`);
    const parentId = tag.parent === null ? null : (tagIdBySlug.get(tag.parent) ?? null);
    const seedTag = { id, slug: tag.slug, name, description: tag.description, parentId, routesTo: tag.routesTo };
    create.push({ ...seedTag, synonyms, aliases: [...tag.aliases] });
    for (const slug of [tag.slug, ...tag.aliases]) tagIdBySlug.set(slug, id);
    nodes.push({ id, slug: tag.slug, name, parentId, mergedIntoId: null, aliases: tag.aliases, synonyms });
    index = indexTerms(nodes);
  }
  return { create, tagIdBySlug, notes };
}

/** A synonym of the file that a tag already in the database takes on. */
export interface FileSynonym {
  tagId: string;
  term: string;
}

/**
 * The file's synonyms that a database seeded from an older file lacks, for the tags the file's slugs
 * lead to now: the everyday words added to the file reach databases already in use. Left out: a word
 * another live tag answers to (an analyst gave it there), and a word an analyst removed from that tag
 * (`removed` holds `${tagId} ${term}`), so that the seed never undoes an analyst's change.
 */
export function planFileSynonyms(
  file: readonly TaxonomyFileTag[],
  existing: readonly TagNode[],
  removed: ReadonlySet<string>,
): FileSynonym[] {
  const index = indexTerms(existing);
  // Compared as forms read them, so that "stock outs" is not added beside another tag's "stock-outs".
  const taken = new Set([...index.terms.keys()].map(termKey));
  const additions: FileSynonym[] = [];
  for (const tag of file) {
    const live = [tag.slug, ...tag.aliases].map((slug) => resolveSlug(index, slug)).find((found) => found);
    if (!live) continue;
    for (const term of new Set(tag.synonyms.map(normaliseTerm))) {
      if (taken.has(termKey(term)) || removed.has(`${live.id} ${term}`) || synonymProblem(term)) continue;
      additions.push({ tagId: live.id, term });
      taken.add(termKey(term));
    }
  }
  return additions;
}
