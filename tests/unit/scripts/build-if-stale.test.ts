import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { isBuildStale, SERVER_ENTRY } from '../../../scripts/lib/build-if-stale.ts';

describe('isBuildStale', () => {
  const roots: string[] = [];
  afterEach(() => roots.splice(0).forEach((root) => rmSync(root, { recursive: true, force: true })));

  /** A project folder with one source file and, optionally, a build; times in seconds since 2026. */
  function project({ sourceAt, builtAt }: { sourceAt: number; builtAt?: number }): string {
    const root = mkdtempSync(join(tmpdir(), 'cbm-build-'));
    roots.push(root);
    const epoch = Date.UTC(2026, 0, 1) / 1000;
    mkdirSync(join(root, 'src/pages'), { recursive: true });
    writeFileSync(join(root, 'src/pages/index.astro'), '---\n---\n');
    utimesSync(join(root, 'src/pages/index.astro'), epoch + sourceAt, epoch + sourceAt);
    utimesSync(join(root, 'src/pages'), epoch, epoch);
    utimesSync(join(root, 'src'), epoch, epoch);
    if (builtAt !== undefined) {
      mkdirSync(join(root, 'dist/server'), { recursive: true });
      writeFileSync(join(root, SERVER_ENTRY), '');
      utimesSync(join(root, SERVER_ENTRY), epoch + builtAt, epoch + builtAt);
    }
    return root;
  }

  it('builds when there is no build', () => {
    expect(isBuildStale(project({ sourceAt: 10 }))).toBe(true);
  });

  it('builds when a source is newer than the build', () => {
    expect(isBuildStale(project({ sourceAt: 20, builtAt: 10 }))).toBe(true);
  });

  it('reuses a build newer than every source', () => {
    expect(isBuildStale(project({ sourceAt: 10, builtAt: 20 }))).toBe(false);
  });
});
