import { TRPCError } from '@trpc/server';
import type { APIRoute } from 'astro';
import { DASHBOARD_ADDRESS, DASHBOARD_TABLE_KEYS, dashboardTables } from '../../lib/cases/dashboard-tables.ts';
import { csvText } from '../../lib/lists/csv.ts';
import { csvDownload } from '../../lib/lists/csv-download.ts';
import { readListAddress } from '../../lib/lists/list-query.ts';
import { DashboardSchema } from '../../server/services/cases/dashboard-service.ts';

const plainText = (status: number, message: string) =>
  new Response(message, { status, headers: { 'Content-Type': 'text/plain; charset=utf-8' } });

/** One table of /dashboard as a CSV download, with the page's filters: the same rows the page shows. */
export const GET: APIRoute = ({ locals, params, url }) => {
  const key = DASHBOARD_TABLE_KEYS.find((each) => each === params.table);
  if (!key) return plainText(404, 'The dashboard has no such table.');
  const { query, isValid } = readListAddress(DashboardSchema, url, DASHBOARD_ADDRESS);
  if (!isValid) {
    return plainText(
      400,
      'Some filters in the address were not recognised: go back to the dashboard and filter again.',
    );
  }
  return csvDownload(`dashboard-${key}`, async () => {
    const table = dashboardTables(await locals.trpc.case.dashboard(query)).find((each) => each.key === key);
    // Only the clusters proposed for escalation are left out, for officials.
    if (!table)
      throw new TRPCError({ code: 'FORBIDDEN', message: 'Only DPME staff see the clusters proposed for escalation.' });
    return {
      csv: csvText(
        table.columns.map((column) => column.header),
        table.rows.map((row) => row.map((cell) => cell.value)),
        { isFirstChunk: true },
      ),
      next: null,
    };
  });
};
