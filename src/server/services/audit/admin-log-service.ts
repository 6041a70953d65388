import { z } from 'zod';
import type { Db } from '../../../db/client.ts';
import type { Prisma } from '../../../db/generated/sqlite/client.ts';
import { isAuditAction } from '../../../domain/audit/audit-actions.ts';
import { textField } from '../../../domain/text/text-schema.ts';
import { PageRequestSchema, toPage, toSkipTake } from '../../../lib/lists/pagination.ts';
import { recordsById, recordsNamed, WORDED_ACTIONS, withWordedActions } from './audit-history.ts';
import { EMAIL } from '../jobs/outbox.ts';

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
    AND: [WORDED_ACTIONS],
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
  const [total, rows] = await Promise.all([
    db.auditEvent.count({ where }),
    db.auditEvent.findMany({ where, orderBy: [{ createdAt: 'desc' }, { id: 'desc' }], ...toSkipTake(query) }),
  ]);
  const items = withWordedActions(rows);
  const records = await recordsNamed(db, items);
  const withSubjects = items.map((event) => ({
    ...event,
    subject: event.entityId ? (records.get(`${event.entityType}:${event.entityId}`) ?? null) : null,
  }));
  return { ...toPage(withSubjects, total, query), records: recordsById(records) };
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
