/**
 * The address parameters of the local-issue list and the query fields they set. The list page, its
 * CSV download and the facility page's links all use these names.
 */
export const ISSUE_FILTER_PARAMETERS = {
  q: 'q',
  province: 'province',
  sector: 'sector',
  facility: 'facilityId',
  tag: 'tag',
  source: 'source',
  status: 'status',
  from: 'raisedFrom',
  to: 'raisedTo',
  archived: 'archived',
  personalData: 'personalData',
  importRun: 'importRunId',
} as const;

/** The filter parameters of `url` (only those set), for links that carry the same filters. */
export function issueFilterParameters(url: URL): URLSearchParams {
  const kept = new URLSearchParams();
  for (const parameter of Object.keys(ISSUE_FILTER_PARAMETERS)) {
    const value = url.searchParams.get(parameter)?.trim();
    if (value) kept.set(parameter, value);
  }
  return kept;
}
