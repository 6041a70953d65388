import { z } from 'zod';
import { dialectOf } from '../../../db/dialect.ts';
import type { Db } from '../../../db/client.ts';
import type { Prisma } from '../../../db/generated/sqlite/client.ts';
import { scopeOf, type Actor, type SignedInActor } from '../../../domain/accounts/actor.ts';
import { stepProgress } from '../../../domain/capture/round-steps.ts';
import { textField } from '../../../domain/text/text-schema.ts';
import {
  FACILITY_KINDS,
  LOCAL_ISSUE_STATUSES,
  PROVINCES,
  SECTORS,
  type FacilityKind,
  type Province,
  type Sector,
} from '../../../domain/vocabulary.ts';
import { toCalendarDate } from '../../../lib/calendar-date.ts';
import { PagedExportSchema, pagedCsvChunk, type CsvColumn } from '../../../lib/lists/csv.ts';
import { PageRequestSchema, toPage, toSkipTake, type Page } from '../../../lib/lists/pagination.ts';
import { refreshingCache } from '../../../lib/refreshing-cache.ts';
import { overdueWhere } from './charter-service.ts';
import { facilityIdOrCode } from './facility-filter.ts';
import { ServiceError } from '../shared/service-error.ts';

export const FACILITY_SORTS = ['name', 'province', 'kind', 'open_issues'] as const;
export type FacilitySort = (typeof FACILITY_SORTS)[number];

export const FacilityListQuerySchema = PageRequestSchema.extend({
  province: z.enum(PROVINCES).optional(),
  kind: z.enum(FACILITY_KINDS).optional(),
  sector: z.enum(SECTORS).optional(),
  departmentCode: textField().trim().min(1).max(40).optional(),
  /** Part of the district's name, any case: a district of the chosen province, or typed freely. */
  district: textField().trim().min(1).max(100).optional(),
  /** Part of the facility's name, code or community, any case. */
  search: textField().trim().min(1).max(100).optional(),
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
  const dialect = dialectOf(db);
  const text = query.search ? dialect.containsText(query.search) : undefined;
  const where: Prisma.FacilityWhereInput = {
    archived: false,
    province: query.province,
    district: query.district ? dialect.containsText(query.district) : undefined,
    kind: query.kind,
    sector: query.sector,
    department: query.departmentCode ? { code: query.departmentCode } : undefined,
    OR: text ? [{ name: text }, { code: text }, { community: text }] : undefined,
  };
  const include = { department: { select: { code: true, name: true } } } satisfies Prisma.FacilityInclude;
  const openCounts = await openIssueCounts(db);
  const openIssuesOf = (facilityId: string) => openCounts.get(facilityId) ?? 0;
  let total: number;
  let rows: Prisma.FacilityGetPayload<{ include: typeof include }>[];
  if (query.sort === 'open_issues') {
    ({ total, rows } = await pageByOpenIssues(db, where, include, openIssuesOf, query));
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
    openIssues: openIssuesOf(row.id),
  }));
  return toPage(items, total, query);
}

const OPEN_ISSUE = { status: 'open', archived: false } satisfies Prisma.LocalIssueWhereInput;

/** How long the facility list's open-issue counts may lag, like the home page's figures. */
export const OPEN_ISSUE_COUNTS_MAX_AGE_MS = 30_000;

/**
 * Open issues per facility, counted at most every 30 s per process. The public list shows them on every
 * page and orders by them; counting them is a grouped count over every open issue (200 ms at 100,000
 * issues on SQLite, which runs it on the web process's event loop), too much for every anonymous view.
 */
const openIssueCounts = refreshingCache(
  async (db: Db) => {
    const counts = await db.localIssue.groupBy({ by: ['facilityId'], where: OPEN_ISSUE, _count: { _all: true } });
    return new Map(counts.map((row) => [row.facilityId, row._count._all]));
  },
  { maxAgeMs: OPEN_ISSUE_COUNTS_MAX_AGE_MS },
);

/**
 * Prisma can order by a relation's count but not by a filtered count, so the open-issue order is
 * worked out from the counts over the matching facilities (hundreds, not millions).
 */
async function pageByOpenIssues<I extends Prisma.FacilityInclude>(
  db: Db,
  where: Prisma.FacilityWhereInput,
  include: I,
  openIssuesOf: (facilityId: string) => number,
  query: z.output<typeof FacilityListQuerySchema>,
) {
  const candidates = await db.facility.findMany({ where, select: { id: true, name: true } });
  const sign = query.direction === 'asc' ? 1 : -1;
  const ordered = candidates.sort(
    (a, b) => sign * (openIssuesOf(a.id) - openIssuesOf(b.id)) || a.name.localeCompare(b.name),
  );
  const { skip, take } = toSkipTake(query);
  const pageIds = ordered.slice(skip, skip + take).map((facility) => facility.id);
  const found = await db.facility.findMany({ where: { id: { in: pageIds } }, include });
  const byId = new Map(found.map((row) => [row.id, row]));
  return { total: candidates.length, rows: pageIds.flatMap((id) => byId.get(id) ?? []) };
}

