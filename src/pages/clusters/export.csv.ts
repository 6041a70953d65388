import type { APIRoute } from 'astro';
import { CLUSTER_LIST } from '../../lib/clustering/cluster-list-address.ts';
import { pagedListCsv } from '../../lib/lists/csv-download.ts';
import { ClusterExportSchema } from '../../server/services/clustering/cluster-queries.ts';

/** The filtered, sorted list of clusters as a CSV download (analysts and administrators), as /clusters shows it. */
export const GET: APIRoute = ({ locals, url }) =>
  pagedListCsv('clusters', url, { schema: ClusterExportSchema, address: CLUSTER_LIST }, (query, after) =>
    locals.trpc.cluster.exportCsv({ ...query, after }),
  );
