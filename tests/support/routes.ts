import { readdirSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const PAGES_DIR = fileURLToPath(new URL('../../src/pages/', import.meta.url));

/** The route pattern Astro gives a file under src/pages: 'issues/[id]/index.astro' is '/issues/[id]'. */
export function routeOf(file: string): string {
  const path = `/${file.replace(/\.(astro|ts|js|mjs|md|mdx|html)$/, '')}`.replace(/\/index$/, '');
  return path === '' ? '/' : path;
}

/** The files Astro makes routes of (it skips names starting with "_"), relative to src/pages. */
export function routeFiles(): string[] {
  return readdirSync(PAGES_DIR, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => relative(PAGES_DIR, join(entry.parentPath, entry.name)).split(sep).join('/'))
    .filter((file) => !file.split('/').some((segment) => segment.startsWith('_')))
    .sort();
}

/**
 * Finds the route pattern that serves a path, as Astro ranks them: a static segment before a
 * parameter, a parameter before a rest parameter ('/issues/new' is not '/issues/[id]').
 */
export function routeMatcher(patterns: readonly string[]): (path: string) => string | undefined {
  const ranked = patterns
    .map((pattern) => {
      const segments = pattern.split('/').slice(1);
      const source = segments
        .map((segment) =>
          segment.startsWith('[...')
            ? '/.+'
            : segment.startsWith('[')
              ? '/[^/]+'
              : `/${segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`,
        )
        .join('');
      // One digit a segment, left to right: 0 static, 1 parameter, 2 rest parameter.
      const rank = segments.map((s) => (s.startsWith('[...') ? 2 : s.startsWith('[') ? 1 : 0)).join('');
      return { pattern, regex: new RegExp(`^${source || '/'}$`), rank };
    })
    .sort((a, b) => a.rank.localeCompare(b.rank));
  return (path) => ranked.find((route) => route.regex.test(path))?.pattern;
}
