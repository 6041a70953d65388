/** Links for sortable column headers: a click sorts by the column, a second click reverses it. */
export function sortLinks(url: URL, current: { sort: string; direction: 'asc' | 'desc' }) {
  return {
    href(sort: string, firstDirection: 'asc' | 'desc' = 'asc') {
      const next = new URL(url);
      const reverse = firstDirection === 'asc' ? 'desc' : 'asc';
      next.searchParams.set('sort', sort);
      next.searchParams.set(
        'direction',
        current.sort === sort && current.direction === firstDirection ? reverse : firstDirection,
      );
      next.searchParams.delete('page');
      return `${next.pathname}${next.search}`;
    },
    ariaSort(sort: string): 'ascending' | 'descending' | undefined {
      if (current.sort !== sort) return undefined;
      return current.direction === 'asc' ? 'ascending' : 'descending';
    },
  };
}
