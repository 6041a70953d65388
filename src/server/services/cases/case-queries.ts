import { z } from 'zod';
import type { Db } from '../../../db/client.ts';
import type { Prisma } from '../../../db/generated/sqlite/client.ts';
import type { Actor, SignedInActor } from '../../../domain/accounts/actor.ts';
import { describeStanding, standingOf, type DeadlineKind } from '../../../domain/cases/deadlines.ts';
import { movesFor, WAITING_FOR_DEPARTMENT, WAITING_FOR_DPME } from '../../../domain/cases/workflow.ts';
import { followUpStanding, followUpSummary } from '../../../domain/cases/follow-up.ts';
import { southAfricanCalendar, type WorkingCalendar } from '../../../domain/cases/working-days.ts';
import { textField } from '../../../domain/text/text-schema.ts';
import {
  CASE_PRIORITIES,
  CASE_STATUSES,
  PROVINCES,
  type CaseStatus,
  type FollowUpResult,
  type Programme,
  type Province,
} from '../../../domain/vocabulary.ts';
import { fromCalendarDate, todayInSouthAfrica, toCalendarDate } from '../../../lib/calendar-date.ts';
import { PageRequestSchema, toPage, toSkipTake } from '../../../lib/lists/pagination.ts';
import { caseNotFound, relationTo, visibleCases } from './case-access.ts';
import { deadlineSettings, workingCalendarOf } from './deadline-settings-service.ts';

export const CASE_LIST_VIEWS = ['awaiting_department', 'awaiting_dpme', 'overdue'] as const;

export const CaseListSchema = PageRequestSchema.extend({
  view: z.enum(CASE_LIST_VIEWS).optional(),
  status: z.enum(CASE_STATUSES).optional(),
  priority: z.enum(CASE_PRIORITIES).optional(),
  province: z.enum(PROVINCES).optional(),
  departmentCode: textField().trim().min(1).max(40).optional(),
  /** The inbox: only the cases of the viewer's own department. */
  ownDepartmentOnly: z.boolean().default(false),
});
export type CaseListInput = z.input<typeof CaseListSchema>;

/** How the next deadline stands, for every list and the case page. */
export function deadlineOf(
  row: { kind: string; dueOn: Date; pausedOn: Date | null; extensions: number } | undefined,
  today: string,
  calendar: WorkingCalendar,
) {
  if (!row) return null;
  const dueOn = toCalendarDate(row.dueOn);
  const standing = standingOf(
    { dueOn, pausedOn: row.pausedOn ? toCalendarDate(row.pausedOn) : null, extensions: row.extensions },
    today,
    calendar,
  );
  return { kind: row.kind as DeadlineKind, dueOn, standing, text: describeStanding(standing) };
}

const RUNNING_DEADLINE = {
  where: { endedOn: null },
  orderBy: { startedOn: 'desc' },
  take: 1,
  select: { kind: true, dueOn: true, pausedOn: true, extensions: true },
} satisfies Prisma.SystemicCase$deadlinesArgs;

/**
 * The cases a viewer may see, nearest deadline first (paused and deadline-less cases after, latest change
 * first), with counts by state over the same scope and filters but the state, so that the counts are the
 * tabs' sizes. The inbox is the same list kept to the official's department.
 */
