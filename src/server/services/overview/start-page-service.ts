import type { Db } from '../../../db/client.ts';
import { scopeOf, type Actor, type SignedInActor } from '../../../domain/accounts/actor.ts';
import {
  LOCAL_ISSUE_STATUSES,
  type LocalIssueStatus,
  type MethodStep,
  type Programme,
} from '../../../domain/vocabulary.ts';
import { WAITING_FOR_DEPARTMENT, WAITING_FOR_DPME } from '../../../domain/cases/workflow.ts';
import { addDays, fromCalendarDate, todayInSouthAfrica, toCalendarDate } from '../../../lib/calendar-date.ts';
import { textsBeforePublication } from '../privacy/public-text-places.ts';
import { listOutboxMessages } from '../audit/admin-log-service.ts';
import { charterScope, listOverdueCommitments, overdueWhere } from '../capture/charter-service.ts';
import { listLocalIssues } from '../capture/local-issue-queries.ts';
import { localIssueScope } from '../capture/scope-filters.ts';
import { listClusterRuns, listClusters } from '../clustering/cluster-queries.ts';
import { listImportRuns } from '../imports/import-runs.ts';

/** Rows a start-page panel shows at most; each panel links to its full list. */
export const START_ROWS = 5;
/** Monitoring rounds shown per facility, the latest first. */
export const START_ROUNDS_PER_FACILITY = 3;
/** How far back the analyst's imports and clustering runs go. */
export const RECENT_DAYS = 7;

export interface FacilityStart {
  id: string;
  code: string;
  name: string;
  openIssues: number;
  overdueCommitments: number;
  rounds: {
    id: string;
    programme: Programme;
    wave: number;
    startedOn: string;
    endedOn: string | null;
    currentStep: MethodStep;
  }[];
}

/** A few rows of a longer list, and how long the list is. */
export interface Excerpt<T> {
  items: T[];
  total: number;
}

/** Runs or imports of the last seven days, the failed ones first. */
export interface RecentRuns<T> extends Excerpt<T> {
  failed: number;
}

type ImportRunRow = Awaited<ReturnType<typeof listImportRuns>>['items'][number];
type ClusterRunRow = Awaited<ReturnType<typeof listClusterRuns>>['items'][number];

export interface AnalystStart {
  proposedClusters: Excerpt<{
    id: string;
    name: string;
    facilityCount: number;
    provinceCount: number;
    issueCount: number;
    escalationReasons: string[];
  }>;
  recentImports: RecentRuns<ImportRunRow>;
  recentClusterRuns: RecentRuns<ClusterRunRow>;
  personalDataQueue: Excerpt<{ id: string; title: string; raisedOn: string; facilityName: string }>;
  /** Flagged texts of public cases and charters that the public reads only once an analyst reviewed them; analysts only. */
  textsBeforePublication: number | null;
  overdueCommitments: number;
}

export type StartPage =
  | { role: 'facilitator'; facilities: FacilityStart[]; facilityCount: number; overdueCommitments: number }
  | ({ role: 'analyst' } & AnalystStart)
  | ({ role: 'admin'; failedMails: number } & AnalystStart)
  | {
      role: 'official';
      department: { code: string; name: string } | null;
      facilities: number;
      issuesByStatus: { status: LocalIssueStatus; count: number }[];
      overdueCommitments: number;
      inbox: { awaitingUs: number; overdue: number; waitingForDpme: number };
    }
  /** Partners, the public, and anyone who must still set up two-factor sign-in. */
  | { role: 'guest' };

/**
 * What the home page shows above the national figures, for the actor's role and within their scope. Per
 * request, so every query is bounded (a handful of rows) and served by an index.
 */
export async function getStartPage(db: Db, actor: Actor, now = new Date()): Promise<StartPage> {
  if (actor.kind === 'public' || actor.mustEnrollTwoFactor) return { role: 'guest' };
  switch (actor.role) {
    case 'facilitator':
      return { role: 'facilitator', ...(await facilitatorStart(db, actor, now)) };
    case 'analyst':
      return { role: 'analyst', ...(await analystStart(db, actor, now)) };
    case 'admin': {
      const [analyst, failedMails] = await Promise.all([
        analystStart(db, actor, now),
        listOutboxMessages(db, { section: 'mail', status: 'failed', pageSize: 1 }),
      ]);
      return { role: 'admin', ...analyst, failedMails: failedMails.total };
    }
    case 'official':
      return { role: 'official', ...(await officialStart(db, actor, now)) };
    case 'partner':
      return { role: 'guest' };
  }
}

