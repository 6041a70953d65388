import type { Prisma } from '../../../db/generated/sqlite/client.ts';

/**
 * A list's filter by one facility, as its id (from a select) or its code (typed where the facilities are too
 * many for a select: src/lib/lists/select-filters.ts).
 */
export const facilityIdOrCode = (value: string): Prisma.FacilityWhereInput => ({
  OR: [{ id: value }, { code: value.trim().toUpperCase() }],
});
