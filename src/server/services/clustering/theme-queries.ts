import { z } from 'zod';
import type { Db } from '../../../db/client.ts';
import type { Prisma } from '../../../db/generated/sqlite/client.ts';
import type { SignedInActor } from '../../../domain/accounts/actor.ts';
import { judgeThemeEscalation } from '../../../domain/clustering/escalation-rule.ts';
import type { Spread } from '../../../domain/clustering/spread.ts';
import { textField } from '../../../domain/text/text-schema.ts';
import { CLUSTER_STATUSES, PROVINCES, SECTORS } from '../../../domain/vocabulary.ts';
import { toCalendarDate } from '../../../lib/calendar-date.ts';
import { PageRequestSchema, toPage, toSkipTake } from '../../../lib/lists/pagination.ts';
import { historyOf } from '../audit/audit-history.ts';
import { ServiceError } from '../shared/service-error.ts';
import { assertReviewsClusters } from './cluster-access.ts';
import { CLUSTER_SORTS, nameContains, raisedOnWithin, spreadOrderOf } from './cluster-queries.ts';
import type { ClusterExplanation } from './cluster-run-service.ts';
import { escalationRule } from './escalation-rule-service.ts';

export const ThemeListSchema = PageRequestSchema.extend({
  /** Themes with a problem in this status; without it, problems analysts work on (suggested, confirmed, escalated). */
  status: z.enum(CLUSTER_STATUSES).optional(),
  /** Themes the escalation rule proposes, or that hold a problem it proposes. */
  candidatesOnly: z.boolean().default(false),
  province: z.enum(PROVINCES).optional(),
  sector: z.enum(SECTORS).optional(),
  /** In the theme's name or one of its problems' names. */
  q: textField().trim().min(1).max(100).optional(),
  sort: z.enum(CLUSTER_SORTS).default('facilities'),
  direction: z.enum(['asc', 'desc']).default('desc'),
});

/** Problems shown inside each theme of the list; the theme's page shows them all. */
export const PROBLEMS_SHOWN_IN_LIST = 5;
/** Problems and loners a theme's page lists, the widest (or latest) first. */
export const THEME_PROBLEMS_SHOWN = 200;
export const THEME_LONERS_SHOWN = 100;

const LIVE_PROBLEM_STATUSES = ['suggested', 'confirmed', 'escalated'] as const;

const assertAnalyst = (actor: SignedInActor) => assertReviewsClusters(actor, 'review themes');

const PROBLEM_SELECT = {
  id: true,
  label: true,
  customLabel: true,
  status: true,
  version: true,
  issueCount: true,
  facilityCount: true,
  provinceCount: true,
  isSystemicCandidate: true,
} satisfies Prisma.ClusterSelect;

const asProblem = <T extends { label: string; customLabel: string | null }>(cluster: T) => ({
  ...cluster,
  name: cluster.customLabel ?? cluster.label,
});

/**
 * Themes (broader subjects) with their widest problems inside, widest spread first: the clusters page. Filters
 * keep a theme when one of its issues (province, sector) or problems (status, name) matches.
 */
export async function listThemes(
  db: Db,
  actor: SignedInActor,
  input: z.input<typeof ThemeListSchema>,
  now = new Date(),
) {
  assertAnalyst(actor);
  const query = ThemeListSchema.parse(input);
  const statuses = query.status ? [query.status] : [...LIVE_PROBLEM_STATUSES];
  const inPlace = query.province || query.sector ? await themesWithIssuesAt(db, query.province, query.sector) : null;
  const where: Prisma.ThemeWhereInput = {
    issueCount: { gte: 1 },
    ...(inPlace && { id: { in: inPlace } }),
    ...(query.status && { clusters: { some: { status: query.status, issueCount: { gte: 2 } } } }),
    AND: [
      query.candidatesOnly
        ? {
            OR: [
              { isSystemicCandidate: true },
              { clusters: { some: { isSystemicCandidate: true, status: { in: statuses } } } },
            ],
          }
        : {},
      query.q
        ? {
            OR: [...nameContains(db, query.q), { clusters: { some: { OR: nameContains(db, query.q) } } }],
          }
        : {},
    ],
  };
  const [total, themes, rule] = await Promise.all([
    db.theme.count({ where }),
    db.theme.findMany({
      where,
      orderBy: [spreadOrderOf(query.sort, query.direction), { issueCount: 'desc' }, { id: 'asc' }],
      ...toSkipTake(query),
    }),
    escalationRule(db),
  ]);
  const ids = themes.map((theme) => theme.id);
  const [problems, growth] = await Promise.all([
    Promise.all(
      ids.map((themeId) =>
        db.cluster.findMany({
          where: { themeId, issueCount: { gte: 2 }, status: { in: statuses } },
          select: PROBLEM_SELECT,
          orderBy: [{ facilityCount: 'desc' }, { issueCount: 'desc' }, { id: 'asc' }],
          take: PROBLEMS_SHOWN_IN_LIST,
        }),
      ),
    ),
    growthOfThemes(db, ids, now),
  ]);
  return toPage(
    themes.map((theme, index) => ({
      ...theme,
      name: theme.customLabel ?? theme.label,
      escalationReasons: themeEscalationReasons(theme, rule),
      problems: problems[index]!.map(asProblem),
      growth: growth.get(theme.id) ?? { raisedLast90Days: 0, raisedPrevious90Days: 0 },
    })),
    total,
    query,
  );
}

