import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const BUILD_INPUTS = [
  'src',
  'content',
  'public',
  'prisma/schema.prisma',
  'astro.config.mjs',
  'package.json',
  'tsconfig.json',
];
export const SERVER_ENTRY = 'dist/server/entry.mjs';

function newestModification(path: string): number {
  if (!existsSync(path)) return 0;
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return readdirSync(path).reduce(
    (newest, name) => Math.max(newest, newestModification(join(path, name))),
    stat.mtimeMs,
  );
}

/** Whether dist/ is missing or older than any source it is built from. */
export function isBuildStale(root: string): boolean {
  const entry = join(root, SERVER_ENTRY);
  if (!existsSync(entry)) return true;
  const builtAt = statSync(entry).mtimeMs;
  return BUILD_INPUTS.some((input) => newestModification(join(root, input)) > builtAt);
}

export function buildIfStale(root: string): boolean {
  if (!isBuildStale(root)) return false;
  console.log('Building CBM Tracker (dist/ is missing or older than the sources)...');
  execFileSync('astro', ['build'], {
    cwd: root,
    stdio: ['ignore', 'inherit', 'inherit'],
    env: { ...process.env, ASTRO_TELEMETRY_DISABLED: '1' },
  });
  return true;
}
