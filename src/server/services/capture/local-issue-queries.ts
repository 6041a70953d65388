import { z } from 'zod';
import type { Db } from '../../../db/client.ts';
import { dialectOf } from '../../../db/dialect.ts';
import type { Prisma } from '../../../db/generated/sqlite/client.ts';
import type { SignedInActor } from '../../../domain/accounts/actor.ts';
import { keepsRecordsAt } from '../../../domain/accounts/facility-access.ts';
import { nextStatuses } from '../../../domain/capture/local-issue-workflow.ts';
import { findPersonalData } from '../../../domain/privacy/personal-data.ts';
import { textField } from '../../../domain/text/text-schema.ts';
import { ISSUE_SOURCES, LOCAL_ISSUE_STATUSES, PROVINCES, SECTORS } from '../../../domain/vocabulary.ts';
import { fromCalendarDate, toCalendarDate } from '../../../lib/calendar-date.ts';
import { csvText } from '../../../lib/lists/csv.ts';
import { PageRequestSchema, toPage, toSkipTake } from '../../../lib/lists/pagination.ts';
import { historyOf } from '../audit/audit-history.ts';
import { visibleCases } from '../cases/case-access.ts';
import { localIssueScope } from './scope-filters.ts';
import { ServiceError } from '../shared/service-error.ts';
import { loadTagTerms, withDescendants } from '../taxonomy/tag-terms.ts';
import { facilityIdOrCode } from './facility-filter.ts';

export const LOCAL_ISSUE_SORTS = ['relevance', 'raised', 'updated', 'title', 'facility', 'evidence'] as const;

const LocalIssueFilterSchema = z.object({
  q: textField().trim().min(1).max(200).optional(),
  province: z.enum(PROVINCES).optional(),
  sector: z.enum(SECTORS).optional(),
  facilityId: textField().min(1).optional(),
  /** A tag's slug: issues with it or any tag below it. */
  tag: textField().trim().min(1).max(80).optional(),
  source: z.enum(ISSUE_SOURCES).optional(),
  status: z.enum(LOCAL_ISSUE_STATUSES).optional(),
  raisedFrom: z.iso.date().optional(),
  raisedTo: z.iso.date().optional(),
  archived: z.enum(['exclude', 'include', 'only']).default('exclude'),
  personalData: z.enum(['any', 'flagged']).default('any'),
  importRunId: textField().min(1).optional(),
});

export const LocalIssueListQuerySchema = PageRequestSchema.extend(LocalIssueFilterSchema.shape).extend({
  /** Relevance needs a search; without one the list falls back to the newest first. */
  sort: z.enum(LOCAL_ISSUE_SORTS).default('relevance'),
  direction: z.enum(['asc', 'desc']).default('desc'),
});
export type LocalIssueListQuery = z.input<typeof LocalIssueListQuerySchema>;

/** Most rows one export call returns: the download asks for the next chunk until there is none. */
export const MAX_EXPORT_CHUNK = 500;
/** Where the previous chunk of an export ended, in its order (newest raised first, then id). */
const ExportCursorSchema = z.object({ raisedOn: z.iso.datetime(), id: textField().min(1) });
export type ExportCursor = z.output<typeof ExportCursorSchema>;
export const LocalIssueExportSchema = LocalIssueFilterSchema.extend({
  /** The previous chunk's `next`; without it, the first chunk, which starts with the header row. */
  after: ExportCursorSchema.optional(),
  chunkSize: z.int().min(1).max(MAX_EXPORT_CHUNK).default(MAX_EXPORT_CHUNK),
});

/** How many full-text matches are ranked before filters narrow them; the list says when it is cut. */
export const SEARCH_CANDIDATES = 2_000;

/**
 * The filters as a Prisma condition, plus the ranked ids of a full-text search when there is one, which
 * the condition leaves out: a list of up to 2,000 ids in a count or a sorted query passes SQLite's 999
 * bound parameters, so callers narrow the ranking with `idsPassing`.
 */
async function whereOf(db: Db, actor: SignedInActor, filter: z.output<typeof LocalIssueFilterSchema>) {
  const conditions: Prisma.LocalIssueWhereInput[] = [localIssueScope(actor)];
  if (filter.archived !== 'include') conditions.push({ archived: filter.archived === 'only' });
  if (filter.province || filter.sector) {
    conditions.push({ facility: { province: filter.province, sector: filter.sector } });
  }
  if (filter.facilityId) conditions.push({ facility: facilityIdOrCode(filter.facilityId) });
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
  const ranked = filter.q ? await dialectOf(db).matchLocalIssues(db, filter.q, SEARCH_CANDIDATES) : null;
  return { where: { AND: conditions } satisfies Prisma.LocalIssueWhereInput, ranked };
}

