import { existsSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { ProviderName } from './provider-name.ts';

/** A provider's migration folder, e.g. prisma/migrations/sqlite. */
export function migrationsDirOf(provider: ProviderName): string {
  return fileURLToPath(new URL(`../../prisma/migrations/${provider}`, import.meta.url));
}

/**
 * The migrations in a folder, by name, in the order they apply. Kept apart from migrations.ts, which loads
 * the schema engine, so that the readiness check can read them without it.
 */
export function migrationNamesIn(migrationsDir: string): string[] {
  if (!existsSync(migrationsDir)) return [];
  return readdirSync(migrationsDir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort();
}
