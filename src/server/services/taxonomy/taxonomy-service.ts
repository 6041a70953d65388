import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { Db, Tx } from '../../../db/client.ts';
import { dialectOf, type ColumnSpec } from '../../../db/dialect.ts';
import type { Prisma } from '../../../db/generated/sqlite/client.ts';
import { actorLabel, type SignedInActor } from '../../../domain/accounts/actor.ts';
import type { AuditAction } from '../../../domain/audit/audit-actions.ts';
import { planMerge } from '../../../domain/taxonomy/merge.ts';
import { toTaxonomyFile, type StoredTag } from '../../../domain/taxonomy/taxonomy-file.ts';
import { indexTerms, nameRefusal, slugRefusal, synonymRefusal } from '../../../domain/taxonomy/terms.ts';
import { descendantIds, inTreeOrder, isLive, moveRefusal, namePath, slugPath } from '../../../domain/taxonomy/tree.ts';
import { descriptionProblem, normaliseName, normaliseTerm, suggestSlug } from '../../../domain/taxonomy/words.ts';
import { textField } from '../../../domain/text/text-schema.ts';
import { historyOf } from '../audit/audit-history.ts';
import { recordAudit } from '../audit/audit.ts';
import type { FieldProblems } from '../../../lib/forms/field-problems.ts';
import { parseFieldByField, valueOrAllProblems } from '../shared/form-check.ts';
import { fieldError, ServiceError } from '../shared/service-error.ts';
import { staleVersionError } from '../shared/versioned-edit.ts';

const IdSchema = textField().min(1);
const VersionedSchema = z.object({ id: IdSchema, version: z.int().min(0) });
// Lengths and spelling are the domain's rules (words.ts); these bounds only keep absurd input out.
const NameSchema = textField().max(500);
const SlugInputSchema = textField().trim().max(200);
const DescriptionSchema = textField().trim().max(2000);

export const TaxonomyListSchema = z.object({
  q: textField().trim().max(100).optional(),
  /** False for pickers, which need the tags alone: counting reads every tag link (0.3 s at 100,000 issues). */
  counts: z.boolean().default(true),
});
export const TagLookupSchema = z.object({ slug: textField().trim().min(1).max(200) });
export const AddTagSchema = z.object({
  name: NameSchema,
  /** Empty: made from the name (and numbered when that slug is taken). */
  slug: SlugInputSchema.default(''),
  description: DescriptionSchema,
  parentId: IdSchema.nullable().default(null),
  routingDepartmentId: IdSchema.nullable().default(null),
  synonyms: z.array(textField().max(500)).max(50).default([]),
});
export const RenameTagSchema = VersionedSchema.extend({
  name: NameSchema,
  slug: SlugInputSchema,
  description: DescriptionSchema,
});
export const MoveTagSchema = VersionedSchema.extend({ parentId: IdSchema.nullable() });
export const TagRoutingSchema = VersionedSchema.extend({ routingDepartmentId: IdSchema.nullable() });
export const TagSynonymSchema = VersionedSchema.extend({ term: textField().max(500) });
export const MergePreviewSchema = z.object({ sourceId: IdSchema, targetId: IdSchema });
export const MergeTagsSchema = MergePreviewSchema.extend({
  sourceVersion: z.int().min(0),
  targetVersion: z.int().min(0),
});

const AUDIT_COLUMNS: ColumnSpec[] = [
  { name: 'id' },
  { name: 'actorId' },
  { name: 'actorLabel' },
  { name: 'entityType' },
  { name: 'entityId' },
  { name: 'action' },
  { name: 'changes', pgType: 'jsonb' },
  { name: 'createdAt', pgType: 'timestamp(3)' },
];

/** DESIGN.md section 1: administrators and analysts keep the taxonomy. */
function assertMayEditTaxonomy(actor: SignedInActor) {
  if (actor.role !== 'admin' && actor.role !== 'analyst') {
    throw new ServiceError('forbidden', 'Only analysts and administrators change the taxonomy.');
  }
}

const TAXONOMY_LOCK_KEY = 'taxonomy.changed_at';

