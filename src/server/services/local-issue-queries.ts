import Papa from 'papaparse';
import { z } from 'zod';
import type { Db } from '../../db/client.ts';
import { dialectOf } from '../../db/dialect.ts';
import type { Prisma } from '../../db/generated/sqlite/client.ts';
import type { SignedInActor } from '../../domain/access/actor.ts';
import { nextStatuses } from '../../domain/local-issue/workflow.ts';
import { findPersonalData } from '../../domain/privacy/personal-data.ts';
import { ISSUE_SOURCES, LOCAL_ISSUE_STATUSES, PROVINCES, SECTORS } from '../../domain/vocabulary.ts';
import { fromCalendarDate, toCalendarDate } from '../../lib/calendar-date.ts';
import { PageRequestSchema, toPage, toSkipTake } from '../../lib/pagination.ts';
import { localIssueScope } from './scope-filters.ts';
import { ServiceError } from './service-error.ts';
import { loadTagTerms, withDescendants } from './tag-terms.ts';

export const LOCAL_ISSUE_SORTS = ['relevance', 'raised', 'updated', 'title', 'facility', 'evidence'] as const;

const LocalIssueFilterSchema = z.object({
  q: z.string().trim().min(1).max(200).optional(),
  province: z.enum(PROVINCES).optional(),
  sector: z.enum(SECTORS).optional(),
  facilityId: z.string().min(1).optional(),
  /** A tag's slug: issues with it or any tag below it. */
  tag: z.string().trim().min(1).max(80).optional(),
  source: z.enum(ISSUE_SOURCES).optional(),
  status: z.enum(LOCAL_ISSUE_STATUSES).optional(),
  raisedFrom: z.iso.date().optional(),
  raisedTo: z.iso.date().optional(),
  archived: z.enum(['exclude', 'include', 'only']).default('exclude'),
  personalData: z.enum(['any', 'flagged']).default('any'),
  importRunId: z.string().min(1).optional(),
});

export const LocalIssueListQuerySchema = PageRequestSchema.extend(LocalIssueFilterSchema.shape).extend({
  /** Relevance needs a search; without one the list falls back to the newest first. */
  sort: z.enum(LOCAL_ISSUE_SORTS).default('relevance'),
  direction: z.enum(['asc', 'desc']).default('desc'),
});
export type LocalIssueListQuery = z.input<typeof LocalIssueListQuerySchema>;
export const LocalIssueExportSchema = LocalIssueFilterSchema;

/** How many full-text matches are ranked before filters narrow them; the list says when it is cut. */
export const SEARCH_CANDIDATES = 2_000;

/** The filters as a Prisma condition, plus the ranked ids of a full-text search when there is one. */
async function whereOf(db: Db, actor: SignedInActor, filter: z.output<typeof LocalIssueFilterSchema>) {
  const conditions: Prisma.LocalIssueWhereInput[] = [localIssueScope(actor)];
  if (filter.archived !== 'include') conditions.push({ archived: filter.archived === 'only' });
  if (filter.province || filter.sector) {
    conditions.push({ facility: { province: filter.province, sector: filter.sector } });
  }
  if (filter.facilityId) conditions.push({ facilityId: filter.facilityId });
  if (filter.source) conditions.push({ source: filter.source });
  if (filter.status) conditions.push({ status: filter.status });
  if (filter.importRunId) conditions.push({ importRunId: filter.importRunId });
  if (filter.personalData === 'flagged') conditions.push({ personalDataFlagged: true });
  if (filter.raisedFrom) conditions.push({ raisedOn: { gte: fromCalendarDate(filter.raisedFrom) } });
  if (filter.raisedTo) conditions.push({ raisedOn: { lte: fromCalendarDate(filter.raisedTo) } });
  if (filter.tag) {
    const { tagIdByTerm, tags } = await loadTagTerms(db);
    const tagId = tagIdByTerm.get(filter.tag.toLowerCase());
    conditions.push({ tags: { some: { tagId: { in: tagId ? withDescendants(tags, tagId) : [] } } } });
  }
  let ranked: string[] | null = null;
  if (filter.q) {
    ranked = await dialectOf(db).matchLocalIssues(db, filter.q, SEARCH_CANDIDATES);
    conditions.push({ id: { in: ranked } });
  }
  return { where: { AND: conditions } satisfies Prisma.LocalIssueWhereInput, ranked };
}

