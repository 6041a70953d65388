// @ts-check
import mdx from '@astrojs/mdx';
import node from '@astrojs/node';
import { defineConfig } from 'astro/config';
import { knowledgeIndex } from './src/integrations/knowledge-index.ts';

export default defineConfig({
  output: 'server',
  // Whitespace between text and an element on the next line is kept as one space (Astro 7's default, 'jsx',
  // drops it, which ran words together: "orODK Central", "In progressoverdue").
  compressHTML: true,
  // scripts/lib/web-server.ts is the server: it serves the built files from memory and hands the rest to the
  // adapter's handler, which in this mode renders without looking for a file on disk first.
  adapter: node({ mode: 'middleware' }),
  integrations: [mdx(), knowledgeIndex()],
  // Shiki highlights code with inline styles, which the Content-Security-Policy forbids.
  markdown: { syntaxHighlight: false },
  security: {
    // Pages post forms to themselves; Astro's origin check refuses cross-site form posts (CSRF).
    checkOrigin: true,
    // Astro sends pages a Content-Security-Policy header with hashes of every style and script it
    // emits; scripts/lib/security-headers.ts gives static files a policy of their own.
    csp: {
      directives: [
        "default-src 'self'",
        "img-src 'self' data:",
        "form-action 'self'",
        "base-uri 'self'",
        "object-src 'none'",
        "connect-src 'self'",
      ],
    },
  },
  server: { host: 'localhost', port: 4321 },
  vite: {
    // Prisma's generated clients and native drivers run from node_modules rather than the bundle.
    ssr: { external: ['@libsql/client', 'libsql', 'pg', '@prisma/adapter-libsql', '@prisma/adapter-pg'] },
    build: {
      rollupOptions: {
        // Astro's MDX output starts with a directive the bundler cannot keep; Astro handles it.
        onwarn(warning, warn) {
          if (warning.code !== 'MODULE_LEVEL_DIRECTIVE') warn(warning);
        },
      },
    },
  },
});
