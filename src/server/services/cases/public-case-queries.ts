import { z } from 'zod';
import type { Db } from '../../../db/client.ts';
import type { Prisma } from '../../../db/generated/sqlite/client.ts';
import {
  publicCaseSummary,
  publicCaseView,
  publicTextsOf,
  type DepartmentRef,
  type PublicCaseSource,
  type PublicCaseView,
} from '../../../domain/cases/public-case.ts';
import { textField } from '../../../domain/text/text-schema.ts';
import { CASE_STATUSES, PROVINCES, SECTORS, type FacilityKind, type Province } from '../../../domain/vocabulary.ts';
import { todayInSouthAfrica } from '../../../lib/calendar-date.ts';
import { PageRequestSchema, toPage, toSkipTake } from '../../../lib/lists/pagination.ts';
import { reviewsFor, type PublicTextPlace } from '../privacy/public-text-review-service.ts';
import { caseNotFound } from './case-access.ts';

/** The cases the public may see: marked public, and escalated (a draft is nobody's case yet). */
export const PUBLIC_CASES = {
  visibility: 'public',
  escalatedAt: { not: null },
} satisfies Prisma.SystemicCaseWhereInput;

const FACILITIES_OF_CASE = {
  select: {
    localIssue: {
      select: {
        respondentsCiting: true,
        priorityVotes: true,
        facility: { select: { id: true, name: true, kind: true, province: true, district: true } },
      },
    },
  },
} satisfies Prisma.SystemicCase$localIssuesArgs;

const SUMMARY_SELECT = {
  reference: true,
  title: true,
  status: true,
  visibility: true,
  publicFacilityNames: true,
  escalatedAt: true,
  publicChangedAt: true,
  primaryTag: { select: { slug: true, name: true } },
  owningDepartmentId: true,
  supportingDepartments: { select: { departmentId: true } },
  localIssues: FACILITIES_OF_CASE,
  followUpFindings: { select: { result: true } },
} satisfies Prisma.SystemicCaseSelect;

const VIEW_SELECT = {
  ...SUMMARY_SELECT,
  // The issues' tags lead to the knowledge pages about the problem.
  localIssues: {
    select: {
      localIssue: {
        select: {
          ...FACILITIES_OF_CASE.select.localIssue.select,
          tags: { select: { tag: { select: { slug: true } } } },
        },
      },
    },
  },
  problemStatement: true,
  rootCauseSynthesis: true,
  events: {
    orderBy: [{ createdAt: 'asc' }, { version: 'asc' }],
    select: {
      id: true,
      kind: true,
      createdAt: true,
      actorRole: true,
      actorDepartmentId: true,
      fromStatus: true,
      toStatus: true,
      reason: true,
      evidenceUrl: true,
      isPublic: true,
      transferFromId: true,
      transferToId: true,
    },
  },
  deadlines: { orderBy: { startedOn: 'asc' } },
  responseActions: { orderBy: [{ dueOn: 'asc' }, { createdAt: 'asc' }] },
  followUpFindings: {
    select: { result: true, facilityId: true, foundOn: true, citizensAsked: true, citizensCiting: true },
  },
} satisfies Prisma.SystemicCaseSelect;

type SummaryRow = Prisma.SystemicCaseGetPayload<{ select: typeof SUMMARY_SELECT }>;
type ViewRow = Prisma.SystemicCaseGetPayload<{ select: typeof VIEW_SELECT }>;

/** The facilities a case's issues come from, each with the people who cited the issues there. */
function facilitiesOf(row: SummaryRow): PublicCaseSource['facilities'] {
  const facilities = new Map<string, PublicCaseSource['facilities'][number]>();
  for (const { localIssue } of row.localIssues) {
    const { facility } = localIssue;
    const before = facilities.get(facility.id);
    const citing = localIssue.respondentsCiting ?? localIssue.priorityVotes ?? 0;
    facilities.set(facility.id, {
      ...facility,
      kind: facility.kind as FacilityKind,
      province: facility.province as Province,
      citing: (before?.citing ?? 0) + citing,
    });
  }
  return [...facilities.values()];
}

function summarySourceOf(row: SummaryRow) {
  return {
    ...row,
    supportingDepartmentIds: row.supportingDepartments.map((link) => link.departmentId),
    facilities: facilitiesOf(row),
    followUpResults: row.followUpFindings.map((finding) => finding.result),
  };
}

function viewSourceOf(row: ViewRow): PublicCaseSource {
  return {
    ...summarySourceOf(row),
    problemStatement: row.problemStatement,
    rootCauseSynthesis: row.rootCauseSynthesis,
    events: row.events,
    deadlines: row.deadlines,
    responseActions: row.responseActions,
    followUpFindings: row.followUpFindings,
  };
}

async function departmentsById(db: Db): Promise<Map<string, DepartmentRef>> {
  const departments = await db.department.findMany({ select: { id: true, code: true, name: true } });
  return new Map(departments.map((department) => [department.id, department]));
}

/** The public views of `rows`, in their order (null for a case that is not public), with one query for the reviews. */
async function publicViewsOf(
  db: Db,
  rows: readonly ViewRow[],
  departments: ReadonlyMap<string, DepartmentRef>,
  today: string,
) {
  const sources = rows.map(viewSourceOf);
  const reviews = await reviewsFor(
    db,
    sources.flatMap((source) => publicTextsOf(source).map((entry) => entry.text)),
  );
  return sources.map((source) => publicCaseView(source, departments, reviews, today));
}