const listSelect = {
  id: true,
  title: true,
  status: true,
  source: true,
  raisedOn: true,
  updatedAt: true,
  respondentsCiting: true,
  respondentsAsked: true,
  priorityVotes: true,
  archived: true,
  personalDataFlagged: true,
  facility: { select: { id: true, name: true, code: true, province: true } },
  tags: { select: { tag: { select: { slug: true, name: true } } } },
} satisfies Prisma.LocalIssueSelect;

const ORDER: Record<Exclude<(typeof LOCAL_ISSUE_SORTS)[number], 'relevance'>, (d: 'asc' | 'desc') => object> = {
  raised: (direction) => ({ raisedOn: direction }),
  updated: (direction) => ({ updatedAt: direction }),
  title: (direction) => ({ title: direction }),
  facility: (direction) => ({ facility: { name: direction } }),
  evidence: (direction) => ({ respondentsCiting: { sort: direction, nulls: 'last' } }),
};

/** A page of local issues within the actor's scope, filtered, searched and sorted. */
export async function listLocalIssues(db: Db, actor: SignedInActor, rawQuery: LocalIssueListQuery) {
  const query = LocalIssueListQuerySchema.parse(rawQuery);
  const { where, ranked } = await whereOf(db, actor, query);
  const byRelevance = query.sort === 'relevance' && ranked !== null;
  const sort = query.sort === 'relevance' ? 'raised' : query.sort;
  const total = await db.localIssue.count({ where });
  let items;
  if (byRelevance) {
    // The database ranked the matches; keep its order for the ids that pass the filters.
    const passing = new Set((await db.localIssue.findMany({ where, select: { id: true } })).map((issue) => issue.id));
    const { skip, take } = toSkipTake(query);
    const pageIds = ranked.filter((id) => passing.has(id)).slice(skip, skip + take);
    const found = await db.localIssue.findMany({ where: { id: { in: pageIds } }, select: listSelect });
    const byId = new Map(found.map((issue) => [issue.id, issue]));
    items = pageIds.flatMap((id) => byId.get(id) ?? []);
  } else {
    items = await db.localIssue.findMany({
      where,
      select: listSelect,
      orderBy: [ORDER[sort](query.direction), { id: 'asc' }],
      ...toSkipTake(query),
    });
  }
  return {
    ...toPage(items, total, query),
    sort: byRelevance ? 'relevance' : sort,
    isSearchCut: ranked !== null && ranked.length >= SEARCH_CANDIDATES,
  };
}

/** One issue with everything its page shows; personal-data findings are listed for staff review. */
export async function getLocalIssue(db: Db, actor: SignedInActor, id: string) {
  const issue = await db.localIssue.findFirst({
    where: { AND: [{ id }, localIssueScope(actor)] },
    include: {
      facility: { select: { id: true, name: true, code: true, province: true, sector: true } },
      round: { select: { id: true, wave: true, programme: true } },
      tags: { select: { tag: { select: { id: true, slug: true, name: true } } } },
      rootCauses: { orderBy: { position: 'asc' } },
      importRun: { select: { id: true, fileName: true, startedAt: true } },
      cluster: { select: { id: true, label: true, customLabel: true } },
      commitments: { select: { id: true, commitment: true, status: true, dueOn: true } },
    },
  });
  if (!issue) throw new ServiceError('not_found', 'There is no such local issue, or it is outside your facilities.');
  const history = await db.auditEvent.findMany({
    where: { entityType: 'local_issue', entityId: id },
    orderBy: { createdAt: 'desc' },
    take: 50,
    select: { id: true, action: true, actorLabel: true, createdAt: true, changes: true },
  });
  const personalData = issue.personalDataFlagged
    ? [
        ...findPersonalData(issue.title).map((finding) => ({ ...finding, field: 'title' })),
        ...findPersonalData(issue.description).map((finding) => ({ ...finding, field: 'description' })),
        ...issue.rootCauses.flatMap((cause, index) =>
          findPersonalData(cause.statement).map((finding) => ({ ...finding, field: `root cause ${index + 1}` })),
        ),
      ]
    : [];
  return {
    ...issue,
    raisedOn: toCalendarDate(issue.raisedOn),
    nextStatuses: issue.archived ? [] : nextStatuses(issue.status),
    personalData,
    history,
  };
}

