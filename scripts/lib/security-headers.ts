import type { ServerResponse } from 'node:http';

/**
 * Headers for every response, static files included (Astro's middleware does not see those).
 * The page's own Content-Security-Policy comes from Astro (security.csp in astro.config.mjs) as a
 * meta tag with hashes of its styles and scripts; frame-ancestors only works as a header.
 */
export function setSecurityHeaders(res: ServerResponse): void {
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.setHeader('Referrer-Policy', 'same-origin');
  res.setHeader('X-Frame-Options', 'DENY');
  res.setHeader('Content-Security-Policy', "frame-ancestors 'none'; base-uri 'self'; object-src 'none'");
  res.setHeader('Permissions-Policy', 'camera=(), microphone=(), geolocation=()');
  res.setHeader('Cross-Origin-Opener-Policy', 'same-origin');
}
