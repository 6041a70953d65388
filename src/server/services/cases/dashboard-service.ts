import { z } from 'zod';
import type { Db } from '../../../db/client.ts';
import type { Prisma } from '../../../db/generated/sqlite/client.ts';
import type { SignedInActor } from '../../../domain/accounts/actor.ts';
import { DASHBOARD_PERIODS, dashboardFiguresOf, periodOf } from '../../../domain/cases/dashboard-figures.ts';
import { textField } from '../../../domain/text/text-schema.ts';
import { followUpStanding, followUpSummary } from '../../../domain/cases/follow-up.ts';
import { PROVINCES, SECTORS, type CaseStatus } from '../../../domain/vocabulary.ts';
import { todayInSouthAfrica } from '../../../lib/calendar-date.ts';
import { refreshingCache } from '../../../lib/refreshing-cache.ts';
import { ServiceError } from '../shared/service-error.ts';
import { visibleCases } from './case-access.ts';
import { caseFigureRows } from './case-figure-rows.ts';
import { deadlineSettings, workingCalendarOf } from './deadline-settings-service.ts';

export const DashboardSchema = z.object({
  period: z.enum(DASHBOARD_PERIODS).default('last_12_months'),
  province: z.enum(PROVINCES).optional(),
  sector: z.enum(SECTORS).optional(),
  departmentCode: textField().trim().min(1).max(40).optional(),
});
export type DashboardInput = z.input<typeof DashboardSchema>;

/**
 * The KSA 3 dashboard for one viewer: analysts and administrators see every case, an official their own
 * department's (the cases it owns, and only its own answers and deadlines). Filtered by the province and
 * sector of the evidence (a case counts when one of its local issues is at a facility there), the owning
 * department and the period; the figures are computed in dashboard-figures.ts. Six reads, side by side.
 */
export async function caseDashboard(db: Db, actor: SignedInActor, input: DashboardInput, now = new Date()) {
  const isDepartmentView = actor.role === 'official';
  if (!(actor.role === 'analyst' || actor.role === 'admin' || (isDepartmentView && actor.departmentId))) {
    throw new ServiceError(
      'forbidden',
      'Only DPME analysts, administrators and department officials see the dashboard.',
    );
  }
  const query = DashboardSchema.parse(input);
  const today = todayInSouthAfrica(now);
  const evidence: Prisma.LocalIssueWhereInput | null =
    query.province || query.sector ? { facility: { province: query.province, sector: query.sector } } : null;
  const scope: Prisma.SystemicCaseWhereInput = {
    AND: [
      visibleCases(actor),
      ...(isDepartmentView ? [{ owningDepartmentId: actor.departmentId ?? '' }] : []),
      ...(!isDepartmentView && query.departmentCode ? [{ owningDepartment: { code: query.departmentCode } }] : []),
      ...(evidence ? [{ localIssues: { some: { localIssue: evidence } } }] : []),
    ],
  };
  const [figureRows, departments, calendar, candidates] = await Promise.all([
    caseFigureRows(db, scope),
    db.department.findMany({ select: { id: true, code: true, name: true }, orderBy: { name: 'asc' } }),
    workingCalendarOf(db),
    isDepartmentView ? null : candidateClusters(db, evidence),
  ]);
  const followUp = await followUpOf(db, figureRows.rows);

  const chosenDepartment = departments.find((department) => department.code === query.departmentCode);
  const departmentId = isDepartmentView ? actor.departmentId : (chosenDepartment?.id ?? null);
  const period = periodOf(query.period, today);
  const figures = dashboardFiguresOf({
    cases: figureRows.cases,
    deadlines: figureRows.deadlines,
    period,
    today,
    calendar,
    departmentId,
  });
  const names = new Map(departments.map((department) => [department.id, department.name]));
  const nameOf = (id: string | null) => (id ? (names.get(id) ?? '') : '');
  const shownCandidates = candidates?.filter(
    (cluster) => departmentId === null || cluster.suggestedDepartmentId === departmentId,
  );
  return {
    query,
    today,
    isDepartmentView,
    departmentName: nameOf(departmentId),
    departments: departments.map(({ code, name }) => ({ code, name })),
    ...figures,
    // Most cases first, as the figures sort them; departments with as many cases by name.
    byDepartment: figures.byDepartment
      .map((row) => ({ ...row, departmentName: nameOf(row.departmentId) }))
      .sort((a, b) => b.open + b.finished - (a.open + a.finished) || a.departmentName.localeCompare(b.departmentName)),
    overdue: figures.overdue.map((row) => ({ ...row, departmentName: nameOf(row.departmentId) })),
    followUp,
    /** The escalation rule's proposals without a case yet; null for officials, who do not review clusters. */
    candidates: shownCandidates
      ? {
          total: shownCandidates.length,
          items: shownCandidates.map((cluster) => ({
            id: cluster.id,
            name: cluster.customLabel ?? cluster.label,
            issueCount: cluster.issueCount,
            facilityCount: cluster.facilityCount,
            provinceCount: cluster.provinceCount,
            peopleAffected: cluster.peopleAffected,
            suggestedDepartmentName: nameOf(cluster.suggestedDepartmentId),
          })),
        }
      : null,
  };
}