export const FacilityExportSchema = FacilityListQuerySchema.omit({ page: true, pageSize: true }).extend(
  PagedExportSchema.shape,
);

const FACILITY_CSV_COLUMNS: readonly CsvColumn<FacilityListItem>[] = [
  { header: 'code', cell: (facility) => facility.code },
  { header: 'name', cell: (facility) => facility.name },
  { header: 'kind', cell: (facility) => facility.kind },
  { header: 'sector', cell: (facility) => facility.sector },
  { header: 'province', cell: (facility) => facility.province },
  { header: 'district', cell: (facility) => facility.district },
  { header: 'community', cell: (facility) => facility.community },
  { header: 'department_code', cell: (facility) => facility.departmentCode },
  { header: 'department_name', cell: (facility) => facility.departmentName },
  { header: 'open_issues', cell: (facility) => facility.openIssues },
];

/** One chunk of the filtered, sorted list of facilities as CSV (/facilities/export.csv). */
export async function exportFacilitiesCsv(db: Db, input: z.input<typeof FacilityExportSchema>) {
  const { after, ...query } = FacilityExportSchema.parse(input);
  return pagedCsvChunk(FACILITY_CSV_COLUMNS, after, (request) => listFacilities(db, { ...query, ...request }));
}

/** The districts that have facilities, in one province or all, for the list's district filter. */
export async function listDistricts(db: Db, province?: Province) {
  const rows = await db.facility.findMany({
    where: { archived: false, province },
    distinct: ['district'],
    select: { district: true },
    orderBy: { district: 'asc' },
  });
  return rows.map((row) => row.district);
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
export async function listFacilityOptions(db: Db, actor: SignedInActor, atMost?: number) {
  const scope = scopeOf(actor);
  return db.facility.findMany({
    where: { archived: false, ...(scope.kind === 'facilities' && { id: { in: [...scope.facilityIds] } }) },
    select: { id: true, name: true, code: true },
    orderBy: { name: 'asc' },
    take: atMost,
  });
}

/**
 * One of the facilities an actor works with, by its id or its code (typed where they are too many for a
 * select), as `listFacilityOptions` gives it; null when it is not one of them.
 */
export async function findFacilityOption(db: Db, actor: SignedInActor, idOrCode: string) {
  const scope = scopeOf(actor);
  return db.facility.findFirst({
    where: {
      AND: [facilityIdOrCode(idOrCode), { archived: false }],
      ...(scope.kind === 'facilities' && { id: { in: [...scope.facilityIds] } }),
    },
    select: { id: true, name: true, code: true },
  });
}

/**
 * A facility's page: its facts, a summary in counts, and its monitoring rounds. Counts and rounds
 * are public; the issues' and commitments' text is not, and comes from the local-issue and charter
 * procedures within the reader's scope. Archived facilities are shown to administrators only.
 */
export async function getFacility(db: Db, actor: Actor, code: string, now = new Date()) {
  const facility = await db.facility.findUnique({
    where: { code },
    include: {
      department: { select: { id: true, code: true, name: true, sphere: true, province: true, sector: true } },
    },
  });
  const isAdmin = actor.kind === 'user' && actor.role === 'admin';
  if (!facility || (facility.archived && !isAdmin)) {
    throw new ServiceError('not_found', `There is no facility with the code ${code}.`);
  }
  const facilityId = facility.id;
  const [byStatus, overdueCommitments, commitments, rounds] = await Promise.all([
    db.localIssue.groupBy({ by: ['status'], where: { facilityId, archived: false }, _count: { _all: true } }),
    db.charterCommitment.count({ where: { AND: [{ facilityId }, overdueWhere(now)] } }),
    db.charterCommitment.count({ where: { facilityId } }),
    db.monitoringRound.findMany({ where: { facilityId }, orderBy: [{ startedOn: 'desc' }, { wave: 'desc' }] }),
  ]);
  // Counted for these rounds only: Prisma's relation count groups every issue of every round first.
  const byRound = await db.localIssue.groupBy({
    by: ['roundId'],
    where: { roundId: { in: rounds.map((round) => round.id) }, archived: false },
    _count: { _all: true },
  });
  const issuesOfRound = new Map(byRound.map((row) => [row.roundId, row._count._all]));
  const countOf = new Map(byStatus.map((row) => [row.status, row._count._all]));
  return {
    ...facility,
    summary: {
      issuesByStatus: LOCAL_ISSUE_STATUSES.map((status) => ({ status, count: countOf.get(status) ?? 0 })),
      issues: [...countOf.values()].reduce((sum, count) => sum + count, 0),
      openIssues: countOf.get('open') ?? 0,
      escalatedIssues: countOf.get('escalated') ?? 0,
      commitments,
      overdueCommitments,
    },
    rounds: rounds.map(({ startedOn, endedOn, ...round }) => ({
      ...round,
      startedOn: toCalendarDate(startedOn),
      endedOn: endedOn ? toCalendarDate(endedOn) : null,
      steps: stepProgress(round.currentStep),
      localIssues: issuesOfRound.get(round.id) ?? 0,
    })),
  };
}
