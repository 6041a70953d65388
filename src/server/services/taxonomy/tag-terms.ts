import type { Db, Tx } from '../../../db/client.ts';
import { tagVocabulary, type TagVocabulary } from '../../../domain/taxonomy/resolve-term.ts';
import { normaliseTerm } from '../../../domain/taxonomy/words.ts';

export interface TagTerms {
  /** Slug, former slug, name or synonym, normalised (lower case, single spaces) -> tag id. */
  tagIdByTerm: Map<string, string>;
  /** Every live tag, for pickers and for the answers a form gives back. */
  tags: { id: string; slug: string; name: string; parentId: string | null }[];
  /** The same words for what people type in forms and imports: any case and punctuation, with suggestions. */
  vocabulary: TagVocabulary;
}

/** The words a person may use for a tag; merged tags answer through the tag they were merged into. */
export async function loadTagTerms(db: Db | Tx): Promise<TagTerms> {
  const tags = await db.tag.findMany({
    where: { mergedIntoId: null },
    select: {
      id: true,
      slug: true,
      name: true,
      parentId: true,
      synonyms: { select: { term: true } },
      aliases: { select: { slug: true } },
    },
    orderBy: { name: 'asc' },
  });
  const tagIdByTerm = new Map<string, string>();
  for (const tag of tags) {
    const terms = [tag.name, ...tag.synonyms.map((s) => s.term), ...tag.aliases.map((a) => a.slug), tag.slug];
    // The slug last, so that it wins over another tag's synonym of the same spelling.
    for (const term of terms) tagIdByTerm.set(normaliseTerm(term), tag.id);
  }
  return {
    tagIdByTerm,
    tags: tags.map(({ id, slug, name, parentId }) => ({ id, slug, name, parentId })),
    vocabulary: tagVocabulary(
      tags.map(({ id, slug, name, synonyms, aliases }) => ({
        id,
        slug,
        name,
        synonyms: synonyms.map((synonym) => synonym.term),
        aliases: aliases.map((alias) => alias.slug),
      })),
    ),
  };
}

/** A tag and every tag below it, for filters that mean "about this topic". */
export function withDescendants(tags: TagTerms['tags'], tagId: string): string[] {
  const children = new Map<string, string[]>();
  for (const tag of tags) {
    if (tag.parentId) children.set(tag.parentId, [...(children.get(tag.parentId) ?? []), tag.id]);
  }
  const found: string[] = [];
  const visit = (id: string) => {
    found.push(id);
    for (const child of children.get(id) ?? []) visit(child);
  };
  visit(tagId);
  return found;
}