/**
 * Taxonomy changes run one at a time. Their rules span many rows (a word leads to one tag only),
 * which no unique index can hold: writing this one row first makes a second writer wait for the
 * first to commit on PostgreSQL (a row lock), as SQLite's single writer does anyway.
 */
export async function lockTaxonomy(tx: Tx, now: Date) {
  const value = now.toISOString();
  await tx.appSetting.upsert({
    where: { key: TAXONOMY_LOCK_KEY },
    create: { key: TAXONOMY_LOCK_KEY, value },
    update: { value },
  });
}

const storedTagSelect = {
  id: true,
  slug: true,
  name: true,
  description: true,
  parentId: true,
  mergedIntoId: true,
  version: true,
  routingDepartment: { select: { id: true, code: true, name: true } },
  aliases: { select: { slug: true }, orderBy: { slug: 'asc' } },
  synonyms: { select: { term: true }, orderBy: { term: 'asc' } },
} satisfies Prisma.TagSelect;

type TaxonomyTag = StoredTag & {
  version: number;
  routing: { id: string; code: string; name: string } | null;
};

/** Every tag, live and merged, as the rules see them. */
export async function loadTaxonomy(db: Db | Tx): Promise<TaxonomyTag[]> {
  const rows = await db.tag.findMany({ select: storedTagSelect });
  return rows.map(({ routingDepartment, aliases, synonyms, ...tag }) => ({
    ...tag,
    routing: routingDepartment,
    routesTo: routingDepartment?.code ?? null,
    aliases: aliases.map((alias) => alias.slug),
    synonyms: synonyms.map((synonym) => synonym.term),
  }));
}

function findLive(tags: readonly TaxonomyTag[], id: string): TaxonomyTag {
  const tag = tags.find((candidate) => candidate.id === id);
  if (!tag) throw new ServiceError('not_found', 'There is no such tag.');
  if (!isLive(tag)) {
    const into = tags.find((candidate) => candidate.id === tag.mergedIntoId);
    throw new ServiceError(
      'refused',
      `${tag.name} was merged into ${into?.name ?? 'another tag'}; change that tag instead.`,
    );
  }
  return tag;
}

/** Every change to a tag is an audit event on it; `changes.version` is the version it produced. */
const auditTag = (tx: Tx, actor: SignedInActor, tagId: string, action: AuditAction, changes: Prisma.InputJsonObject) =>
  recordAudit(tx, actor, { entityType: 'tag', entityId: tagId, action, changes });

const staleRefusal = (tx: Tx, tagId: string, seenVersion: number) =>
  staleVersionError(tx, { entityType: 'tag', entityId: tagId, noun: 'tag' }, seenVersion);

/** Moves the tag's version on, or refuses when the caller's copy is stale. */
async function claimVersion(tx: Tx, id: string, seenVersion: number, data: Prisma.TagUncheckedUpdateManyInput = {}) {
  const { count } = await tx.tag.updateMany({
    where: { id, version: seenVersion },
    data: { ...data, version: { increment: 1 } },
  });
  if (count === 0) throw await staleRefusal(tx, id, seenVersion);
  return seenVersion + 1;
}

/** Loads the taxonomy under the lock and checks that the caller's copy of the tag is current. */
async function beginTagChange(tx: Tx, actor: SignedInActor, id: string, seenVersion: number, now: Date) {
  assertMayEditTaxonomy(actor);
  await lockTaxonomy(tx, now);
  const tags = await loadTaxonomy(tx);
  const tag = findLive(tags, id);
  if (tag.version !== seenVersion) throw await staleRefusal(tx, id, seenVersion);
  return { tags, tag };
}

async function checkDepartment(tx: Tx, departmentId: string | null): Promise<{ code: string } | null> {
  const problems: FieldProblems = {};
  const department = await departmentOrProblem(tx, departmentId, problems);
  if (problems.routingDepartmentId) throw fieldError(problems);
  return department ?? null;
}

/** The department a tag's problems go to, or its problem added to `problems`; nothing when none was chosen. */
async function departmentOrProblem(tx: Tx, departmentId: string | null | undefined, problems: FieldProblems) {
  if (departmentId == null) return null;
  const department = await tx.department.findUnique({ where: { id: departmentId }, select: { code: true } });
  if (!department) problems.routingDepartmentId = 'there is no such department';
  return department;
}