export type CaseDashboard = Awaited<ReturnType<typeof caseDashboard>>;

/** States in which monitors have gone, or are going, back to the facilities. */
const FOLLOWED_UP: readonly CaseStatus[] = ['resolved', 'verified', 'closed', 'closed_not_fixed'];

/**
 * Where follow-up monitoring stands for each case in scope that the department marked resolved: "Improved at 7 of
 * 9 facilities", the case page's words, with the coverage administrators set. Most recently escalated first.
 */
async function followUpOf(
  db: Db,
  cases: readonly { id: string; reference: string; title: string; status: CaseStatus; escalatedAt: Date | null }[],
) {
  const followed = cases.filter((row) => FOLLOWED_UP.includes(row.status));
  if (followed.length === 0) return [];
  const caseIds = followed.map((row) => row.id);
  const [links, findings, settings] = await Promise.all([
    db.caseLocalIssue.findMany({
      where: { caseId: { in: caseIds } },
      select: { caseId: true, localIssue: { select: { facilityId: true } } },
    }),
    db.followUpFinding.findMany({
      where: { caseId: { in: caseIds } },
      select: { caseId: true, facilityId: true, result: true },
    }),
    deadlineSettings(db),
  ]);
  const facilities = new Map<string, Set<string>>();
  for (const link of links) {
    facilities.set(link.caseId, (facilities.get(link.caseId) ?? new Set()).add(link.localIssue.facilityId));
  }
  return followed
    .map((row) => {
      const at = facilities.get(row.id) ?? new Set<string>();
      const results = findings.filter((finding) => finding.caseId === row.id && at.has(finding.facilityId));
      const standing = followUpStanding(
        at.size,
        results.map((finding) => finding.result),
        settings.followUpCoverage,
      );
      return { ...row, standing, summary: followUpSummary(standing) };
    })
    .sort((a, b) => (b.escalatedAt?.getTime() ?? 0) - (a.escalatedAt?.getTime() ?? 0));
}

/**
 * Clusters the escalation rule proposes (as the clusters list's "proposed for escalation" shows them: two or
 * more issues, suggested or confirmed) that no case holds yet, not even a draft; widest spread first.
 */
function candidateClusters(db: Db, evidence: Prisma.LocalIssueWhereInput | null) {
  return db.cluster.findMany({
    where: {
      isSystemicCandidate: true,
      status: { in: ['suggested', 'confirmed'] },
      issueCount: { gte: 2 },
      cases: { none: {} },
      ...(evidence && { localIssues: { some: evidence } }),
    },
    orderBy: [{ facilityCount: 'desc' }, { issueCount: 'desc' }, { id: 'asc' }],
    select: {
      id: true,
      label: true,
      customLabel: true,
      issueCount: true,
      facilityCount: true,
      provinceCount: true,
      peopleAffected: true,
      suggestedDepartmentId: true,
    },
  });
}

/** How long the dashboard's figures may lag, like the home page's. */
export const DASHBOARD_MAX_AGE_MS = 30_000;
/** Filter combinations kept per process before the cache starts afresh. */
const KEPT_DASHBOARDS = 200;

interface DashboardKey {
  db: Db;
  actor: SignedInActor;
  input: DashboardInput;
}
const keysByDb = new WeakMap<Db, Map<string, DashboardKey>>();
const cachedDashboard = refreshingCache((key: DashboardKey) => caseDashboard(key.db, key.actor, key.input), {
  maxAgeMs: DASHBOARD_MAX_AGE_MS,
});

/**
 * caseDashboard for pages, computed at most every 30 s per process for each scope (every case, or one
 * department's) and filter: with 2,000 cases one computation reads about 14,000 rows (0.5 to 1 s on a busy
 * machine), too much for every view. Figures on the page may lag by up to 30 s; the service itself, which
 * the tests call, is never cached.
 */
export function recentCaseDashboard(db: Db, actor: SignedInActor, input: DashboardInput) {
  const query = DashboardSchema.parse(input);
  const scope = actor.role === 'official' ? `official ${actor.departmentId ?? ''}` : actor.role;
  const text = JSON.stringify([
    scope,
    todayInSouthAfrica(new Date()),
    query.period,
    query.province,
    query.sector,
    query.departmentCode,
  ]);
  let keys = keysByDb.get(db);
  if (!keys) {
    keys = new Map();
    keysByDb.set(db, keys);
  }
  if (keys.size >= KEPT_DASHBOARDS) keys.clear();
  let key = keys.get(text);
  if (!key) {
    key = { db, actor, input: query };
    keys.set(text, key);
  }
  return cachedDashboard(key);
}
