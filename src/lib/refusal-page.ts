/**
 * Pages refuse with a short plain-text answer (`new Response('There is no facility with this code.',
 * { status: 404 })`); the middleware shows that sentence inside the site's layout, with what to do
 * next, and keeps the status. These decide which answers that is and where an address with a record's
 * code belongs.
 */

/** A refusal a page sent as plain text: 403 or 404, not from the API (whose callers read JSON). */
export function isPlainPageRefusal(path: string, response: Response): boolean {
  if (response.status !== 403 && response.status !== 404) return false;
  if (path.startsWith('/api/') || path.startsWith('/_server-islands/')) return false;
  const type = response.headers.get('content-type') ?? '';
  return type === '' || type.startsWith('text/plain');
}

/**
 * Records named in an address by a code of one case: facility and department codes are capitals
 * (RecordCodeSchema), tag slugs small letters (slugProblem). `fixed` are other pages under the same folder.
 */
const CODES_IN_ADDRESSES = [
  { folder: '/facilities/', toCase: (code: string) => code.toUpperCase(), fixed: ['export.csv'] },
  { folder: '/admin/departments/', toCase: (code: string) => code.toUpperCase(), fixed: ['new'] },
  { folder: '/taxonomy/', toCase: (slug: string) => slug.toLowerCase(), fixed: [] },
  { folder: '/knowledge/tag/', toCase: (slug: string) => slug.toLowerCase(), fixed: [] },
  // The case feeds (docs/PUBLIC.md): /departments/<code>/cases.atom, /provinces/<slug>/..., /tags/<slug>/...
  { folder: '/departments/', toCase: (code: string) => code.toUpperCase(), fixed: [] },
  { folder: '/provinces/', toCase: (slug: string) => slug.toLowerCase(), fixed: [] },
  { folder: '/tags/', toCase: (slug: string) => slug.toLowerCase(), fixed: [] },
] as const;

/**
 * The address of a record whose code was typed in the other case (`/facilities/kic-kabokweni-clinic`,
 * `/taxonomy/Police-Van`), or null when the address is already its own.
 */
export function canonicalCodePath(path: string): string | null {
  for (const { folder, toCase, fixed } of CODES_IN_ADDRESSES) {
    if (!path.startsWith(folder)) continue;
    const [code = '', ...rest] = path.slice(folder.length).split('/');
    if (code === '' || (fixed as readonly string[]).includes(code.toLowerCase())) return null;
    const canonical = toCase(code);
    return canonical === code ? null : `${folder}${[canonical, ...rest].join('/')}`;
  }
  return null;
}