/** The tag and its ancestors up to the top, as long as each is live: the tags it counts for. */
function liveChainOf(byId: ReadonlyMap<string, TaxonomyTag>, tagId: string): string[] {
  const chain: string[] = [];
  for (let tag = byId.get(tagId); tag && isLive(tag) && chain.length <= byId.size;) {
    chain.push(tag.id);
    tag = tag.parentId === null ? undefined : byId.get(tag.parentId);
  }
  return chain;
}

const ARCHIVED_ISSUES = `SELECT "id" FROM "LocalIssue" WHERE "archived" = true`;

/**
 * Local issues carrying each live tag, not counting archived ones: on the tag itself, and on it or any tag
 * below it, each issue once. The database groups the issues by the set of tags they carry (one row per
 * combination) and the counts are added up here along the tree; archived issues, grouped the same way, are
 * taken off (fewer rows to look through than leaving them out of every issue's group). Counting distinct
 * issues per tag and ancestor in SQL sorted every (ancestor, issue) pair: 1.2 s at 100,000 issues on
 * SQLite, which runs it on the web process's event loop.
 */
async function countIssues(
  db: Db,
  tags: readonly TaxonomyTag[],
): Promise<Map<string, { own: number; withDescendants: number }>> {
  const concat = dialectOf(db).provider === 'sqlite' ? `group_concat("tagId", ' ')` : `string_agg("tagId", ' ')`;
  const combinations = (where: string) =>
    db.$queryRawUnsafe<{ tags: string; issues: number | bigint }[]>(`
      SELECT tagged.tags, COUNT(*) AS issues
      FROM (SELECT ${concat} AS tags FROM "LocalIssueTag" ${where} GROUP BY "localIssueId") tagged
      GROUP BY tagged.tags`);
  // One after the other: inside a transaction they would share one connection.
  const all = await combinations('');
  const archived = await combinations(`WHERE "localIssueId" IN (${ARCHIVED_ISSUES})`);
  const byId = new Map(tags.map((tag) => [tag.id, tag]));
  const chains = new Map<string, string[]>();
  const chainOf = (tagId: string) => {
    let chain = chains.get(tagId);
    if (!chain) chains.set(tagId, (chain = liveChainOf(byId, tagId)));
    return chain;
  };
  const counts = new Map<string, { own: number; withDescendants: number }>();
  const countOf = (tagId: string) => {
    let count = counts.get(tagId);
    if (!count) counts.set(tagId, (count = { own: 0, withDescendants: 0 }));
    return count;
  };
  const add = (rows: readonly { tags: string; issues: number | bigint }[], sign: 1 | -1) => {
    for (const row of rows) {
      const issues = sign * Number(row.issues);
      const counted = new Set<string>();
      for (const tagId of new Set(row.tags.split(' '))) {
        const chain = chainOf(tagId);
        // A link to a merged tag counts for nothing: merges move the links, so there should be none.
        if (chain[0] !== tagId) continue;
        countOf(tagId).own += issues;
        for (const counting of chain) counted.add(counting);
      }
      for (const tagId of counted) countOf(tagId).withDescendants += issues;
    }
  };
  add(all, 1);
  add(archived, -1);
  return counts;
}

/** The same counts for one tag and the tags below it (`subtree`, the tag first). */
async function countIssuesOf(db: Db, subtree: readonly string[]): Promise<{ own: number; withDescendants: number }> {
  const isSqlite = dialectOf(db).provider === 'sqlite';
  const placeholder = (index: number) => (isSqlite ? '?' : `$${index + 1}`);
  const [row] = await db.$queryRawUnsafe<{ own: number | bigint; total: number | bigint }[]>(
    `SELECT COUNT(DISTINCT CASE WHEN "tagId" = ${placeholder(0)} THEN "localIssueId" END) AS own,
       COUNT(DISTINCT "localIssueId") AS total
     FROM "LocalIssueTag"
     WHERE "tagId" IN (${subtree.map((_, index) => placeholder(index + 1)).join(', ')})
       AND "localIssueId" NOT IN (${ARCHIVED_ISSUES})`,
    subtree[0],
    ...subtree,
  );
  return { own: Number(row?.own ?? 0), withDescendants: Number(row?.total ?? 0) };
}

