import { z } from 'zod';
import { dialectOf } from '../../db/dialect.ts';
import type { Db } from '../../db/client.ts';
import type { Prisma } from '../../db/generated/sqlite/client.ts';
import { scopeOf, type SignedInActor } from '../../domain/access/actor.ts';
import {
  FACILITY_KINDS,
  PROVINCES,
  SECTORS,
  type FacilityKind,
  type Province,
  type Sector,
} from '../../domain/vocabulary.ts';
import { PageRequestSchema, toPage, toSkipTake, type Page } from '../../lib/pagination.ts';

export const FACILITY_SORTS = ['name', 'province', 'kind', 'open_issues'] as const;
export type FacilitySort = (typeof FACILITY_SORTS)[number];

export const FacilityListQuerySchema = PageRequestSchema.extend({
  province: z.enum(PROVINCES).optional(),
  kind: z.enum(FACILITY_KINDS).optional(),
  sector: z.enum(SECTORS).optional(),
  departmentCode: z.string().trim().min(1).max(40).optional(),
  /** Part of the facility's name, code or community, any case. */
  search: z.string().trim().min(1).max(100).optional(),
  sort: z.enum(FACILITY_SORTS).default('name'),
  direction: z.enum(['asc', 'desc']).default('asc'),
});
export type FacilityListQuery = z.input<typeof FacilityListQuerySchema>;

export interface FacilityListItem {
  id: string;
  code: string;
  name: string;
  kind: FacilityKind;
  sector: Sector;
  province: Province;
  district: string;
  community: string;
  departmentCode: string;
  departmentName: string;
  openIssues: number;
}

export async function listFacilities(db: Db, rawQuery: FacilityListQuery): Promise<Page<FacilityListItem>> {
  const query = FacilityListQuerySchema.parse(rawQuery);
  const text = query.search ? dialectOf(db).containsText(query.search) : undefined;
  const where: Prisma.FacilityWhereInput = {
    archived: false,
    province: query.province,
    kind: query.kind,
    sector: query.sector,
    department: query.departmentCode ? { code: query.departmentCode } : undefined,
    OR: text ? [{ name: text }, { code: text }, { community: text }] : undefined,
  };
  const include = {
    department: { select: { code: true, name: true } },
    _count: { select: { localIssues: { where: OPEN_ISSUE } } },
  } satisfies Prisma.FacilityInclude;
  let total: number;
  let rows: Prisma.FacilityGetPayload<{ include: typeof include }>[];
  if (query.sort === 'open_issues') {
    ({ total, rows } = await pageByOpenIssues(db, where, include, query));
  } else {
    [total, rows] = await Promise.all([
      db.facility.count({ where }),
      db.facility.findMany({
        where,
        orderBy: [{ [query.sort]: query.direction }, { name: 'asc' }],
        ...toSkipTake(query),
        include,
      }),
    ]);
  }
  const items = rows.map((row) => ({
    id: row.id,
    code: row.code,
    name: row.name,
    kind: row.kind,
    sector: row.sector,
    province: row.province,
    district: row.district,
    community: row.community,
    departmentCode: row.department.code,
    departmentName: row.department.name,
    openIssues: row._count.localIssues,
  }));
  return toPage(items, total, query);
}

const OPEN_ISSUE = { status: 'open', archived: false } satisfies Prisma.LocalIssueWhereInput;

/**
 * Prisma can order by a relation's count but not by a filtered count, so the open-issue order is
 * worked out from a grouped count over the matching facilities (hundreds, not millions).
 */
async function pageByOpenIssues<I extends Prisma.FacilityInclude>(
  db: Db,
  where: Prisma.FacilityWhereInput,
  include: I,
  query: z.output<typeof FacilityListQuerySchema>,
) {
  const [candidates, counts] = await Promise.all([
    db.facility.findMany({ where, select: { id: true, name: true } }),
    db.localIssue.groupBy({ by: ['facilityId'], where: { ...OPEN_ISSUE, facility: where }, _count: { _all: true } }),
  ]);
  const openCount = new Map(counts.map((row) => [row.facilityId, row._count._all]));
  const sign = query.direction === 'asc' ? 1 : -1;
  const ordered = candidates.sort(
    (a, b) => sign * ((openCount.get(a.id) ?? 0) - (openCount.get(b.id) ?? 0)) || a.name.localeCompare(b.name),
  );
  const { skip, take } = toSkipTake(query);
  const pageIds = ordered.slice(skip, skip + take).map((facility) => facility.id);
  const found = await db.facility.findMany({ where: { id: { in: pageIds } }, include });
  const byId = new Map(found.map((row) => [row.id, row]));
  return { total: candidates.length, rows: pageIds.flatMap((id) => byId.get(id) ?? []) };
}

/** Departments that own at least one facility, for the list's filter. */
export async function listFacilityDepartments(db: Db) {
  return db.department.findMany({
    where: { facilities: { some: { archived: false } } },
    select: { code: true, name: true },
    orderBy: { name: 'asc' },
  });
}

/**
 * The facilities an actor works with (a facilitator's own, everyone else's all), as id, name and
 * code for pickers such as a facilitator's assignments or the facility of a new local issue.
 */
export async function listFacilityOptions(db: Db, actor: SignedInActor) {
  const scope = scopeOf(actor);
  return db.facility.findMany({
    where: { archived: false, ...(scope.kind === 'facilities' && { id: { in: [...scope.facilityIds] } }) },
    select: { id: true, name: true, code: true },
    orderBy: { name: 'asc' },
  });
}
