/** The address of page `page` of the list at `url`, its filters kept. */
export function pageHref(url: URL, page: number): string {
  const next = new URL(url);
  next.searchParams.set('page', String(page));
  return `${next.pathname}${next.search}`;
}

/** The address of a list without its filters: `keep` holds what stays (the sort, a section). */
export function clearFiltersHref(path: string, keep: Record<string, string | undefined> = {}): string {
  const kept = new URLSearchParams(
    Object.entries(keep).filter((entry): entry is [string, string] => Boolean(entry[1])),
  );
  return kept.size > 0 ? `${path}?${kept}` : path;
}

/** The sort in a list's address, which applying or clearing filters keeps. */
export function keptSort(url: URL): Record<string, string | undefined> {
  return {
    sort: url.searchParams.get('sort') ?? undefined,
    direction: url.searchParams.get('direction') ?? undefined,
  };
}