/** A public case as the public sees it; "not found" for any other case, so that a reference gives nothing away. */
export async function publicCasePage(db: Db, reference: string, now = new Date()) {
  const [row, departments] = await Promise.all([
    db.systemicCase.findFirst({ where: { reference, ...PUBLIC_CASES }, select: VIEW_SELECT }),
    departmentsById(db),
  ]);
  if (!row) throw caseNotFound();
  const [view] = await publicViewsOf(db, [row], departments, todayInSouthAfrica(now));
  if (!view) throw caseNotFound();
  const issueTags = row.localIssues.flatMap(({ localIssue }) => localIssue.tags.map((link) => link.tag.slug));
  return { ...view, tagSlugs: [...new Set([...(row.primaryTag ? [row.primaryTag.slug] : []), ...issueTags])] };
}

/**
 * The public views of the public cases `where` selects (within PUBLIC_CASES whatever it says), ordered as `orderBy`
 * says, in a fixed number of queries however many there are (the cases with their relations, the departments, the
 * reviews): Open311, the feeds and the open data read the cases only through this, as the public case page does.
 */
export async function publicCaseViews(
  db: Db,
  {
    where = {},
    orderBy = { reference: 'asc' },
    skip,
    take,
  }: {
    where?: Prisma.SystemicCaseWhereInput;
    orderBy?: Prisma.SystemicCaseOrderByWithRelationInput | Prisma.SystemicCaseOrderByWithRelationInput[];
    skip?: number;
    take?: number;
  } = {},
  now = new Date(),
): Promise<PublicCaseView[]> {
  const [rows, departments] = await Promise.all([
    db.systemicCase.findMany({ where: { AND: [PUBLIC_CASES, where] }, orderBy, skip, take, select: VIEW_SELECT }),
    departmentsById(db),
  ]);
  const views = await publicViewsOf(db, rows, departments, todayInSouthAfrica(now));
  return views.flatMap((view) => view ?? []);
}

export const PublicCaseListSchema = PageRequestSchema.extend({
  departmentCode: textField().trim().min(1).max(40).optional(),
  province: z.enum(PROVINCES).optional(),
  sector: z.enum(SECTORS).optional(),
  status: z.enum(CASE_STATUSES).exclude(['draft']).optional(),
  tag: textField().trim().min(1).max(80).optional(),
});
export type PublicCaseListInput = z.input<typeof PublicCaseListSchema>;

/** The filters of the public list as a query: where the problem is felt, who owns it, its state and its tag. */
export function publicCaseFilter(query: z.infer<typeof PublicCaseListSchema>): Prisma.SystemicCaseWhereInput {
  const at = (facility: Prisma.FacilityWhereInput) => ({ localIssues: { some: { localIssue: { facility } } } });
  return {
    AND: [
      PUBLIC_CASES,
      ...(query.departmentCode ? [{ owningDepartment: { code: query.departmentCode } }] : []),
      ...(query.province ? [at({ province: query.province })] : []),
      ...(query.sector ? [at({ sector: query.sector })] : []),
      ...(query.status ? [{ status: query.status }] : []),
      ...(query.tag
        ? [
            {
              OR: [
                { primaryTag: { slug: query.tag } },
                { localIssues: { some: { localIssue: { tags: { some: { tag: { slug: query.tag } } } } } } },
              ],
            },
          ]
        : []),
    ],
  };
}

/** Public cases, latest change first, a page at a time, each through the public view. */
export async function listPublicCases(db: Db, input: PublicCaseListInput) {
  const query = PublicCaseListSchema.parse(input);
  const where = publicCaseFilter(query);
  const [rows, total, departments] = await Promise.all([
    db.systemicCase.findMany({
      where,
      orderBy: [{ publicChangedAt: { sort: 'desc', nulls: 'last' } }, { id: 'desc' }],
      ...toSkipTake(query),
      select: SUMMARY_SELECT,
    }),
    db.systemicCase.count({ where }),
    departmentsById(db),
  ]);
  const sources = rows.map(summarySourceOf);
  const reviews = await reviewsFor(
    db,
    sources.map((source) => source.title),
  );
  const items = sources.flatMap((source) => publicCaseSummary(source, departments, reviews) ?? []);
  return toPage(items, total, query);
}

/** Every text of the public cases that would be published, with where it stands, for the review queue. */
export async function publicCaseTexts(db: Db): Promise<PublicTextPlace[]> {
  const rows = await db.systemicCase.findMany({
    where: PUBLIC_CASES,
    orderBy: { reference: 'asc' },
    select: {
      reference: true,
      title: true,
      problemStatement: true,
      rootCauseSynthesis: true,
      events: VIEW_SELECT.events,
      responseActions: { select: { action: true, responsible: true, evidence: true, evidenceUrl: true } },
    },
  });
  return rows.flatMap((row) =>
    publicTextsOf(row).map(({ field, text }) => ({
      text,
      where: `${row.reference}, ${field}`,
      href: `/cases/${row.reference}`,
    })),
  );
}

/** The departments and tags the public list can be filtered by: those of public cases only. */
export async function publicCaseFilterOptions(db: Db) {
  const [departments, tags] = await Promise.all([
    db.department.findMany({
      where: { ownedCases: { some: PUBLIC_CASES } },
      select: { code: true, name: true },
      orderBy: { name: 'asc' },
    }),
    db.tag.findMany({
      where: { primaryOfCases: { some: PUBLIC_CASES } },
      select: { slug: true, name: true },
      orderBy: { name: 'asc' },
    }),
  ]);
  return { departments, tags };
}
