import type { APIRoute } from 'astro';
import { FACILITY_LIST } from '../../lib/capture/list-addresses.ts';
import { pagedListCsv } from '../../lib/lists/csv-download.ts';
import { FacilityExportSchema } from '../../server/services/capture/facility-service.ts';

/** The filtered, sorted list of facilities as a CSV download, as /facilities shows it. */
export const GET: APIRoute = ({ locals, url }) =>
  pagedListCsv('facilities', url, { schema: FacilityExportSchema, address: FACILITY_LIST }, (query, after) =>
    locals.trpc.facility.exportCsv({ ...query, after }),
  );
