/**
 * A `next=` address is followed only when it is a path on this site: it starts with one "/" and
 * not "//" or "/\" (which browsers read as another host), and holds no control characters.
 */
export function safeReturnPath(next: string | null | undefined, fallback = '/'): string {
  if (!next || !next.startsWith('/') || next.startsWith('//') || next.startsWith('/\\')) return fallback;
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(next)) return fallback;
  try {
    const url = new URL(next, 'http://this.site');
    // Check the resolved path too: "/.//evil.example" resolves to "//evil.example", another host.
    const isOtherHost = url.pathname.startsWith('//') || url.pathname.startsWith('/\\');
    return url.host === 'this.site' && !isOtherHost ? `${url.pathname}${url.search}${url.hash}` : fallback;
  } catch {
    return fallback;
  }
}

/** /login?next=<where the person was going>. */
export function loginPath(current: URL): string {
  return `/login?next=${encodeURIComponent(`${current.pathname}${current.search}`)}`;
}
