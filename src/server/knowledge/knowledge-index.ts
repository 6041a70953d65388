import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import facts from '../../../content/facts.json' with { type: 'json' };
import taxonomy from '../../../content/taxonomy.json' with { type: 'json' };
import { readKnowledgeSources } from '../../lib/knowledge/read-pages.ts';
import { buildKnowledgeIndex, type KnowledgeIndexFile, type TaxonomyTerms } from '../../lib/knowledge/search-index.ts';
import { loadKnowledgeIndex, type LoadedKnowledgeIndex } from '../../lib/knowledge/search.ts';

export const KNOWLEDGE_INDEX_FILE = 'knowledge-index.json';

const TERMS: TaxonomyTerms = Object.fromEntries(taxonomy.tags.map((tag) => [tag.slug, [tag.name, ...tag.synonyms]]));

/** Reads content/ and builds the index: at the end of a build, and in development and tests. */
export function buildKnowledgeIndexFromDisk(contentDir = join(process.cwd(), 'content')): KnowledgeIndexFile {
  return buildKnowledgeIndex(readKnowledgeSources(contentDir), facts as Record<string, string | number>, TERMS);
}

/** The built index beside the server bundle (this module may sit one or two folders below it). */
function findBuiltIndex(): string | null {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let level = 0; level < 3; level += 1) {
    const candidate = join(dir, KNOWLEDGE_INDEX_FILE);
    if (existsSync(candidate)) return candidate;
    dir = dirname(dir);
  }
  return null;
}

let loaded: LoadedKnowledgeIndex | undefined;

/** The index, loaded once per process. */
export function knowledgeIndexForSearch(): LoadedKnowledgeIndex {
  if (!loaded) {
    const built = findBuiltIndex();
    loaded = loadKnowledgeIndex(
      built ? (JSON.parse(readFileSync(built, 'utf8')) as KnowledgeIndexFile) : buildKnowledgeIndexFromDisk(),
    );
  }
  return loaded;
}