export async function listCases(db: Db, actor: SignedInActor, input: CaseListInput, now = new Date()) {
  const query = CaseListSchema.parse(input);
  const today = todayInSouthAfrica(now);
  const scope: Prisma.SystemicCaseWhereInput[] = [visibleCases(actor)];
  if (query.ownDepartmentOnly) scope.push({ owningDepartmentId: actor.departmentId ?? '' });
  if (query.departmentCode) scope.push({ owningDepartment: { code: query.departmentCode } });
  if (query.priority) scope.push({ priority: query.priority });
  if (query.province) scope.push({ localIssues: { some: { localIssue: { facility: { province: query.province } } } } });
  if (query.view === 'awaiting_department') scope.push({ status: { in: [...WAITING_FOR_DEPARTMENT] } });
  if (query.view === 'awaiting_dpme') scope.push({ status: { in: [...WAITING_FOR_DPME] } });
  if (query.view === 'overdue') scope.push({ nextDueOn: { lt: fromCalendarDate(today) } });
  const where: Prisma.SystemicCaseWhereInput = {
    AND: [...scope, ...(query.status ? [{ status: query.status }] : [])],
  };
  const overdueInScope = { AND: [...scope, { nextDueOn: { lt: fromCalendarDate(today) } }] };
  // The counts by state give the list's total too, and the overdue view is all overdue: every count costs a
  // scan of the viewer's cases, which matters to an inbox opened by many at once.
  const [rows, byStatus, overdueCount, calendar] = await Promise.all([
    db.systemicCase.findMany({
      where,
      orderBy: [{ nextDueOn: { sort: 'asc', nulls: 'last' } }, { updatedAt: 'desc' }, { id: 'asc' }],
      ...toSkipTake(query),
      select: {
        id: true,
        reference: true,
        title: true,
        status: true,
        priority: true,
        visibility: true,
        owningDepartmentId: true,
        owningDepartment: { select: { name: true } },
        supportingDepartments: { select: { departmentId: true } },
        updatedAt: true,
        deadlines: RUNNING_DEADLINE,
      },
    }),
    db.systemicCase.groupBy({ by: ['status'], where: { AND: scope }, _count: { _all: true } }),
    query.view === 'overdue' ? null : db.systemicCase.count({ where: overdueInScope }),
    workingCalendarOf(db),
  ]);
  const counts = Object.fromEntries(byStatus.map((row) => [row.status, row._count._all])) as Partial<
    Record<CaseStatus, number>
  >;
  const inScope = Object.values(counts).reduce((sum, count) => sum + count, 0);
  const total = query.status ? (counts[query.status] ?? 0) : inScope;
  const issueCounts = await issueCountsOf(
    db,
    rows.map((row) => row.id),
  );
  const items = rows.map(({ deadlines, supportingDepartments, ...row }) => ({
    ...row,
    issueCount: issueCounts.get(row.id) ?? 0,
    relation: relationTo(actor, {
      status: row.status,
      owningDepartmentId: row.owningDepartmentId,
      supportingDepartmentIds: supportingDepartments.map((link) => link.departmentId),
    }),
    deadline: deadlineOf(deadlines[0], today, calendar),
  }));
  return { ...toPage(items, total, query), counts, overdue: overdueCount ?? inScope };
}

/**
 * How many local issues each of these cases links. Counted for the page's rows only: Prisma's relation count
 * (`_count`) groups the whole link table on every list, which made it the list's costliest query.
 */
async function issueCountsOf(db: Db, caseIds: readonly string[]): Promise<Map<string, number>> {
  const counts = await db.caseLocalIssue.groupBy({
    by: ['caseId'],
    where: { caseId: { in: [...caseIds] } },
    _count: { _all: true },
  });
  return new Map(counts.map((row) => [row.caseId, row._count._all]));
}

/**
 * Everything the case page shows to one viewer: the case, its evidence grouped by province and facility, its
 * departments, response plan, deadlines and history, and the moves the workflow table allows this viewer.
 * A case the viewer may not see is "not found".
 */
export async function casePage(db: Db, actor: Actor, reference: string, now = new Date()) {
  // Department names come from the list the move forms need anyway, rather than from one query per relation.
  const [found, departments, settings] = await Promise.all([
    db.systemicCase.findFirst({
      where: { AND: [{ reference }, visibleCases(actor)] },
      include: {
        supportingDepartments: { select: { departmentId: true } },
        primaryTag: { select: { slug: true, name: true } },
        clusters: { select: { cluster: { select: { id: true, label: true, customLabel: true } } } },
        responseActions: { orderBy: [{ dueOn: 'asc' }, { createdAt: 'asc' }] },
        deadlines: { orderBy: { startedOn: 'asc' } },
        events: { orderBy: [{ createdAt: 'asc' }, { version: 'asc' }] },
        followUpFindings: { include: { round: { select: { programme: true, wave: true } } } },
        localIssues: {
          select: {
            localIssue: {
              select: {
                id: true,
                title: true,
                status: true,
                respondentsCiting: true,
                respondentsAsked: true,
                priorityVotes: true,
                personalDataFlagged: true,
                tags: { select: { tag: { select: { slug: true } } } },
                facility: { select: { id: true, code: true, name: true, province: true, kind: true } },
              },
            },
          },
        },
      },
    }),
    db.department.findMany({ select: { id: true, name: true }, orderBy: { name: 'asc' } }),
    deadlineSettings(db),
  ]);
  if (!found) throw caseNotFound();
  const calendar = southAfricanCalendar(settings.declaredHolidays);
  const officials = await db.user.count({
    where: { role: 'official', deactivatedAt: null, departmentId: found.owningDepartmentId },
  });
  const names = new Map(departments.map((department) => [department.id, department.name]));
  const named = (id: string) => ({ id, name: names.get(id) ?? '' });
  const nameOf = (id: string | null) => (id ? { name: names.get(id) ?? '' } : null);
  const today = todayInSouthAfrica(now);
  const relation = relationTo(actor, {
    status: found.status,
    owningDepartmentId: found.owningDepartmentId,
    supportingDepartmentIds: found.supportingDepartments.map((link) => link.departmentId),
  });
  const running = found.deadlines.filter((deadline) => deadline.endedOn === null).at(-1);
  const issues = found.localIssues.map((link) => link.localIssue);
  const mayRecordFindings = relation === 'analyst' && found.status === 'resolved';
  return {
    ...found,
    owningDepartment: named(found.owningDepartmentId),
    supportingDepartments: found.supportingDepartments.map((link) => ({ department: named(link.departmentId) })),
    deadlines: found.deadlines.map((deadline) => ({ ...deadline, department: named(deadline.departmentId) })),
    events: found.events.map((event) => ({
      ...event,
      transferFrom: nameOf(event.transferFromId),
      transferTo: nameOf(event.transferToId),
    })),
    relation,
    moves: movesFor(found.status, relation),
    deadline: deadlineOf(running, today, calendar),
    hasActiveOfficial: officials > 0,
    departments,
    evidence: evidenceByPlace(issues),
    followUp: {
      ...followUpByFacility(issues, found.followUpFindings, settings.followUpCoverage),
      mayRecord: mayRecordFindings,
      rounds: mayRecordFindings ? await roundsAt(db, issues) : [],
    },
    peopleAffected: issues.reduce((sum, issue) => sum + (issue.respondentsCiting ?? issue.priorityVotes ?? 0), 0),
    tagSlugs: [...new Set(issues.flatMap((issue) => issue.tags.map((link) => link.tag.slug)))],
    overdueActions: found.responseActions.filter(
      (action) =>
        (action.status === 'planned' || action.status === 'in_progress') && toCalendarDate(action.dueOn) < today,
    ).length,
    today,
  };
}

