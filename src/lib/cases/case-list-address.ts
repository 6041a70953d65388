import type { ListAddress } from '../lists/list-query.ts';

/** The address of a list of cases (/inbox and /cases): what each query parameter filters. */
export const CASE_LIST: ListAddress = {
  parameters: {
    view: 'view',
    status: 'status',
    priority: 'priority',
    province: 'province',
    department: 'departmentCode',
  },
};
