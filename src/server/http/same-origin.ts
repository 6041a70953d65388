const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Whether a state-changing request comes from another site: its Origin is neither this request's
 * nor PUBLIC_URL's, or, without an Origin, the browser marks it cross-site. Cookies are SameSite=Lax
 * as well; this closes what they leave open (login CSRF, same-site subdomains).
 */
export function isCrossSiteWrite(request: Request, publicUrl: string): boolean {
  if (SAFE_METHODS.has(request.method)) return false;
  const origin = request.headers.get('origin');
  if (!origin) return request.headers.get('sec-fetch-site') === 'cross-site';
  return origin !== new URL(request.url).origin && origin !== new URL(publicUrl).origin;
}

export const crossSiteRefusal = () => new Response('Cross-site requests are refused.', { status: 403 });
