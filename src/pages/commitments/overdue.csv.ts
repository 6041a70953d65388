import type { APIRoute } from 'astro';
import { OVERDUE_LIST } from '../../lib/capture/list-addresses.ts';
import { pagedListCsv } from '../../lib/lists/csv-download.ts';
import { OverdueExportSchema } from '../../server/services/capture/charter-service.ts';

/** The filtered list of overdue commitments as a CSV download, in each person's scope, as /commitments/overdue shows it. */
export const GET: APIRoute = ({ locals, url }) =>
  pagedListCsv('overdue-commitments', url, { schema: OverdueExportSchema, address: OVERDUE_LIST }, (query, after) =>
    locals.trpc.charter.exportOverdueCsv({ ...query, after }),
  );
