import type { APIRoute } from 'astro';
import { ISSUE_FILTER_PARAMETERS, issueFilterParameters } from '../../lib/capture/issue-filters.ts';
import { csvDownload } from '../../lib/lists/csv-download.ts';

/** The filtered list of local issues as a CSV download (staff only, each in their own scope): every matching issue. */
export const GET: APIRoute = ({ locals, url }) => {
  const filter: Record<string, string> = {};
  for (const [parameter, value] of issueFilterParameters(url)) {
    filter[ISSUE_FILTER_PARAMETERS[parameter as keyof typeof ISSUE_FILTER_PARAMETERS]] = value;
  }
  return csvDownload('local-issues', (after?: { raisedOn: string; id: string }) =>
    locals.trpc.localIssue.exportCsv({ ...filter, after } as never),
  );
};
