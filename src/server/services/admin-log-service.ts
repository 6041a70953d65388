import { z } from 'zod';
import type { Db } from '../../db/client.ts';
import type { Prisma } from '../../db/generated/sqlite/client.ts';
import { isAuditAction } from '../../domain/audit/audit-actions.ts';
import { textField } from '../../domain/text/text-schema.ts';
import { formatMoment } from '../../lib/format.ts';
import { PageRequestSchema, toPage, toSkipTake } from '../../lib/pagination.ts';
import { EMAIL } from './outbox.ts';

export const AuditQuerySchema = PageRequestSchema.extend({
  entityType: textField().trim().min(1).max(40).optional(),
  /** One action, or a group of them by the start of their code ("sign_in" finds every sign-in event). */
  action: textField().trim().min(1).max(60).optional(),
  actorId: textField().min(1).optional(),
  entityId: textField().min(1).optional(),
  from: z.iso.date().optional(),
  to: z.iso.date().optional(),
});

/** The audit trail, newest first, for administrators. */
export async function listAuditEvents(db: Db, rawQuery: z.input<typeof AuditQuerySchema>) {
  const query = AuditQuerySchema.parse(rawQuery);
  const where: Prisma.AuditEventWhereInput = {
    entityType: query.entityType,
    // Exact for an action's code: "tag.merged" is not "tag.merged_in".
    action: query.action && !isAuditAction(query.action) ? { startsWith: query.action } : query.action,
    actorId: query.actorId,
    entityId: query.entityId,
    createdAt: {
      gte: query.from ? new Date(`${query.from}T00:00:00+02:00`) : undefined,
      lt: query.to ? new Date(new Date(`${query.to}T00:00:00+02:00`).getTime() + 86_400_000) : undefined,
    },
  };
  const [total, items] = await Promise.all([
    db.auditEvent.count({ where }),
    db.auditEvent.findMany({ where, orderBy: [{ createdAt: 'desc' }, { id: 'desc' }], ...toSkipTake(query) }),
  ]);
  const records = await recordsNamed(db, items);
  const withSubjects = items.map((event) => ({
    ...event,
    subject: event.entityId ? (records.get(`${event.entityType}:${event.entityId}`) ?? null) : null,
  }));
  return { ...toPage(withSubjects, total, query), names: nameMap(records) };
}

/** The record an audit event is about, by its name, and its page when it has one. */
export interface AuditSubject {
  name: string;
  href?: string;
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
async function recordsNamed(
  db: Db,
  events: { entityType: string; entityId: string | null; changes: unknown }[],
): Promise<Map<string, AuditSubject>> {
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
      some(idsOf('tag'), (ids) =>
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
  const named = new Map<string, AuditSubject>();
  const put = (type: string, id: string, subject: AuditSubject) => named.set(`${type}:${id}`, subject);
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
    if (event.entityType === 'page' && event.entityId) put('page', event.entityId, { name: event.entityId });
  }
  return named;
}

/** Every named record by its id alone, for the ids an event's details mention. */
function nameMap(records: Map<string, AuditSubject>): Record<string, string> {
  return Object.fromEntries([...records].map(([key, subject]) => [key.slice(key.indexOf(':') + 1), subject.name]));
}

export const OutboxQuerySchema = PageRequestSchema.extend({
  status: z.enum(['pending', 'delivered', 'failed']).optional(),
  /** Mails to people, or the application's own jobs (clustering, imports, rollbacks) that the outbox also runs. */
  section: z.enum(['mail', 'jobs']).default('mail'),
});

/**
 * Mails or jobs waiting or done, with how many of each there are; without SMTP, this is where administrators
 * read the mails.
 */
export async function listOutboxMessages(db: Db, rawQuery: z.input<typeof OutboxQuerySchema>) {
  const query = OutboxQuerySchema.parse(rawQuery);
  const ofSection: Prisma.OutboxMessageWhereInput =
    query.section === 'mail' ? { kind: EMAIL } : { kind: { not: EMAIL } };
  const where: Prisma.OutboxMessageWhereInput = { ...ofSection, status: query.status };
  const [total, items, mails, jobs] = await Promise.all([
    db.outboxMessage.count({ where }),
    db.outboxMessage.findMany({ where, orderBy: [{ createdAt: 'desc' }, { id: 'desc' }], ...toSkipTake(query) }),
    db.outboxMessage.count({ where: { kind: EMAIL, status: query.status } }),
    db.outboxMessage.count({ where: { kind: { not: EMAIL }, status: query.status } }),
  ]);
  return { ...toPage(items, total, query), counts: { mail: mails, jobs } };
}