export interface TaxonomyRow {
  id: string;
  slug: string;
  name: string;
  /** Slugs from the top down, e.g. "resources/vehicles/maintenance-turnaround". */
  path: string;
  /** Names from the top down, e.g. "Resources / Vehicles / Vehicle maintenance turnaround". */
  namePath: string;
  depth: number;
  description: string;
  synonyms: string[];
  aliases: string[];
  routing: { id: string; code: string; name: string } | null;
  version: number;
  /** Local issues (not archived) tagged with this tag itself; null when the list was asked without counts. */
  issues: number | null;
  /** Local issues (not archived) tagged with this tag or any tag below it, each counted once; null likewise. */
  issuesWithDescendants: number | null;
}

/** The live taxonomy in tree order; `q` keeps the tags whose name, slug, path or words hold it. */
export async function listTaxonomy(db: Db, actor: SignedInActor, input: z.input<typeof TaxonomyListSchema>) {
  assertMayEditTaxonomy(actor);
  const { q, counts: isCounted } = TaxonomyListSchema.parse(input);
  const tags = await loadTaxonomy(db);
  const counts = isCounted ? await countIssues(db, tags) : null;
  const rows: TaxonomyRow[] = inTreeOrder(tags).map(({ tag, depth }) => ({
    id: tag.id,
    slug: tag.slug,
    name: tag.name,
    path: slugPath(tags, tag.id),
    namePath: namePath(tags, tag.id),
    depth,
    description: tag.description,
    synonyms: [...tag.synonyms],
    aliases: [...tag.aliases],
    routing: tag.routing,
    version: tag.version,
    issues: counts ? (counts.get(tag.id)?.own ?? 0) : null,
    issuesWithDescendants: counts ? (counts.get(tag.id)?.withDescendants ?? 0) : null,
  }));
  const wanted = q ? normaliseTerm(q) : '';
  const matches = (row: TaxonomyRow) =>
    [row.name, row.path, ...row.synonyms, ...row.aliases].some((word) => normaliseTerm(word).includes(wanted));
  return { items: wanted ? rows.filter(matches) : rows, total: rows.length, isFiltered: wanted !== '' };
}

/**
 * One tag with everything its page shows. A former slug or a merged tag's slug answers with the
 * slug of the live tag it leads to, so that old addresses keep working.
 */
export async function getTag(db: Db, actor: SignedInActor, input: z.input<typeof TagLookupSchema>) {
  assertMayEditTaxonomy(actor);
  const { slug } = TagLookupSchema.parse(input);
  const tags = await loadTaxonomy(db);
  const found = tags.find((tag) => tag.slug === slug) ?? tags.find((tag) => tag.aliases.includes(slug));
  if (!found) throw new ServiceError('not_found', `There is no tag "${slug}".`);
  let live = found;
  for (let hops = 0; live.mergedIntoId !== null && hops < tags.length; hops += 1) {
    live = tags.find((tag) => tag.id === live.mergedIntoId) ?? live;
  }
  if (live.slug !== slug) return { kind: 'elsewhere' as const, slug: live.slug };
  const below = descendantIds(tags, live.id);
  const [counts, history] = await Promise.all([
    countIssuesOf(db, [live.id, ...below]),
    historyOf(db, { entityType: 'tag', entityId: live.id }),
  ]);
  const parent = live.parentId === null ? null : (tags.find((tag) => tag.id === live.parentId) ?? null);
  return {
    kind: 'tag' as const,
    tag: {
      id: live.id,
      slug: live.slug,
      name: live.name,
      description: live.description,
      version: live.version,
      path: slugPath(tags, live.id),
      namePath: namePath(tags, live.id),
      parent: parent && { id: parent.id, slug: parent.slug, name: parent.name },
      routing: live.routing,
      synonyms: [...live.synonyms],
      aliases: [...live.aliases],
      children: inTreeOrder(tags)
        .filter(({ tag }) => tag.parentId === live.id)
        .map(({ tag }) => ({ slug: tag.slug, name: tag.name })),
      merged: tags.filter((tag) => tag.mergedIntoId === live.id).map((tag) => ({ slug: tag.slug, name: tag.name })),
      issues: counts.own,
      issuesWithDescendants: counts.withDescendants,
      /** The tag and those below it: it cannot move under them, nor merge into them. */
      excludedTargetIds: [live.id, ...below],
    },
    history,
  };
}

