import type { ListAddress } from '../lists/list-query.ts';

/** The address of the list of clusters (/clusters and its CSV download). */
export const CLUSTER_LIST: ListAddress = {
  parameters: {
    status: 'status',
    province: 'province',
    sector: 'sector',
    q: 'q',
    sort: 'sort',
    direction: 'direction',
    size: 'size',
  },
  fixedOf: (url) => ({ candidatesOnly: url.searchParams.get('candidates') === 'yes' }),
};

/** The address of the list of themes (/clusters, its first view): the clusters' filters but the size. */
export const THEME_LIST: ListAddress = {
  parameters: Object.fromEntries(Object.entries(CLUSTER_LIST.parameters).filter(([name]) => name !== 'size')),
  fixedOf: CLUSTER_LIST.fixedOf,
};

/** Which view of /clusters an address asks for: themes with their problems, or every problem on its own. */
export function clusterPageView(url: URL): 'themes' | 'problems' {
  return url.searchParams.get('view') === 'problems' || url.searchParams.has('size') ? 'problems' : 'themes';
}
