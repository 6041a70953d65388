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

/** The address of the public list of cases (/cases for the public; /cases?scope=public for staff). */
export const PUBLIC_CASE_LIST: ListAddress = {
  parameters: {
    department: 'departmentCode',
    province: 'province',
    sector: 'sector',
    status: 'status',
    tag: 'tag',
  },
};