interface FindingRow {
  facilityId: string;
  result: FollowUpResult;
  citizensAsked: number | null;
  citizensCiting: number | null;
  foundOn: Date;
  note: string | null;
  round: { programme: Programme; wave: number };
}

/**
 * Before and after at each facility the case's issues come from: before, the issues there and the people who
 * cited them of those asked; after, the latest follow-up finding. With where the findings stand against the rule.
 */
function followUpByFacility(
  issues: readonly {
    respondentsCiting: number | null;
    respondentsAsked: number | null;
    facility: { id: string; name: string; province: string };
  }[],
  findings: readonly FindingRow[],
  coveragePercent: number,
) {
  const facilities = new Map<
    string,
    { facility: (typeof issues)[number]['facility']; issues: number; citing: number; asked: number }
  >();
  for (const issue of issues) {
    const before = facilities.get(issue.facility.id) ?? { facility: issue.facility, issues: 0, citing: 0, asked: 0 };
    facilities.set(issue.facility.id, {
      ...before,
      issues: before.issues + 1,
      citing: before.citing + (issue.respondentsCiting ?? 0),
      asked: before.asked + (issue.respondentsAsked ?? 0),
    });
  }
  const byFacility = new Map(findings.map((finding) => [finding.facilityId, finding]));
  const rows = [...facilities.values()]
    .map((before) => ({ ...before, finding: byFacility.get(before.facility.id) ?? null }))
    .sort((a, b) => a.facility.name.localeCompare(b.facility.name));
  const standing = followUpStanding(
    rows.length,
    rows.flatMap((row) => (row.finding ? [row.finding.result] : [])),
    coveragePercent,
  );
  return { rows, standing, summary: followUpSummary(standing) };
}

/** The rounds at the case's facilities, for the finding form's choice of the round a finding came from. */
async function roundsAt(db: Db, issues: readonly { facility: { id: string } }[]) {
  return db.monitoringRound.findMany({
    where: { facilityId: { in: [...new Set(issues.map((issue) => issue.facility.id))] } },
    select: { id: true, facilityId: true, programme: true, wave: true, startedOn: true },
    orderBy: [{ startedOn: 'desc' }, { wave: 'desc' }],
  });
}

/** The linked issues by province, then facility, each facility with its issues. */
function evidenceByPlace<Issue extends { facility: { id: string; name: string; province: string } }>(
  issues: readonly Issue[],
) {
  const provinces = new Map<Province, Map<string, Issue[]>>();
  for (const issue of issues) {
    const province = issue.facility.province as Province;
    const facilities = provinces.get(province) ?? new Map<string, Issue[]>();
    facilities.set(issue.facility.id, [...(facilities.get(issue.facility.id) ?? []), issue]);
    provinces.set(province, facilities);
  }
  return [...provinces]
    .sort((a, b) => a[0].localeCompare(b[0]))
    .map(([province, facilities]) => ({
      province,
      facilities: [...facilities.values()]
        .map((facilityIssues): { facility: Issue['facility']; issues: Issue[] } => ({
          facility: facilityIssues[0]!.facility,
          issues: facilityIssues,
        }))
        .sort((a, b) => a.facility.name.localeCompare(b.facility.name)),
    }));
}

export type CasePage = Awaited<ReturnType<typeof casePage>>;
