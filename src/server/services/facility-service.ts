import { z } from 'zod';
import { dialectOf } from '../../db/dialect.ts';
import type { Db } from '../../db/client.ts';
import type { Prisma } from '../../db/generated/sqlite/client.ts';
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
  const orderBy: Prisma.FacilityOrderByWithRelationInput[] =
    query.sort === 'open_issues'
      ? [{ localIssues: { _count: query.direction } }, { name: 'asc' }]
      : [{ [query.sort]: query.direction }, { name: 'asc' }];
  const [total, rows] = await Promise.all([
    db.facility.count({ where }),
    db.facility.findMany({
      where,
      orderBy,
      ...toSkipTake(query),
      include: {
        department: { select: { code: true, name: true } },
        _count: { select: { localIssues: { where: { status: 'open', archived: false } } } },
      },
    }),
  ]);
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

/** Departments that own at least one facility, for the list's filter. */
export async function listFacilityDepartments(db: Db) {
  return db.department.findMany({
    where: { facilities: { some: { archived: false } } },
    select: { code: true, name: true },
    orderBy: { name: 'asc' },
  });
}
