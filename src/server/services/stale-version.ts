import type { Tx } from '../../db/client.ts';
import { formatMoment } from '../../lib/format.ts';
import { ServiceError } from './service-error.ts';

/** An audit event as a refusal reads it; `changes.version` is the version the change produced. */
export interface AuditedChange {
  action: string;
  actorLabel: string;
  createdAt: Date;
  changes: unknown;
}

interface StaleCopy {
  entityType: string;
  entityId: string;
  /** The version the caller read. */
  seenVersion: number;
  /** How the message names the thing, e.g. "this issue". */
  thing: string;
  /** What one change did, e.g. "changed the title". */
  describe: (change: AuditedChange) => string;
}

/**
 * Refuses a save made on a stale copy, saying who changed what since it was read: from the audit
 * trail, which records the version each change produced.
 */
export async function staleVersionError(tx: Tx, copy: StaleCopy): Promise<ServiceError> {
  const events = await tx.auditEvent.findMany({
    where: { entityType: copy.entityType, entityId: copy.entityId },
    orderBy: { createdAt: 'asc' },
  });
  const since = events.flatMap((event) => {
    const version = (event.changes as { version?: number } | null)?.version ?? -1;
    if (version <= copy.seenVersion) return [];
    return [`${event.actorLabel} ${copy.describe(event)} (${formatMoment(event.createdAt)})`];
  });
  return new ServiceError(
    'stale_version',
    `Someone saved ${copy.thing} after you opened it, so your change was not saved: ${since.join('; ') || 'it changed'}. Reload it, then make your change again.`,
    { changes: since },
  );
}
