import type { Db } from '../../../db/client.ts';
import type { Prisma } from '../../../db/generated/sqlite/client.ts';
import {
  AUDIT_ACTIONS,
  isAuditAction,
  type AuditAction,
  type AuditEventView,
  type AuditRecord,
} from '../../../domain/audit/audit-actions.ts';
import { formatMoment } from '../../../lib/format.ts';

/**
 * Keeps a query of audit events to the registry's codes. recordAudit takes no other, so this leaves out only what
 * an older version wrote under a code since retired; no page then has an event it cannot put in words.
 */
export const WORDED_ACTIONS = { action: { in: AUDIT_ACTIONS } } satisfies Prisma.AuditEventWhereInput;

/** Events read with WORDED_ACTIONS, their codes typed as the registry's. */
export function withWordedActions<E extends { action: string }>(events: E[]): (E & { action: AuditAction })[] {
  return events.filter((event): event is E & { action: AuditAction } => isAuditAction(event.action));
}

/**
 * A record's history, newest first, with the records its events mention named and linked (by id, and tags by
 * their slug), for its page.
 */
export async function historyOf(
  db: Db,
  target: { entityType: string; entityId: string },
  take = 50,
): Promise<{ events: AuditEventView[]; records: Record<string, AuditRecord> }> {
  const rows = await db.auditEvent.findMany({
    where: { ...target, ...WORDED_ACTIONS },
    orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
    take,
    select: {
      id: true,
      action: true,
      actorId: true,
      actorLabel: true,
      createdAt: true,
      changes: true,
      entityType: true,
      entityId: true,
    },
  });
  const events = withWordedActions(rows);
  const [named, bySlug, byCode] = await Promise.all([
    recordsNamed(db, events),
    tagsBySlug(db, events),
    routingDepartmentsByCode(db, events),
  ]);
  return { events, records: { ...recordsById(named), ...bySlug, ...byCode } };
}

const SLUG_ACTIONS = new Set<string>(['local_issue.retagged', 'tag.moved', 'tag.merged'] satisfies AuditAction[]);

/** Names the departments a change of routing hint holds by their codes (their pages are administrators' alone). */
async function routingDepartmentsByCode(db: Db, events: { action: string; changes: unknown }[]) {
  const codes = events.flatMap(({ action, changes }) => {
    if (action !== ('tag.routing_changed' satisfies AuditAction)) return [];
    const note = (changes ?? {}) as Record<string, unknown>;
    return [note.from, note.to].filter((code): code is string => typeof code === 'string');
  });
  if (codes.length === 0) return {};
  const departments = await db.department.findMany({
    where: { code: { in: [...new Set(codes)] } },
    select: { code: true, name: true },
  });
  return Object.fromEntries(departments.map((department) => [department.code, { name: department.name }])) as Record<
    string,
    AuditRecord
  >;
}

/** Tag slugs (and slug paths, "water/taps") an event holds in place of ids: a re-tag, a move, a merge. */
function tagSlugsIn(events: { action: string; changes: unknown }[]): Set<string> {
  const found = new Set<string>();
  for (const { action, changes } of events) {
    if (!SLUG_ACTIONS.has(action)) continue;
    const note = (changes ?? {}) as Record<string, unknown>;
    for (const value of [note.from, note.to, note.childrenMoved].flat()) {
      if (typeof value === 'string' && value !== '') found.add(value);
    }
  }
  return found;
}

