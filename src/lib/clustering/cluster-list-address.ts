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
