/** The address of page `page` of the list at `url`, its filters kept. */
export function pageHref(url: URL, page: number): string {
  const next = new URL(url);
  next.searchParams.set('page', String(page));
  return `${next.pathname}${next.search}`;
}
