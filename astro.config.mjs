// @ts-check
import node from '@astrojs/node';
import { defineConfig } from 'astro/config';

export default defineConfig({
  output: 'server',
  adapter: node({ mode: 'standalone' }),
  // Pages post forms to themselves; Astro's origin check refuses cross-site form posts.
  security: { checkOrigin: true },
  server: { host: 'localhost', port: 4321 },
  vite: {
    // Prisma's generated clients and native drivers run from node_modules rather than the bundle.
    ssr: { external: ['@libsql/client', 'libsql', 'pg', '@prisma/adapter-libsql', '@prisma/adapter-pg'] },
  },
});