/**
 * A new tag checked in one pass (every problem at once): the schema, then on the fields that parsed the
 * taxonomy's rules (a name, slug or synonym another tag already answers to, a parent no longer in use) and
 * the department that its problems go to.
 */
async function checkNewTag(tx: Tx, tags: TaxonomyTag[], input: unknown) {
  const parsed = parseFieldByField(AddTagSchema, input);
  const fields = parsed.fields;
  const index = indexTerms(tags);
  const problems: FieldProblems = {};
  const name = fields.name === undefined ? undefined : normaliseName(fields.name);
  let slug = fields.slug;
  if (slug === '' && name !== undefined) slug = suggestSlug(name, (candidate) => index.slugs.has(candidate));
  const nameProblem = name === undefined ? null : nameRefusal(index, name, null);
  if (nameProblem) problems.name = nameProblem;
  if (slug !== undefined && (name !== undefined || slug !== '')) {
    const slugProblem =
      slug === '' ? 'give a slug: the name has no letters or digits to make one from' : slugRefusal(index, slug, null);
    if (slugProblem) problems.slug = slugProblem;
  }
  const descriptionIssue = fields.description === undefined ? null : descriptionProblem(fields.description);
  if (descriptionIssue) problems.description = descriptionIssue;
  const { parentId } = fields;
  if (parentId != null && !tags.some((tag) => tag.id === parentId && isLive(tag))) {
    problems.parentId = 'Choose a parent tag that is still in use';
  }
  // Repeats, and words the new tag already answers to by its name or slug, add nothing.
  const ownWords = new Set([name === undefined ? '' : normaliseTerm(name), slug ?? '']);
  const synonyms = [...new Set((fields.synonyms ?? []).map(normaliseTerm))].filter(
    (term) => term !== '' && !ownWords.has(term),
  );
  const synonymProblems = synonyms.flatMap((term) => {
    const problem = synonymRefusal(index, term, null);
    return problem ? [problem] : [];
  });
  if (synonymProblems.length > 0) problems.synonyms = synonymProblems.join('; ');
  const department = await departmentOrProblem(tx, fields.routingDepartmentId, problems);
  const draft = valueOrAllProblems(parsed, problems);
  return { draft, name: normaliseName(draft.name), slug: slug ?? draft.slug, synonyms, department };
}

export async function addTag(db: Db, actor: SignedInActor, input: z.input<typeof AddTagSchema>, now = new Date()) {
  assertMayEditTaxonomy(actor);
  return db.$transaction(async (tx) => {
    await lockTaxonomy(tx, now);
    const tags = await loadTaxonomy(tx);
    const { draft, name, slug, synonyms, department } = await checkNewTag(tx, tags, input);
    const tag = await tx.tag.create({
      data: {
        slug,
        name,
        description: draft.description,
        parentId: draft.parentId,
        routingDepartmentId: draft.routingDepartmentId,
        synonyms: { create: synonyms.map((term) => ({ term })) },
      },
    });
    await auditTag(tx, actor, tag.id, 'tag.created', {
      version: 0,
      slug,
      name,
      parent: draft.parentId === null ? null : slugPath(tags, draft.parentId),
      routesTo: department?.code ?? null,
      synonyms,
    });
    return { id: tag.id, slug, version: tag.version };
  });
}

/**
 * Changes the name, the slug or the description. A changed slug stays behind as a former slug of
 * the tag, so that links, imports and knowledge pages that use it keep finding the tag.
 */