/** Ids per query when a list of ids joins other conditions: well within SQLite's 999 bound parameters. */
const ID_CHUNK = 400;

/** The ids among `ids` that pass `where`, in the order of `ids`. */
async function idsPassing(db: Db, where: Prisma.LocalIssueWhereInput, ids: readonly string[]): Promise<string[]> {
  const passing = new Set<string>();
  for (let start = 0; start < ids.length; start += ID_CHUNK) {
    const chunk = ids.slice(start, start + ID_CHUNK);
    const found = await db.localIssue.findMany({
      where: { AND: [where, { id: { in: chunk } }] },
      select: { id: true },
    });
    for (const issue of found) passing.add(issue.id);
  }
  return ids.filter((id) => passing.has(id));
}

const sortKeySelect = {
  id: true,
  raisedOn: true,
  updatedAt: true,
  title: true,
  respondentsCiting: true,
  facility: { select: { name: true } },
} satisfies Prisma.LocalIssueSelect;
type SortKeys = Prisma.LocalIssueGetPayload<{ select: typeof sortKeySelect }>;
type ListSort = Exclude<(typeof LOCAL_ISSUE_SORTS)[number], 'relevance'>;

const compareValues = (a: string | number, b: string | number) => (a < b ? -1 : a > b ? 1 : 0);
const SORT_KEY: Record<ListSort, (issue: SortKeys) => string | number | null> = {
  raised: (issue) => issue.raisedOn.getTime(),
  updated: (issue) => issue.updatedAt.getTime(),
  title: (issue) => issue.title,
  facility: (issue) => issue.facility.name,
  evidence: (issue) => issue.respondentsCiting,
};

/**
 * A search's matches (at most SEARCH_CANDIDATES) in a list order, as the database orders the list without
 * a search (ORDER below): their sort keys are read a chunk at a time and sorted here, since a sorted
 * query over that many ids passes SQLite's bound parameters. Empty evidence goes last either way.
 */
async function idsInOrder(db: Db, ids: readonly string[], sort: ListSort, direction: 'asc' | 'desc') {
  const keyed: SortKeys[] = [];
  for (let start = 0; start < ids.length; start += ID_CHUNK) {
    keyed.push(
      ...(await db.localIssue.findMany({
        where: { id: { in: ids.slice(start, start + ID_CHUNK) } },
        select: sortKeySelect,
      })),
    );
  }
  const sign = direction === 'asc' ? 1 : -1;
  const keyOf = SORT_KEY[sort];
  return keyed
    .map((issue) => ({ id: issue.id, key: keyOf(issue) }))
    .sort((a, b) => {
      if (a.key === null || b.key === null)
        return a.key === b.key ? sign * compareValues(a.id, b.id) : a.key === null ? 1 : -1;
      return sign * compareValues(a.key, b.key) || sign * compareValues(a.id, b.id);
    })
    .map((issue) => issue.id);
}