/** Why the rule proposes the theme, from its spread as it stands now. */
function themeEscalationReasons(
  theme: { spread: unknown; problemCount: number },
  rule: Awaited<ReturnType<typeof escalationRule>>,
): string[] {
  const spread = theme.spread as Spread | null;
  return spread ? judgeThemeEscalation(spread, theme.problemCount, rule).reasons : [];
}

/** Themes with a live issue at a facility of this province and sector. */
async function themesWithIssuesAt(db: Db, province: string | undefined, sector: string | undefined) {
  const rows = await db.localIssue.findMany({
    where: {
      archived: false,
      themeId: { not: null },
      facility: { province: province as never, sector: sector as never },
    },
    select: { themeId: true },
    distinct: ['themeId'],
  });
  return rows.map((row) => row.themeId!);
}

/** Issues raised in the last 90 days and the 90 before, per theme, counted on the day the page is shown. */
async function growthOfThemes(db: Db, themeIds: readonly string[], now: Date) {
  // Counted by the database: at national scale the themes of one page hold tens of thousands of recent
  // issues, too many to read on every view.
  const countIn = (fromDaysAgo: number, toDaysAgo: number) =>
    db.localIssue.groupBy({
      by: ['themeId'],
      where: { themeId: { in: [...themeIds] }, archived: false, raisedOn: raisedOnWithin(now, fromDaysAgo, toDaysAgo) },
      _count: { _all: true },
    });
  const [last, previous] = await Promise.all([countIn(0, 90), countIn(90, 180)]);
  const growth = new Map(themeIds.map((id) => [id, { raisedLast90Days: 0, raisedPrevious90Days: 0 }]));
  for (const row of last) growth.get(row.themeId!)!.raisedLast90Days = row._count._all;
  for (const row of previous) growth.get(row.themeId!)!.raisedPrevious90Days = row._count._all;
  return growth;
}

/** A theme with its problems, the issues alone in it, its explanation, spread and history. */
export async function getTheme(db: Db, actor: SignedInActor, id: string, now = new Date()) {
  assertAnalyst(actor);
  const theme = await db.theme.findUnique({ where: { id } });
  if (!theme) throw new ServiceError('not_found', 'There is no such theme; a later run may have dissolved it.');
  const explanation = theme.explanation as unknown as ClusterExplanation | null;
  const spread = theme.spread as Spread | null;
  const [problems, loners, lonerTotal, history, sharedTags, suggestedDepartment, growth, rule] = await Promise.all([
    db.cluster.findMany({
      where: { themeId: id, issueCount: { gte: 2 }, status: { in: [...LIVE_PROBLEM_STATUSES, 'dismissed'] } },
      select: { ...PROBLEM_SELECT, themePinned: true, peopleAffected: true },
      orderBy: [{ facilityCount: 'desc' }, { issueCount: 'desc' }, { id: 'asc' }],
      take: THEME_PROBLEMS_SHOWN,
    }),
    db.localIssue.findMany({
      where: { themeId: id, archived: false, OR: [{ clusterId: null }, { cluster: { issueCount: { lt: 2 } } }] },
      select: {
        id: true,
        title: true,
        raisedOn: true,
        facility: { select: { id: true, name: true, province: true } },
      },
      orderBy: [{ raisedOn: 'desc' }, { id: 'asc' }],
      take: THEME_LONERS_SHOWN,
    }),
    db.localIssue.count({
      where: { themeId: id, archived: false, OR: [{ clusterId: null }, { cluster: { issueCount: { lt: 2 } } }] },
    }),
    historyOf(db, { entityType: 'theme', entityId: id }),
    db.tag.findMany({ where: { slug: { in: explanation?.sharedTags ?? [] } }, select: { slug: true, name: true } }),
    theme.suggestedDepartmentId
      ? db.department.findUnique({ where: { id: theme.suggestedDepartmentId }, select: { code: true, name: true } })
      : null,
    growthOfThemes(db, [id], now),
    escalationRule(db),
  ]);
  return {
    ...theme,
    name: theme.customLabel ?? theme.label,
    explanation,
    spread: spread && { ...spread, ...(growth.get(id) ?? { raisedLast90Days: 0, raisedPrevious90Days: 0 }) },
    escalationReasons: themeEscalationReasons(theme, rule),
    problems: problems.map(asProblem),
    loners: loners.map((issue) => ({ ...issue, raisedOn: toCalendarDate(issue.raisedOn) })),
    lonerTotal,
    history,
    sharedTags: (explanation?.sharedTags ?? []).map(
      (slug) => sharedTags.find((tag) => tag.slug === slug) ?? { slug, name: slug },
    ),
    suggestedDepartment,
  };
}

/** Themes a problem may move to: the largest first, as many as a phone can still scroll through. */
export async function listThemeOptions(db: Db, actor: SignedInActor, excludeId: string | null) {
  assertAnalyst(actor);
  const themes = await db.theme.findMany({
    where: { issueCount: { gte: 1 }, ...(excludeId && { id: { not: excludeId } }) },
    select: { id: true, label: true, customLabel: true, issueCount: true, problemCount: true },
    orderBy: [{ issueCount: 'desc' }, { id: 'asc' }],
    take: 200,
  });
  return themes.map((theme) => ({ ...theme, name: theme.customLabel ?? theme.label }));
}