export async function renameTag(
  db: Db,
  actor: SignedInActor,
  input: z.input<typeof RenameTagSchema>,
  now = new Date(),
) {
  const { id, version } = VersionedSchema.parse(input);
  return db.$transaction(async (tx) => {
    const { tags, tag } = await beginTagChange(tx, actor, id, version, now);
    const index = indexTerms(tags);
    // Every problem at once: the schema's, and the taxonomy's rules on the fields that parsed.
    const parsed = parseFieldByField(RenameTagSchema, input);
    const { name, slug, description } = parsed.fields;
    const problems: FieldProblems = {};
    const nameProblem = name === undefined ? null : nameRefusal(index, normaliseName(name), id);
    if (nameProblem) problems.name = nameProblem;
    const slugProblem = slug === undefined || slug === tag.slug ? null : slugRefusal(index, slug, id);
    if (slugProblem) problems.slug = slugProblem;
    const descriptionIssue = description === undefined ? null : descriptionProblem(description);
    if (descriptionIssue) problems.description = descriptionIssue;
    const draft = valueOrAllProblems(parsed, problems);
    const after = { name: normaliseName(draft.name), slug: draft.slug, description: draft.description };
    const before = { name: tag.name, slug: tag.slug, description: tag.description };
    const fields = (['name', 'slug', 'description'] as const).filter((field) => before[field] !== after[field]);
    if (fields.length === 0) return { id, slug: tag.slug, version, changed: [] as string[] };
    if (after.slug !== before.slug) {
      // Taking back a former slug: it stops being an alias before it becomes the slug again.
      await tx.tagAlias.deleteMany({ where: { slug: after.slug, tagId: id } });
    }
    const newVersion = await claimVersion(tx, id, version, after);
    if (after.slug !== before.slug) await tx.tagAlias.create({ data: { slug: before.slug, tagId: id } });
    await auditTag(tx, actor, id, 'tag.renamed', {
      version: newVersion,
      fields,
      from: Object.fromEntries(fields.map((field) => [field, before[field]])),
      to: Object.fromEntries(fields.map((field) => [field, after[field]])),
    });
    return { id, slug: after.slug, version: newVersion, changed: [...fields] };
  });
}

/** Moves a tag (with everything below it) under another tag, or to the top level; never into a loop. */
export async function moveTag(db: Db, actor: SignedInActor, input: z.input<typeof MoveTagSchema>, now = new Date()) {
  const { id, version, parentId } = MoveTagSchema.parse(input);
  return db.$transaction(async (tx) => {
    const { tags, tag } = await beginTagChange(tx, actor, id, version, now);
    const refusal = moveRefusal(tags, id, parentId);
    if (refusal) throw fieldError({ parentId: refusal });
    const from = tag.parentId === null ? null : slugPath(tags, tag.parentId);
    const to = parentId === null ? null : slugPath(tags, parentId);
    const newVersion = await claimVersion(tx, id, version, { parentId });
    await auditTag(tx, actor, id, 'tag.moved', { version: newVersion, from, to });
    return { id, slug: tag.slug, version: newVersion };
  });
}

/** The department that problems with this tag usually go to; a hint for escalation, not a rule. */
export async function setTagRouting(
  db: Db,
  actor: SignedInActor,
  input: z.input<typeof TagRoutingSchema>,
  now = new Date(),
) {
  const { id, version, routingDepartmentId } = TagRoutingSchema.parse(input);
  return db.$transaction(async (tx) => {
    const { tag } = await beginTagChange(tx, actor, id, version, now);
    const department = await checkDepartment(tx, routingDepartmentId);
    if ((tag.routing?.id ?? null) === routingDepartmentId) return { id, slug: tag.slug, version };
    const newVersion = await claimVersion(tx, id, version, { routingDepartmentId });
    await auditTag(tx, actor, id, 'tag.routing_changed', {
      version: newVersion,
      from: tag.routing?.code ?? null,
      to: department?.code ?? null,
    });
    return { id, slug: tag.slug, version: newVersion };
  });
}

