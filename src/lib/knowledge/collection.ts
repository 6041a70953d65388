import { getCollection, type CollectionEntry } from 'astro:content';
import taxonomy from '../../../content/taxonomy.json' with { type: 'json' };
import { KNOWLEDGE_KINDS } from './frontmatter.ts';
import { urlOfPage } from './search-index.ts';

export type KnowledgeEntry = CollectionEntry<'knowledge'>;

const kindRank = (entry: KnowledgeEntry) => KNOWLEDGE_KINDS.indexOf(entry.data.kind);

/** Knowledge pages in reading order: by kind, then their order, then title. */
export async function knowledgeEntries(visibility?: 'public' | 'partners'): Promise<KnowledgeEntry[]> {
  const entries = await getCollection('knowledge', (entry) => !visibility || entry.data.visibility === visibility);
  return entries.sort(
    (a, b) => kindRank(a) - kindRank(b) || a.data.order - b.data.order || a.data.title.localeCompare(b.data.title),
  );
}

export const urlOf = (entry: KnowledgeEntry) => urlOfPage(entry.id, entry.data.visibility);

export const TAG_NAMES: Record<string, string> = Object.fromEntries(taxonomy.tags.map((tag) => [tag.slug, tag.name]));

/** The toolkit page before and after this one, for reading the toolkit in order. */
export function toolkitNeighbours(entry: KnowledgeEntry, all: KnowledgeEntry[]) {
  if (entry.data.kind !== 'toolkit') return { previous: undefined, next: undefined };
  const toolkit = all.filter(
    (other) => other.data.kind === 'toolkit' && other.data.visibility === entry.data.visibility,
  );
  const position = toolkit.findIndex((other) => other.id === entry.id);
  return { previous: toolkit[position - 1], next: toolkit[position + 1] };
}
