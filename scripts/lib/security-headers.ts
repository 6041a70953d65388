import type { ServerResponse } from 'node:http';

/**
 * Headers for every response, static files included (Astro's middleware does not see those).
 * Rendered pages replace this Content-Security-Policy with Astro's (security.csp in
 * astro.config.mjs), which adds hashes of their styles and scripts; prerendered pages carry Astro's
 * as a meta tag, where frame-ancestors would be ignored, so X-Frame-Options does that job.
 */
export function setSecurityHeaders(res: ServerResponse): void {
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.setHeader('Referrer-Policy', 'same-origin');
  res.setHeader('X-Frame-Options', 'DENY');
  res.setHeader('Content-Security-Policy', "frame-ancestors 'none'; base-uri 'self'; object-src 'none'");
  res.setHeader('Permissions-Policy', 'camera=(), microphone=(), geolocation=()');
  res.setHeader('Cross-Origin-Opener-Policy', 'same-origin');
}