/** Adds or removes one synonym: stored normalised, and never one that another tag answers to. */
async function changeSynonym(
  db: Db,
  actor: SignedInActor,
  input: z.input<typeof TagSynonymSchema>,
  change: 'add' | 'remove',
  now: Date,
) {
  const { id, version, term: typed } = TagSynonymSchema.parse(input);
  return db.$transaction(async (tx) => {
    const { tags, tag } = await beginTagChange(tx, actor, id, version, now);
    const term = normaliseTerm(typed);
    const refusal =
      change === 'add'
        ? synonymRefusal(indexTerms(tags), term, id)
        : tag.synonyms.includes(term)
          ? null
          : `“${term}” is not a synonym of ${tag.name}`;
    if (refusal) throw fieldError({ term: refusal });
    const newVersion = await claimVersion(tx, id, version);
    if (change === 'add') await tx.tagSynonym.create({ data: { tagId: id, term } });
    else await tx.tagSynonym.deleteMany({ where: { tagId: id, term } });
    await auditTag(tx, actor, id, change === 'add' ? 'tag.synonym_added' : 'tag.synonym_removed', {
      version: newVersion,
      term,
    });
    return { id, slug: tag.slug, version: newVersion, term };
  });
}

export const addTagSynonym = (
  db: Db,
  actor: SignedInActor,
  input: z.input<typeof TagSynonymSchema>,
  now = new Date(),
) => changeSynonym(db, actor, input, 'add', now);

export const removeTagSynonym = (
  db: Db,
  actor: SignedInActor,
  input: z.input<typeof TagSynonymSchema>,
  now = new Date(),
) => changeSynonym(db, actor, input, 'remove', now);

/** Decides the merge and counts what it would re-tag, from the taxonomy as `db` holds it. */
async function mergeOutline(db: Db | Tx, tags: TaxonomyTag[], sourceId: string, targetId: string) {
  const source = findLive(tags, sourceId);
  const target = findLive(tags, targetId);
  const decision = planMerge(tags, sourceId, targetId);
  if (!decision.ok) throw new ServiceError('refused', decision.refusal.message, decision.refusal);
  // One after another: inside a transaction they share one connection, which runs one query at a time.
  const tagged = await db.localIssueTag.count({ where: { tagId: sourceId } });
  const alreadyTagged = await db.localIssueTag.count({
    where: { tagId: sourceId, localIssue: { tags: { some: { tagId: targetId } } } },
  });
  const archived = await db.localIssueTag.count({ where: { tagId: sourceId, localIssue: { archived: true } } });
  const summary = (tag: TaxonomyTag) => ({
    id: tag.id,
    slug: tag.slug,
    name: tag.name,
    version: tag.version,
    path: slugPath(tags, tag.id),
  });
  const byId = new Map(tags.map((tag) => [tag.id, tag]));
  return {
    source: summary(source),
    target: summary(target),
    plan: decision.plan,
    children: decision.plan.childIdsToMove.map((id) => ({ slug: byId.get(id)!.slug, name: byId.get(id)!.name })),
    /** Every local issue of the source, archived ones too: all of them move to the target. */
    issues: { reTagged: tagged, alreadyTagged, archived },
  };
}

/** What merging would do, for the confirmation step; nothing is written. */
export async function previewMerge(db: Db, actor: SignedInActor, input: z.input<typeof MergePreviewSchema>) {
  assertMayEditTaxonomy(actor);
  const { sourceId, targetId } = MergePreviewSchema.parse(input);
  return mergeOutline(db, await loadTaxonomy(db), sourceId, targetId);
}

/**
 * Merges the source into the target in one transaction, losing nothing: every local issue of the
 * source carries the target instead (once, however it was tagged before), the source's slug and
 * former slugs lead to the target, its synonyms and name become the target's synonyms, its children
 * move under the target, and the source stays as a row that points to the target.
 */
