import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { KnowledgeFrontmatterSchema, type KnowledgeFrontmatter } from './frontmatter.ts';

export interface KnowledgeSource {
  /** Path below content/ without the extension, as Astro's glob loader names entries: "toolkit/overview". */
  id: string;
  file: string;
  frontmatter: KnowledgeFrontmatter;
  /** The MDX body, without the frontmatter. */
  body: string;
}

function mdxFilesBelow(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return mdxFilesBelow(path);
    return entry.name.endsWith('.mdx') ? [path] : [];
  });
}

/**
 * Reads every knowledge page from disk, for what runs outside Astro (the search index built at the
 * end of a build, tests). Throws one error listing every file and field that is wrong.
 */
export function readKnowledgeSources(contentDir: string): KnowledgeSource[] {
  const problems: string[] = [];
  const sources: KnowledgeSource[] = [];
  for (const file of mdxFilesBelow(contentDir).sort()) {
    const text = readFileSync(file, 'utf8');
    const match = /^---\r?\n([\s\S]*?)\r?\n---\r?\n?([\s\S]*)$/.exec(text);
    const name = relative(contentDir, file);
    if (!match) {
      problems.push(`${name}: no frontmatter between --- lines`);
      continue;
    }
    const parsed = KnowledgeFrontmatterSchema.safeParse(parseYaml(match[1] ?? ''));
    if (!parsed.success) {
      for (const issue of parsed.error.issues) problems.push(`${name}: ${issue.path.join('.')}: ${issue.message}`);
      continue;
    }
    sources.push({
      id: name
        .replace(/\.mdx$/, '')
        .split('\\')
        .join('/'),
      file,
      frontmatter: parsed.data,
      body: match[2] ?? '',
    });
  }
  if (problems.length > 0) throw new Error(`Knowledge pages with problems:\n${problems.join('\n')}`);
  return sources;
}
