import type { Db, Tx } from '../../../db/client.ts';
import type { Prisma } from '../../../db/generated/sqlite/client.ts';
import { auditDetailLine, auditDetails, describeAuditAction } from '../../../domain/audit/audit-actions.ts';
import { formatMoment } from '../../../lib/format.ts';
import { WORDED_ACTIONS, withWordedActions } from '../audit/audit-history.ts';
import { ServiceError } from './service-error.ts';

/**
 * What an audit event of a versioned edit keeps in `changes`: the version the change produced and,
 * for edits, the names of the fields it changed, so that a stale save can be told what happened.
 */
export interface VersionNote {
  version?: number;
  fields?: string[];
}

/**
 * Refuses a save made on a stale copy of `entityType`/`entityId`, saying who changed what since
 * `seenVersion`, from the audit events that recorded each later version: an edit by the fields it
 * changed, any other change in the audit registry's words, each with its details as the histories show them.
 */
export async function staleVersionError(
  tx: Tx | Db,
  target: { entityType: string; entityId: string; noun: string },
  seenVersion: number,
): Promise<ServiceError> {
  const events = await tx.auditEvent.findMany({
    where: { entityType: target.entityType, entityId: target.entityId, ...WORDED_ACTIONS },
    orderBy: { createdAt: 'asc' },
  });
  const since = withWordedActions(events).flatMap((event) => {
    const note = (event.changes ?? {}) as VersionNote;
    if ((note.version ?? -1) <= seenVersion) return [];
    const sentence = describeAuditAction(event.action, note);
    const what = note.fields
      ? `changed the ${note.fields.join(', ')}`
      : sentence.charAt(0).toLowerCase() + sentence.slice(1);
    const details = auditDetails(event.action, note).map(auditDetailLine);
    const shown = details.length > 0 ? ` (${details.join('; ')})` : '';
    return [`${event.actorLabel} ${what}${shown} (${formatMoment(event.createdAt)})`];
  });
  return new ServiceError(
    'stale_version',
    `Someone saved this ${target.noun} after you opened it, so your change was not saved: ${since.join('; ') || 'it changed'}. Reload it, then make your change again.`,
    { changes: since },
  );
}

/** The names of the fields whose values differ between two versions of a record, in `names` order. */
export function changedFieldNames<K extends string>(
  before: Record<K, unknown>,
  after: Record<K, unknown>,
  names: Record<K, string>,
): K[] {
  return (Object.keys(names) as K[]).filter((key) => JSON.stringify(before[key]) !== JSON.stringify(after[key]));
}

/** The audit note of an edit: the new version, the changed fields' names and their old and new values. */
export function editNote<K extends string>(
  version: number,
  changed: readonly K[],
  names: Record<K, string>,
  before: Record<K, unknown>,
  after: Record<K, unknown>,
): { version: number; fields: string[]; from: Prisma.InputJsonObject; to: Prisma.InputJsonObject } {
  const valuesOf = (record: Record<K, unknown>) =>
    Object.fromEntries(changed.map((key) => [key, record[key] ?? null])) as Prisma.InputJsonObject;
  return { version, fields: changed.map((key) => names[key]), from: valuesOf(before), to: valuesOf(after) };
}

/** Whether a write failed on a unique index, which both databases report through Prisma as P2002. */
export function isUniqueViolation(error: unknown): boolean {
  return (error as { code?: string }).code === 'P2002' || /unique constraint/i.test(String(error));
}

/**
 * Runs a write that checks for a duplicate first. When two people write the same code (or wave) at
 * once, both checks pass and the unique index lets one through; the other gets `refusal`, the same
 * clear message the check gives.
 */
export async function refusingDuplicates<T>(write: () => Promise<T>, refusal: () => ServiceError): Promise<T> {
  try {
    return await write();
  } catch (error) {
    if (isUniqueViolation(error)) throw refusal();
    throw error;
  }
}
