import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { ProviderName } from './provider-name.ts';

export const SCHEMA_PATH = fileURLToPath(new URL('../../prisma/schema.prisma', import.meta.url));
export const GENERATED_DIR = fileURLToPath(new URL('./generated/', import.meta.url));

/**
 * The schema text for one provider. prisma/schema.prisma is written for SQLite; the PostgreSQL
 * variant differs only in its provider and where its client is generated, because a client
 * generated for one provider refuses the other's adapter.
 */
export function schemaFor(provider: ProviderName): { path: string; text: string } {
  const text = readFileSync(SCHEMA_PATH, 'utf8');
  if (provider === 'sqlite') return { path: SCHEMA_PATH, text };
  const derived = text
    .replace(/provider = "sqlite"/, 'provider = "postgresql"')
    .replace(/output\s+= "\.\.\/src\/db\/generated\/sqlite"/, 'output   = "./postgresql"');
  if (derived.includes('"sqlite"') || !derived.includes('"./postgresql"')) {
    throw new Error('prisma/schema.prisma no longer has the provider and output lines schemaFor expects.');
  }
  return { path: `${GENERATED_DIR}schema.postgresql.prisma`, text: derived };
}