export async function mergeTags(
  db: Db,
  actor: SignedInActor,
  input: z.input<typeof MergeTagsSchema>,
  now = new Date(),
) {
  const { sourceId, sourceVersion, targetId, targetVersion } = MergeTagsSchema.parse(input);
  assertMayEditTaxonomy(actor);
  return db.$transaction(
    async (tx) => {
      await lockTaxonomy(tx, now);
      const tags = await loadTaxonomy(tx);
      const outline = await mergeOutline(tx, tags, sourceId, targetId);
      if (outline.source.version !== sourceVersion) throw await staleRefusal(tx, sourceId, sourceVersion);
      if (outline.target.version !== targetVersion) throw await staleRefusal(tx, targetId, targetVersion);
      const { plan, source, target } = outline;

      const retagged = await tx.localIssueTag.findMany({ where: { tagId: sourceId }, select: { localIssueId: true } });
      // An issue that carries both keeps one link to the target; the others' links move across.
      const { count: alreadyTagged } = await tx.localIssueTag.deleteMany({
        where: { tagId: sourceId, localIssue: { tags: { some: { tagId: targetId } } } },
      });
      const { count: moved } = await tx.localIssueTag.updateMany({
        where: { tagId: sourceId },
        data: { tagId: targetId },
      });

      // The re-tagged issues changed: their versions move on, so that a copy opened before the merge
      // (an edit form, an import's rollback) is refused rather than putting the merged tag back.
      const changedIssues = await tx.localIssue.updateManyAndReturn({
        where: { id: { in: retagged.map((link) => link.localIssueId) } },
        data: { version: { increment: 1 } },
        select: { id: true, version: true },
      });
      // One event per re-tagged issue, thousands for a broad tag: written with the driver's batched INSERT
      // (Prisma's createMany took a second for 3,000 on SQLite, on the web process's event loop).
      const dialect = dialectOf(db);
      const stamp = dialect.dateValue(now);
      await dialect.insertRows(
        tx,
        'AuditEvent',
        AUDIT_COLUMNS,
        changedIssues.map((issue) => [
          randomUUID(),
          actor.userId,
          actorLabel(actor),
          'local_issue',
          issue.id,
          'local_issue.retagged' satisfies AuditAction,
          JSON.stringify({ version: issue.version, from: source.slug, to: target.slug }),
          stamp,
        ]),
      );

      const sourceNewVersion = await claimVersion(tx, sourceId, sourceVersion, { mergedIntoId: targetId });
      const targetNewVersion = await claimVersion(tx, targetId, targetVersion);
      await tx.tagAlias.updateMany({ where: { tagId: sourceId }, data: { tagId: targetId } });
      await tx.tagAlias.create({ data: { slug: source.slug, tagId: targetId } });
      await tx.tagSynonym.deleteMany({ where: { tagId: sourceId } });
      if (plan.synonymsToAdd.length > 0) {
        await tx.tagSynonym.createMany({ data: plan.synonymsToAdd.map((term) => ({ tagId: targetId, term })) });
      }
      const byId = new Map(tags.map((tag) => [tag.id, tag]));
      for (const childId of plan.childIdsToMove) {
        const child = byId.get(childId)!;
        await tx.tag.update({ where: { id: childId }, data: { parentId: targetId, version: { increment: 1 } } });
        await auditTag(tx, actor, childId, 'tag.moved', {
          version: child.version + 1,
          from: source.path,
          to: target.path,
          viaMerge: { slug: source.slug, name: source.name },
        });
      }

      const summary = {
        reTagged: alreadyTagged + moved,
        alreadyTagged,
        childrenMoved: outline.children.map((child) => child.slug),
        aliasesKept: plan.aliasesToAdd,
        synonymsMoved: plan.synonymsToAdd,
      };
      await auditTag(tx, actor, sourceId, 'tag.merged', {
        version: sourceNewVersion,
        into: { id: targetId, slug: target.slug, name: target.name },
        ...summary,
      });
      await auditTag(tx, actor, targetId, 'tag.merged_in', {
        version: targetNewVersion,
        source: { id: sourceId, slug: source.slug, name: source.name },
        ...summary,
      });
      if (retagged.length > 0) {
        // Tags weigh in clustering: the re-tagged issues are placed again after the commit.
        await tx.outboxMessage.create({
          data: { kind: 'cluster.place', payload: { localIssueIds: retagged.map((link) => link.localIssueId) } },
        });
      }
      return { slug: target.slug, version: targetNewVersion, ...summary };
    },
    { timeout: 60_000, maxWait: 30_000 },
  );
}

/** The live taxonomy in content/taxonomy.json's format, to commit back (docs/TAXONOMY.md). */
export async function exportTaxonomy(db: Db, actor: SignedInActor) {
  assertMayEditTaxonomy(actor);
  return toTaxonomyFile(await loadTaxonomy(db));
}
