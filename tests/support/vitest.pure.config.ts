// Pure tests only (no database, no build): `npx vitest run --config tests/support/vitest.pure.config.ts <files>`.
// Quick while writing domain code; `npm test` still runs everything.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  root: new URL('../../', import.meta.url).pathname,
  test: { include: ['tests/unit/**/*.test.ts'], setupFiles: ['tests/support/quiet-logs.ts'], pool: 'forks' },
});