/** The rounds at a facility, for the round picker of the issue form. */
export async function listRoundOptions(db: Db, facilityId: string) {
  return db.monitoringRound.findMany({
    where: { facilityId },
    select: { id: true, wave: true, programme: true, startedOn: true },
    orderBy: [{ startedOn: 'asc' }, { wave: 'asc' }],
  });
}

/** Tags whose name, slug or synonym starts with (or holds) what was typed, for type-ahead. */
export async function suggestTags(db: Db, typed: string, limit = 8) {
  const word = typed.trim().toLowerCase();
  if (word === '') return [];
  const { tagIdByTerm, tags } = await loadTagTerms(db);
  const byId = new Map(tags.map((tag) => [tag.id, tag]));
  const score = new Map<string, number>();
  for (const [term, id] of tagIdByTerm) {
    const rank = term.startsWith(word) ? 0 : term.includes(word) ? 1 : null;
    if (rank !== null) score.set(id, Math.min(score.get(id) ?? 2, rank));
  }
  return [...score]
    .sort(([a, rankA], [b, rankB]) => rankA - rankB || byId.get(a)!.name.localeCompare(byId.get(b)!.name))
    .slice(0, limit)
    .map(([id]) => {
      const { slug, name } = byId.get(id)!;
      return { slug, name };
    });
}

const EXPORT_LIMIT = 100_000;
const EXPORT_COLUMNS = [
  'id',
  'external_ref',
  'facility_code',
  'facility_name',
  'province',
  'sector',
  'wave',
  'source',
  'status',
  'title',
  'description',
  'respondents_citing',
  'respondents_asked',
  'priority_votes',
  'tags',
  'root_causes',
  'raised_on',
  'archived',
] as const;

/** A spreadsheet opens a cell starting with = + - @ as a formula; a leading apostrophe keeps it text. */
const safeCell = (value: string) => (/^[=+\-@\t\r]/.test(value) ? `'${value}` : value);

/**
 * The filtered list as CSV, every matching issue (up to 100,000), in the import format's column
 * names plus what an analyst needs to read it (id, facility name, province, status).
 */
export async function exportLocalIssuesCsv(
  db: Db,
  actor: SignedInActor,
  rawFilter: z.input<typeof LocalIssueExportSchema>,
) {
  const filter = LocalIssueExportSchema.parse(rawFilter);
  const { where } = await whereOf(db, actor, filter);
  const issues = await db.localIssue.findMany({
    where,
    orderBy: [{ raisedOn: 'desc' }, { id: 'asc' }],
    take: EXPORT_LIMIT,
    include: {
      facility: { select: { code: true, name: true, province: true, sector: true } },
      round: { select: { wave: true } },
      tags: { select: { tag: { select: { slug: true } } } },
      rootCauses: { orderBy: { position: 'asc' } },
    },
  });
  const rows = issues.map((issue): Record<(typeof EXPORT_COLUMNS)[number], string | number> => ({
    id: issue.id,
    external_ref: issue.externalRef ?? '',
    facility_code: issue.facility.code,
    facility_name: issue.facility.name,
    province: issue.facility.province,
    sector: issue.facility.sector,
    wave: issue.round?.wave ?? '',
    source: issue.source,
    status: issue.status,
    title: issue.title,
    description: issue.description,
    respondents_citing: issue.respondentsCiting ?? '',
    respondents_asked: issue.respondentsAsked ?? '',
    priority_votes: issue.priorityVotes ?? '',
    tags: issue.tags.map((link) => link.tag.slug).join('|'),
    root_causes: issue.rootCauses.map((cause) => `${cause.level}:${cause.category}:${cause.statement}`).join('|'),
    raised_on: toCalendarDate(issue.raisedOn),
    archived: issue.archived ? 'yes' : 'no',
  }));
  const csv = Papa.unparse(
    rows.map((row) => Object.fromEntries(Object.entries(row).map(([key, value]) => [key, safeCell(String(value))]))),
    { columns: [...EXPORT_COLUMNS], newline: '\r\n' },
  );
  return { csv: `\uFEFF${csv}\r\n`, count: rows.length, isCut: rows.length === EXPORT_LIMIT };
}