/** The rows in the order of `ids`. */
function inOrderOf<T extends { id: string }>(ids: readonly string[], rows: readonly T[]): T[] {
  const byId = new Map(rows.map((row) => [row.id, row]));
  return ids.flatMap((id) => byId.get(id) ?? []);
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

const ORDER: Record<ListSort, (d: 'asc' | 'desc') => object> = {
  raised: (direction) => ({ raisedOn: direction }),
  updated: (direction) => ({ updatedAt: direction }),
  title: (direction) => ({ title: direction }),
  facility: (direction) => ({ facility: { name: direction } }),
  evidence: (direction) => ({ respondentsCiting: { sort: direction, nulls: 'last' } }),
};

/**
 * How many issues match. Prisma's count wraps the filter in a subquery with LIMIT and OFFSET, which SQLite
 * runs as a scan of the table (30 ms at 100,000 issues); a count grouped by `archived` uses an index (9 ms).
 * PostgreSQL counts either way alike (10 ms; grouped, 15 ms).
 */
async function countIssues(db: Db, where: Prisma.LocalIssueWhereInput): Promise<number> {
  if (dialectOf(db).provider === 'postgresql') return db.localIssue.count({ where });
  const groups = await db.localIssue.groupBy({ by: ['archived'], where, _count: { _all: true } });
  return groups.reduce((sum, group) => sum + group._count._all, 0);
}

/** A page of local issues within the actor's scope, filtered, searched and sorted. */
export async function listLocalIssues(db: Db, actor: SignedInActor, rawQuery: LocalIssueListQuery) {
  const query = LocalIssueListQuerySchema.parse(rawQuery);
  const { where, ranked } = await whereOf(db, actor, query);
  const byRelevance = query.sort === 'relevance' && ranked !== null;
  const sort = query.sort === 'relevance' ? 'raised' : query.sort;
  const { skip, take } = toSkipTake(query);
  let total: number;
  let items;
  if (ranked !== null) {
    // The database ranked at most SEARCH_CANDIDATES matches; keep those that pass the filters.
    const passing = await idsPassing(db, where, ranked);
    total = passing.length;
    const ordered = byRelevance ? passing : await idsInOrder(db, passing, sort, query.direction);
    const pageIds = ordered.slice(skip, skip + take);
    items = inOrderOf(pageIds, await db.localIssue.findMany({ where: { id: { in: pageIds } }, select: listSelect }));
  } else {
    [total, items] = await Promise.all([
      countIssues(db, where),
      db.localIssue.findMany({
        where,
        select: listSelect,
        // The tie-breaker follows the direction, so that an index on (column, id) serves the whole order.
        orderBy: [ORDER[sort](query.direction), { id: query.direction }],
        skip,
        take,
      }),
    ]);
  }
  return {
    ...toPage(items, total, query),
    sort: byRelevance ? 'relevance' : sort,
    isSearchCut: ranked !== null && ranked.length >= SEARCH_CANDIDATES,
  };
}

/** One issue with everything its page shows; personal-data findings are listed for staff review. */
export async function getLocalIssue(db: Db, actor: SignedInActor, id: string): Promise<FullIssue> {
  const issue = await readFullIssue(db, actor, id);
  return keepsRecordsAt(actor, issue.facilityId) ? issue : followersView(issue);
}

async function readFullIssue(db: Db, actor: SignedInActor, id: string) {
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
      cases: {
        where: { case: visibleCases(actor) },
        select: { case: { select: { reference: true, title: true, status: true } } },
        orderBy: { case: { createdAt: 'asc' } },
      },
    },
  });
  if (!issue) throw new ServiceError('not_found', 'There is no such local issue, or it is outside your facilities.');
  const history = await historyOf(db, { entityType: 'local_issue', entityId: id });
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

type FullIssue = Awaited<ReturnType<typeof readFullIssue>>;

/**
 * What an official reads of an issue linked to their department's case: the issue as reported, where and with
 * what evidence and causes. Not the facility's charter (charter.get refuses them too), not the import it came
 * from, its cluster or the personal-data review, and of its history what was done, not the text before and
 * after. Built field by field, so that a field added to the full view stays out of this one until chosen.
 */
function followersView(issue: FullIssue): FullIssue {
  return {
    id: issue.id,
    facilityId: issue.facilityId,
    roundId: issue.roundId,
    title: issue.title,
    description: issue.description,
    source: issue.source,
    respondentsCiting: issue.respondentsCiting,
    respondentsAsked: issue.respondentsAsked,
    priorityVotes: issue.priorityVotes,
    status: issue.status,
    raisedOn: issue.raisedOn,
    archived: issue.archived,
    personalDataFlagged: issue.personalDataFlagged,
    version: issue.version,
    createdAt: issue.createdAt,
    updatedAt: issue.updatedAt,
    facility: issue.facility,
    round: issue.round,
    tags: issue.tags,
    rootCauses: issue.rootCauses,
    history: {
      events: issue.history.events.map((event) => ({ ...event, changes: fieldNamesOf(event.changes) })),
      records: {},
    },
    importSource: null,
    externalRef: null,
    importRunId: null,
    importRun: null,
    clusterId: null,
    cluster: null,
    clusterSimilarity: null,
    clusterPinned: false,
    themeId: null,
    nearDuplicateOfId: null,
    commitments: [],
    cases: issue.cases,
    personalData: [],
    nextStatuses: [],
  };
}

