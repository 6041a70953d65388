import type { ListAddress } from '../lists/list-query.ts';

/** The address of the list of facilities (/facilities and its CSV download). */
export const FACILITY_LIST: ListAddress = {
  parameters: {
    province: 'province',
    kind: 'kind',
    sector: 'sector',
    department: 'departmentCode',
    district: 'district',
    q: 'search',
    sort: 'sort',
    direction: 'direction',
  },
};

/** The address of the list of overdue commitments (/commitments/overdue and its CSV download). */
export const OVERDUE_LIST: ListAddress = {
  parameters: { province: 'province', facility: 'facilityId', department: 'departmentCode' },
};
