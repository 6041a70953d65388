import { z } from 'zod';
import type { Db } from '../../db/client.ts';
import type { Prisma } from '../../db/generated/sqlite/client.ts';
import { textField } from '../../domain/text/text-schema.ts';
import { PageRequestSchema, toPage, toSkipTake } from '../../lib/pagination.ts';

export const AuditQuerySchema = PageRequestSchema.extend({
  entityType: textField().trim().min(1).max(40).optional(),
  /** Matches the start of the action, so "sign_in" finds every sign-in event. */
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
    action: query.action ? { startsWith: query.action } : undefined,
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
  return toPage(items, total, query);
}

export const OutboxQuerySchema = PageRequestSchema.extend({
  status: z.enum(['pending', 'delivered', 'failed']).optional(),
});

/** Mails and jobs waiting or done; without SMTP, this is where administrators read the mails. */
export async function listOutboxMessages(db: Db, rawQuery: z.input<typeof OutboxQuerySchema>) {
  const query = OutboxQuerySchema.parse(rawQuery);
  const where: Prisma.OutboxMessageWhereInput = { status: query.status };
  const [total, items] = await Promise.all([
    db.outboxMessage.count({ where }),
    db.outboxMessage.findMany({ where, orderBy: [{ createdAt: 'desc' }, { id: 'desc' }], ...toSkipTake(query) }),
  ]);
  return toPage(items, total, query);
}
