import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { AstroIntegration } from 'astro';
import { buildKnowledgeIndexFromDisk, KNOWLEDGE_INDEX_FILE } from '../server/knowledge/knowledge-index.ts';

/**
 * Builds the knowledge base's lunr index once per build and writes it beside the server bundle,
 * where the server loads it at its first search; it is not a public file (partner pages are in it).
 */
export function knowledgeIndex(): AstroIntegration {
  return {
    name: 'cbm-knowledge-index',
    hooks: {
      'astro:build:done': ({ dir, logger }) => {
        const serverDir = new URL('../server/', dir);
        const built = buildKnowledgeIndexFromDisk();
        writeFileSync(fileURLToPath(new URL(KNOWLEDGE_INDEX_FILE, serverDir)), JSON.stringify(built));
        logger.info(`Indexed ${built.pages.length} knowledge pages for search.`);
      },
    },
  };
}