/** Names and links the tags events mention by slug or slug path, keyed by what the event holds. */
async function tagsBySlug(db: Db, events: { action: string; changes: unknown }[]) {
  const mentioned = [...tagSlugsIn(events)];
  const slugOf = (mention: string) => mention.split('/').pop() ?? mention;
  if (mentioned.length === 0) return {};
  const tags = await db.tag.findMany({
    where: { slug: { in: [...new Set(mentioned.map(slugOf))] } },
    select: { slug: true, name: true },
  });
  const bySlug = new Map(tags.map((tag) => [tag.slug, tag]));
  return Object.fromEntries(
    mentioned.flatMap((mention) => {
      const tag = bySlug.get(slugOf(mention));
      return tag ? [[mention, { name: tag.name, href: `/taxonomy/${encodeURIComponent(tag.slug)}` }]] : [];
    }),
  ) as Record<string, AuditRecord>;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The ids a page of events names in its details (a user's facilities, an edit's department), to name them too. */
function idsInChanges(changes: unknown, into: Set<string>) {
  if (typeof changes === 'string' && UUID.test(changes)) into.add(changes);
  else if (Array.isArray(changes)) for (const item of changes) idsInChanges(item, into);
  else if (changes !== null && typeof changes === 'object') {
    for (const value of Object.values(changes)) idsInChanges(value, into);
  }
}

/**
 * Names the records a page of audit events is about or mentions, with one query per kind of record (never one
 * per event), keyed "entityType:id". Records since deleted keep no name; their events show the kind alone.
 */
export async function recordsNamed(
  db: Db,
  events: { entityType: string; entityId: string | null; changes: unknown }[],
): Promise<Map<string, AuditRecord>> {
  const idsOf = (type: string) => [
    ...new Set(events.flatMap((event) => (event.entityType === type && event.entityId ? [event.entityId] : []))),
  ];
  const mentioned = new Set<string>();
  for (const event of events) idsInChanges(event.changes, mentioned);
  const withMentioned = (type: string) => [...new Set([...idsOf(type), ...mentioned])];
  const some = <T>(ids: string[], find: (ids: string[]) => Promise<T[]>) =>
    ids.length === 0 ? Promise.resolve([] as T[]) : find(ids);
  const [users, issues, commitments, facilities, departments, tags, clusters, imports, rounds, runs] =
    await Promise.all([
      some(idsOf('user'), (ids) => db.user.findMany({ where: { id: { in: ids } }, select: { id: true, name: true } })),
      some(withMentioned('local_issue'), (ids) =>
        db.localIssue.findMany({ where: { id: { in: ids } }, select: { id: true, title: true } }),
      ),
      some(idsOf('commitment'), (ids) =>
        db.charterCommitment.findMany({ where: { id: { in: ids } }, select: { id: true, commitment: true } }),
      ),
      some(withMentioned('facility'), (ids) =>
        db.facility.findMany({ where: { id: { in: ids } }, select: { id: true, code: true, name: true } }),
      ),
      some(withMentioned('department'), (ids) =>
        db.department.findMany({ where: { id: { in: ids } }, select: { id: true, code: true, name: true } }),
      ),
      some(withMentioned('tag'), (ids) =>
        db.tag.findMany({ where: { id: { in: ids } }, select: { id: true, slug: true, name: true } }),
      ),
      some(withMentioned('cluster'), (ids) =>
        db.cluster.findMany({ where: { id: { in: ids } }, select: { id: true, label: true, customLabel: true } }),
      ),
      some(idsOf('import_run'), (ids) =>
        db.importRun.findMany({ where: { id: { in: ids } }, select: { id: true, fileName: true } }),
      ),
      some(idsOf('monitoring_round'), (ids) =>
        db.monitoringRound.findMany({
          where: { id: { in: ids } },
          select: { id: true, wave: true, facility: { select: { code: true, name: true } } },
        }),
      ),
      some(idsOf('cluster_run'), (ids) =>
        db.clusterRun.findMany({ where: { id: { in: ids } }, select: { id: true, queuedAt: true } }),
      ),
    ]);
  const named = new Map<string, AuditRecord>();
  const put = (type: string, id: string, subject: AuditRecord) => named.set(`${type}:${id}`, subject);
  for (const user of users) put('user', user.id, { name: user.name, href: `/admin/users/${user.id}` });
  for (const issue of issues) put('local_issue', issue.id, { name: issue.title, href: `/issues/${issue.id}` });
  for (const item of commitments)
    put('commitment', item.id, { name: item.commitment, href: `/commitments/${item.id}` });
  for (const facility of facilities) {
    put('facility', facility.id, { name: facility.name, href: `/facilities/${encodeURIComponent(facility.code)}` });
  }
  for (const department of departments) {
    const href = `/admin/departments/${encodeURIComponent(department.code)}`;
    put('department', department.id, { name: department.name, href });
  }
  for (const tag of tags) put('tag', tag.id, { name: tag.name, href: `/taxonomy/${encodeURIComponent(tag.slug)}` });
  for (const cluster of clusters) {
    put('cluster', cluster.id, { name: cluster.customLabel ?? cluster.label, href: `/clusters/${cluster.id}` });
  }
  for (const run of imports) put('import_run', run.id, { name: run.fileName, href: `/issues/imports/${run.id}` });
  for (const round of rounds) {
    const href = `/facilities/${encodeURIComponent(round.facility.code)}/rounds/${round.id}`;
    put('monitoring_round', round.id, { name: `Wave ${round.wave} at ${round.facility.name}`, href });
  }
  for (const run of runs) {
    put('cluster_run', run.id, {
      name: `Clustering run of ${formatMoment(run.queuedAt)}`,
      href: `/clusters/runs/${run.id}`,
    });
  }
  for (const event of events) {
    if (event.entityType === 'escalation_rule' && event.entityId) {
      put('escalation_rule', event.entityId, { name: 'The escalation rule', href: '/clusters/rule' });
    }
    if (event.entityType === 'case_deadlines' && event.entityId) {
      put('case_deadlines', event.entityId, { name: 'The case deadlines', href: '/admin/deadlines' });
    }
    if (event.entityType === 'page' && event.entityId) put('page', event.entityId, { name: event.entityId });
  }
  return named;
}

/** Every named record by its id alone, for the ids an event's details mention. */
export function recordsById(records: Map<string, AuditRecord>): Record<string, AuditRecord> {
  return Object.fromEntries([...records].map(([key, subject]) => [key.slice(key.indexOf(':') + 1), subject]));
}
