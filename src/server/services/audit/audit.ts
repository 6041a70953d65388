import type { Db, Tx } from '../../../db/client.ts';
import type { Prisma } from '../../../db/generated/sqlite/client.ts';
import { actorLabel, type Actor } from '../../../domain/accounts/actor.ts';
import type { AuditAction } from '../../../domain/audit/audit-actions.ts';

export interface AuditEntry {
  entityType: string;
  entityId?: string | null;
  /** One of the codes the audit log has words for (AUDIT_ACTION_WORDS). */
  action: AuditAction;
  changes?: Prisma.InputJsonValue;
}

/** Appends one audit event; pass the transaction of the change it records, so neither exists alone. */
export async function recordAudit(
  tx: Tx | Db,
  actor: Actor | { userId: string | null; label: string },
  entry: AuditEntry,
) {
  const who =
    'kind' in actor
      ? { actorId: actor.kind === 'user' ? actor.userId : null, actorLabel: actorLabel(actor) }
      : { actorId: actor.userId, actorLabel: actor.label };
  await tx.auditEvent.create({ data: { ...who, ...entry, entityId: entry.entityId ?? null } });
}