/** An audit event's changes reduced to the names of the fields it changed (no values before or after). */
function fieldNamesOf(changes: unknown): Prisma.JsonValue {
  const fields = (changes as { fields?: unknown } | null)?.fields;
  return Array.isArray(fields) ? { fields: fields.filter((field) => typeof field === 'string') } : null;
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

const exportInclude = {
  facility: { select: { code: true, name: true, province: true, sector: true } },
  round: { select: { wave: true } },
  tags: { select: { tag: { select: { slug: true } } } },
  rootCauses: { orderBy: { position: 'asc' } },
} satisfies Prisma.LocalIssueInclude;
type ExportedIssue = Prisma.LocalIssueGetPayload<{ include: typeof exportInclude }>;

/** The export's order, newest raised first: the rows after `after` in it. */
const afterCursor = (after: ExportCursor | undefined): Prisma.LocalIssueWhereInput => {
  if (!after) return {};
  const raisedOn = new Date(after.raisedOn);
  return { raisedOn: { lte: raisedOn }, OR: [{ raisedOn: { lt: raisedOn } }, { id: { lt: after.id } }] };
};

/**
 * One chunk of the filtered list as CSV, in the import format's column names plus what an analyst needs
 * to read it (id, facility name, province, status): at most `chunkSize` issues after `after`, newest raised
 * first, with `next` to ask for the chunk after it (null after the last). The download (/issues/export.csv)
 * streams every matching issue chunk by chunk, so that no request reads them all at once: 100,000 issues
 * in one query took 8 s of the web process's event loop on SQLite.
 */
export async function exportLocalIssuesCsv(
  db: Db,
  actor: SignedInActor,
  rawFilter: z.input<typeof LocalIssueExportSchema>,
) {
  const { after, chunkSize, ...filter } = LocalIssueExportSchema.parse(rawFilter);
  const { where, ranked } = await whereOf(db, actor, filter);
  let issues: ExportedIssue[];
  if (ranked !== null) {
    const ordered = await idsInOrder(db, await idsPassing(db, where, ranked), 'raised', 'desc');
    const start = after ? exportPosition(ordered, after) : 0;
    const chunkIds = ordered.slice(start, start + chunkSize);
    issues = inOrderOf(
      chunkIds,
      await db.localIssue.findMany({ where: { id: { in: chunkIds } }, include: exportInclude }),
    );
  } else {
    issues = await db.localIssue.findMany({
      where: { AND: [where, afterCursor(after)] },
      orderBy: [{ raisedOn: 'desc' }, { id: 'desc' }],
      take: chunkSize,
      include: exportInclude,
    });
  }
  const rows = issues.map((issue) => EXPORT_COLUMNS.map((column) => cellOf(issue, column)));
  const last = issues.at(-1);
  return {
    csv: csvText(EXPORT_COLUMNS, rows, { isFirstChunk: !after }),
    count: rows.length,
    next: last && issues.length === chunkSize ? { raisedOn: last.raisedOn.toISOString(), id: last.id } : null,
  };
}

/** Where the chunk after `after` starts among a search's matches in the export's order. */
function exportPosition(ordered: readonly string[], after: ExportCursor): number {
  const index = ordered.indexOf(after.id);
  return index < 0 ? ordered.length : index + 1;
}

function cellOf(issue: ExportedIssue, column: (typeof EXPORT_COLUMNS)[number]): string | number {
  switch (column) {
    case 'id':
      return issue.id;
    case 'external_ref':
      return issue.externalRef ?? '';
    case 'facility_code':
      return issue.facility.code;
    case 'facility_name':
      return issue.facility.name;
    case 'province':
      return issue.facility.province;
    case 'sector':
      return issue.facility.sector;
    case 'wave':
      return issue.round?.wave ?? '';
    case 'source':
      return issue.source;
    case 'status':
      return issue.status;
    case 'title':
      return issue.title;
    case 'description':
      return issue.description;
    case 'respondents_citing':
      return issue.respondentsCiting ?? '';
    case 'respondents_asked':
      return issue.respondentsAsked ?? '';
    case 'priority_votes':
      return issue.priorityVotes ?? '';
    case 'tags':
      return issue.tags.map((link) => link.tag.slug).join('|');
    case 'root_causes':
      return issue.rootCauses.map((cause) => `${cause.level}:${cause.category}:${cause.statement}`).join('|');
    case 'raised_on':
      return toCalendarDate(issue.raisedOn);
    case 'archived':
      return issue.archived ? 'yes' : 'no';
  }
}
