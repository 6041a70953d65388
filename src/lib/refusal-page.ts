/**
 * Pages refuse with a short plain-text answer (`new Response('There is no facility with this code.',
 * { status: 404 })`); the middleware shows that sentence inside the site's layout, with what to do
 * next, and keeps the status. These decide which answers that is and where a facility's address
 * belongs.
 */

/** A refusal a page sent as plain text: 403 or 404, not from the API (whose callers read JSON). */
export function isPlainPageRefusal(path: string, response: Response): boolean {
  if (response.status !== 403 && response.status !== 404) return false;
  if (path.startsWith('/api/') || path.startsWith('/_server-islands/')) return false;
  const type = response.headers.get('content-type') ?? '';
  return type === '' || type.startsWith('text/plain');
}

/** A facility's code is capitals (RecordCodeSchema); its address typed in lower case is the same address. */
export function canonicalFacilityPath(path: string): string | null {
  const match = /^\/facilities\/([^/]+)(\/.*)?$/.exec(path);
  const code = match?.[1];
  if (!code || code === code.toUpperCase()) return null;
  return `/facilities/${code.toUpperCase()}${match[2] ?? ''}`;
}
