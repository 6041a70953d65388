import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const ROOT = new URL('../../', import.meta.url).pathname;

/**
 * A throw-away Astro project with this project's content schema and one page, checked by
 * `astro sync` as a build checks it. It lives below tests/ so that it resolves node_modules.
 */
function syncProjectWith(page: string) {
  mkdirSync(join(ROOT, 'tests/.tmp'), { recursive: true });
  const project = mkdtempSync(join(ROOT, 'tests/.tmp/content-'));
  for (const file of [
    'src/content.config.ts',
    'src/lib/knowledge/frontmatter.ts',
    'src/domain/vocabulary.ts',
    'content/taxonomy.json',
  ]) {
    mkdirSync(join(project, file, '..'), { recursive: true });
    copyFileSync(join(ROOT, file), join(project, file));
  }
  mkdirSync(join(project, 'content/guides'), { recursive: true });
  writeFileSync(join(project, 'content/guides/page.mdx'), page);
  writeFileSync(
    join(project, 'astro.config.mjs'),
    "import mdx from '@astrojs/mdx';\nexport default { integrations: [mdx()] };\n",
  );
  const result = spawnSync(join(ROOT, 'node_modules/.bin/astro'), ['sync', '--root', project], {
    encoding: 'utf8',
    env: {
      ...process.env,
      PATH: `${join(ROOT, 'node_modules/.bin')}:${process.env.PATH}`,
      ASTRO_TELEMETRY_DISABLED: '1',
      NO_COLOR: '1',
    },
  });
  // Colour codes can come through anyway (CI=true); the messages are checked without them.
  // eslint-disable-next-line no-control-regex
  const output = (result.stdout + result.stderr).replace(/\u001b\[[0-9;]*m/g, '');
  return { project, status: result.status, output };
}

describe('knowledge page frontmatter in the build', () => {
  const projects: string[] = [];
  afterAll(() => projects.forEach((project) => rmSync(project, { recursive: true, force: true })));
  const frontmatter = (lines: string[]) => `---\n${lines.join('\n')}\n---\nSome text.\n`;
  const valid = [
    'title: A guide for the test',
    'summary: A summary that is long enough for the schema.',
    'kind: guide',
    'lastReviewed: 2026-11-25',
  ];

  it('accepts a valid page', () => {
    const run = syncProjectWith(frontmatter([...valid, 'tags: [vehicles]']));
    projects.push(run.project);
    expect(run.output).not.toMatch(/InvalidContentEntryDataError/);
    expect(run.status).toBe(0);
  });

  it('fails on an unknown tag, naming the file and the field', () => {
    const run = syncProjectWith(frontmatter([...valid, 'tags: [vehicles, not-a-tag]']));
    projects.push(run.project);
    expect(run.status).not.toBe(0);
    expect(run.output).toContain('content/guides/page.mdx');
    expect(run.output).toContain('tags.1: unknown tag "not-a-tag": use a slug from content/taxonomy.json');
  });

  it('fails on a missing title and an unknown kind, naming both fields', () => {
    const run = syncProjectWith(
      frontmatter([...valid.slice(1).map((line) => line.replace('kind: guide', 'kind: essay')), 'tags: []']),
    );
    projects.push(run.project);
    expect(run.status).not.toBe(0);
    expect(run.output).toContain('content/guides/page.mdx');
    expect(run.output).toMatch(/title: /);
    expect(run.output).toMatch(/kind: /);
  });
});