async function facilitatorStart(db: Db, actor: SignedInActor, now: Date) {
  const scope = scopeOf(actor);
  const facilityIds = scope.kind === 'facilities' ? [...scope.facilityIds] : [];
  const inFacilities = { facilityId: { in: facilityIds } };
  const [facilities, openIssues, overdue] = await Promise.all([
    db.facility.findMany({
      where: { id: { in: facilityIds }, archived: false },
      select: {
        id: true,
        code: true,
        name: true,
        rounds: {
          orderBy: [{ startedOn: 'desc' }, { wave: 'desc' }],
          take: START_ROUNDS_PER_FACILITY,
          select: { id: true, programme: true, wave: true, startedOn: true, endedOn: true, currentStep: true },
        },
      },
    }),
    db.localIssue.groupBy({
      by: ['facilityId'],
      where: { AND: [localIssueScope(actor), inFacilities, { status: 'open', archived: false }] },
      _count: { _all: true },
    }),
    db.charterCommitment.groupBy({
      by: ['facilityId'],
      where: { AND: [charterScope(actor), inFacilities, overdueWhere(now)] },
      _count: { _all: true },
    }),
  ]);
  const openOf = new Map(openIssues.map((row) => [row.facilityId, row._count._all]));
  const overdueOf = new Map(overdue.map((row) => [row.facilityId, row._count._all]));
  const rows: FacilityStart[] = facilities.map((facility) => ({
    id: facility.id,
    code: facility.code,
    name: facility.name,
    openIssues: openOf.get(facility.id) ?? 0,
    overdueCommitments: overdueOf.get(facility.id) ?? 0,
    rounds: facility.rounds.map((round) => ({
      ...round,
      startedOn: toCalendarDate(round.startedOn),
      endedOn: round.endedOn ? toCalendarDate(round.endedOn) : null,
    })),
  }));
  // The facilities that need the most attention first: overdue promises, then open issues.
  rows.sort(
    (a, b) =>
      b.overdueCommitments - a.overdueCommitments || b.openIssues - a.openIssues || a.name.localeCompare(b.name),
  );
  return {
    facilities: rows.slice(0, START_ROWS),
    facilityCount: rows.length,
    overdueCommitments: rows.reduce((sum, row) => sum + row.overdueCommitments, 0),
  };
}

/** Failed ones first, then the newest of the rest, at most START_ROWS. */
function failedFirst<T extends { id: string }>(failed: Excerpt<T>, recent: Excerpt<T>): RecentRuns<T> {
  const failedIds = new Set(failed.items.map((item) => item.id));
  const rest = recent.items.filter((item) => !failedIds.has(item.id));
  return { items: [...failed.items, ...rest].slice(0, START_ROWS), total: recent.total, failed: failed.total };
}

async function analystStart(db: Db, actor: SignedInActor, now: Date): Promise<AnalystStart> {
  const since = addDays(now, -RECENT_DAYS);
  const rows = { pageSize: START_ROWS };
  const [clusters, failedImports, imports, failedRuns, runs, flagged, overdue, beforePublication] = await Promise.all([
    listClusters(db, actor, { ...rows, candidatesOnly: true }),
    listImportRuns(db, actor, { ...rows, startedSince: since, outcome: 'failed' }),
    listImportRuns(db, actor, { ...rows, startedSince: since }),
    listClusterRuns(db, actor, { ...rows, queuedSince: since, status: 'failed' }),
    listClusterRuns(db, actor, { ...rows, queuedSince: since }),
    listLocalIssues(db, actor, { ...rows, personalData: 'flagged', sort: 'raised', direction: 'desc' }),
    listOverdueCommitments(db, actor, { pageSize: 1 }, now),
    actor.role === 'analyst' ? textsBeforePublication(db) : null,
  ]);
  return {
    proposedClusters: {
      total: clusters.total,
      items: clusters.items.map((cluster) => ({
        id: cluster.id,
        name: cluster.name,
        facilityCount: cluster.facilityCount,
        provinceCount: cluster.provinceCount,
        issueCount: cluster.issueCount,
        escalationReasons: cluster.escalationReasons,
      })),
    },
    recentImports: failedFirst(failedImports, imports),
    recentClusterRuns: failedFirst(failedRuns, runs),
    personalDataQueue: {
      total: flagged.total,
      items: flagged.items.map((issue) => ({
        id: issue.id,
        title: issue.title,
        raisedOn: toCalendarDate(issue.raisedOn),
        facilityName: issue.facility.name,
      })),
    },
    overdueCommitments: overdue.total,
    textsBeforePublication: beforePublication?.length ?? null,
  };
}

/**
 * An official's department in figures. Counts only: like a facility's page, they say how much was raised
 * and promised, never what or by whom (survey text can name people).
 */
async function officialStart(db: Db, actor: SignedInActor, now: Date) {
  const departmentId = actor.departmentId;
  const department = departmentId
    ? await db.department.findUnique({ where: { id: departmentId }, select: { code: true, name: true } })
    : null;
  if (!departmentId || !department) {
    return { department: null, facilities: 0, issuesByStatus: [], overdueCommitments: 0, inbox: NO_INBOX };
  }
  const atDepartment = { facility: { departmentId, archived: false } };
  const owned = { owningDepartmentId: departmentId };
  const [facilities, byStatus, overdueCommitments, awaitingUs, overdue, waitingForDpme] = await Promise.all([
    db.facility.count({ where: { departmentId, archived: false } }),
    db.localIssue.groupBy({ by: ['status'], where: { ...atDepartment, archived: false }, _count: { _all: true } }),
    db.charterCommitment.count({ where: { AND: [atDepartment, overdueWhere(now)] } }),
    db.systemicCase.count({ where: { ...owned, status: { in: [...WAITING_FOR_DEPARTMENT] } } }),
    db.systemicCase.count({ where: { ...owned, nextDueOn: { lt: fromCalendarDate(todayInSouthAfrica(now)) } } }),
    db.systemicCase.count({ where: { ...owned, status: { in: [...WAITING_FOR_DPME] } } }),
  ]);
  const countOf = new Map(byStatus.map((row) => [row.status, row._count._all]));
  return {
    department,
    facilities,
    issuesByStatus: LOCAL_ISSUE_STATUSES.map((status) => ({ status, count: countOf.get(status) ?? 0 })),
    overdueCommitments,
    inbox: { awaitingUs, overdue, waitingForDpme },
  };
}

const NO_INBOX = { awaitingUs: 0, overdue: 0, waitingForDpme: 0 };
