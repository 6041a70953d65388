// Generates one Prisma client per provider. The Prisma CLI looks for its native schema engine
// before any command and tries to download it, which cannot work offline; generate does not need
// it, so it is pointed at /bin/false (never /bin/true, which makes other commands silently succeed).
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { GENERATED_DIR, schemaFor } from '../src/db/schema-source.ts';

mkdirSync(GENERATED_DIR, { recursive: true });
for (const provider of ['sqlite', 'postgresql'] as const) {
  const schema = schemaFor(provider);
  if (provider !== 'sqlite') writeFileSync(schema.path, schema.text);
  execFileSync('prisma', ['generate', '--schema', schema.path], {
    stdio: ['ignore', 'ignore', 'inherit'],
    env: { ...process.env, PRISMA_SCHEMA_ENGINE_BINARY: '/bin/false', PRISMA_HIDE_UPDATE_MESSAGE: '1' },
  });
  console.log(`Generated the ${provider} Prisma client.`);
}
