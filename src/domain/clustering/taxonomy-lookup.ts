import type { AncestorsOf } from './features.ts';
import type { ResolveTag } from './input-records.ts';

/** What clustering needs of the taxonomy: the words for each tag, and its place in the tree. */
export interface TagForClustering {
  slug: string;
  parent: string | null;
  name: string;
  synonyms: readonly string[];
  aliases: readonly string[];
}

export interface TaxonomyLookup {
  /** A slug, former slug, name or synonym -> the tag's slug; a word no tag knows stays as it is. */
  resolveTag: ResolveTag;
  ancestorsOf: AncestorsOf;
}

export function taxonomyLookup(tags: readonly TagForClustering[]): TaxonomyLookup {
  const slugOf = new Map<string, string>();
  for (const tag of tags) {
    for (const word of [tag.name, ...tag.synonyms, ...tag.aliases]) slugOf.set(word.trim().toLowerCase(), tag.slug);
  }
  // Slugs last, so that a slug wins over another tag's synonym spelt the same.
  for (const tag of tags) slugOf.set(tag.slug.toLowerCase(), tag.slug);
  const parentOf = new Map(tags.map((tag) => [tag.slug, tag.parent]));
  return {
    resolveTag: (word) => slugOf.get(word.trim().toLowerCase()) ?? word.trim().toLowerCase(),
    ancestorsOf: (slug) => {
      const ancestors: string[] = [];
      for (let parent = parentOf.get(slug); parent && !ancestors.includes(parent); parent = parentOf.get(parent)) {
        ancestors.push(parent);
      }
      return ancestors;
    },
  };
}
