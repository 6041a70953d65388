import type { Db, Tx } from '../../../db/client.ts';
import type { DepartmentForSuggestion, MemberForSuggestion } from '../../../domain/clustering/department-suggestion.ts';
import type { ClusterRecord } from '../../../domain/clustering/features.ts';
import type { SpreadMember } from '../../../domain/clustering/spread.ts';
import { taxonomyLookup, type TaxonomyLookup } from '../../../domain/clustering/taxonomy-lookup.ts';
import { toCalendarDate } from '../../../lib/calendar-date.ts';

/** A live local issue as clustering reads it: its record, its spread, who might own it, where it sits. */
export interface IssueForClustering {
  id: string;
  record: ClusterRecord;
  spread: SpreadMember;
  owner: MemberForSuggestion;
  clusterId: string | null;
  isPinned: boolean;
  themeId: string | null;
}

export interface ClusteringTaxonomy extends TaxonomyLookup {
  /** Tag slug -> the department its routing hint names. */
  routingOf: ReadonlyMap<string, string>;
  /** Tag slug -> the tag's name, for naming themes. */
  nameOf: (slug: string) => string | undefined;
}

/** The live taxonomy from the database: tags, their places in the tree, synonyms, former slugs, routing. */
export async function loadClusteringTaxonomy(db: Db | Tx): Promise<ClusteringTaxonomy> {
  const tags = await db.tag.findMany({
    where: { mergedIntoId: null },
    select: {
      slug: true,
      name: true,
      routingDepartmentId: true,
      parent: { select: { slug: true } },
      synonyms: { select: { term: true } },
      aliases: { select: { slug: true } },
    },
  });
  const lookup = taxonomyLookup(
    tags.map((tag) => ({
      slug: tag.slug,
      parent: tag.parent?.slug ?? null,
      name: tag.name,
      synonyms: tag.synonyms.map((synonym) => synonym.term),
      aliases: tag.aliases.map((alias) => alias.slug),
    })),
  );
  const routingOf = new Map(
    tags.flatMap((tag) => (tag.routingDepartmentId ? [[tag.slug, tag.routingDepartmentId] as const] : [])),
  );
  const names = new Map(tags.map((tag) => [tag.slug, tag.name]));
  return { ...lookup, routingOf, nameOf: (slug) => names.get(slug) };
}

export async function loadDepartmentsForSuggestion(db: Db | Tx): Promise<DepartmentForSuggestion[]> {
  return db.department.findMany({ select: { id: true, sector: true, sphere: true, province: true } });
}

const ISSUE_FIELDS = {
  id: true,
  title: true,
  description: true,
  raisedOn: true,
  respondentsCiting: true,
  priorityVotes: true,
  clusterId: true,
  clusterPinned: true,
  themeId: true,
  tags: { select: { tag: { select: { slug: true } } } },
  rootCauses: { select: { statement: true, level: true, category: true }, orderBy: { position: 'asc' } },
  facility: { select: { code: true, province: true, sector: true, departmentId: true } },
} as const;

type LoadedIssue = Awaited<ReturnType<typeof loadPage>>[number];

function loadPage(
  db: Db | Tx,
  where: { archived: false; id?: { in: string[] } | { gt: string }; updatedAt?: { gte: Date } },
  take?: number,
) {
  return db.localIssue.findMany({ where, select: ISSUE_FIELDS, orderBy: { id: 'asc' }, take });
}

export function toIssueForClustering(issue: LoadedIssue, taxonomy: ClusteringTaxonomy): IssueForClustering {
  const tags = issue.tags.map((link) => link.tag.slug);
  const levels = issue.rootCauses.map((cause) => cause.level);
  return {
    id: issue.id,
    record: {
      key: issue.id,
      title: issue.title,
      description: issue.description,
      rootCauseStatements: issue.rootCauses.map((cause) => cause.statement),
      tags,
      rootCauseCategories: issue.rootCauses.map((cause) => cause.category),
      rootCauseLevels: levels,
    },
    spread: {
      facility: issue.facility.code,
      province: issue.facility.province,
      sector: issue.facility.sector,
      department: issue.facility.departmentId,
      peopleAffected: issue.respondentsCiting ?? issue.priorityVotes ?? 0,
      raisedOn: toCalendarDate(issue.raisedOn),
      rootCauseLevels: levels,
    },
    owner: {
      routedDepartmentIds: tags.flatMap((tag) => taxonomy.routingOf.get(tag) ?? []),
      facilityDepartmentId: issue.facility.departmentId,
      facilitySector: issue.facility.sector,
      rootCauseLevels: levels,
    },
    clusterId: issue.clusterId,
    isPinned: issue.clusterPinned,
    themeId: issue.themeId,
  };
}

/**
 * Issues read per query. Prisma loads the tags, root causes and facility of a page with one IN list, and
 * refuses one longer than SQLite's 999 bound parameters.
 */
const PAGE = 900;

/**
 * Every live (not archived) local issue, read a page at a time so that no single query holds them all.
 * libSQL runs each query on the event loop and a chain of awaited queries never lets timers or other
 * requests in, so the reader (the worker, between its heartbeats and leases) gives them a turn between
 * pages: reading 100,000 issues otherwise froze it for 10 s.
 */
export async function loadIssuesForClustering(
  db: Db | Tx,
  taxonomy: ClusteringTaxonomy,
): Promise<IssueForClustering[]> {
  const issues: IssueForClustering[] = [];
  let after: string | undefined;
  for (;;) {
    const page = await loadPage(db, after ? { archived: false, id: { gt: after } } : { archived: false }, PAGE);
    for (const issue of page) issues.push(toIssueForClustering(issue, taxonomy));
    if (page.length < PAGE) return issues;
    after = page.at(-1)!.id;
    await new Promise((resolve) => setImmediate(resolve));
  }
}

export async function loadIssuesById(db: Db | Tx, ids: readonly string[], taxonomy: ClusteringTaxonomy) {
  const issues: IssueForClustering[] = [];
  for (let start = 0; start < ids.length; start += PAGE) {
    const page = await loadPage(db, { archived: false, id: { in: ids.slice(start, start + PAGE) } });
    issues.push(...page.map((issue) => toIssueForClustering(issue, taxonomy)));
  }
  return issues;
}
