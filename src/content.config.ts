import { defineCollection } from 'astro:content';
import { glob } from 'astro/loaders';
import { KnowledgeFrontmatterSchema } from './lib/knowledge/frontmatter.ts';

/**
 * The knowledge base: every .mdx file under content/ (toolkit/, guides/, case-studies/, strategy/,
 * templates/). A page with bad frontmatter or an unknown tag fails the build, naming file and field.
 */
const knowledge = defineCollection({
  loader: glob({ pattern: '**/*.mdx', base: './content' }),
  schema: KnowledgeFrontmatterSchema,
});

export const collections = { knowledge };
