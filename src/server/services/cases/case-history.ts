import type { Db, Tx } from '../../../db/client.ts';
import { describeCaseEvent } from '../../../domain/cases/case-events.ts';
import { formatMoment } from '../../../lib/format.ts';
import { ServiceError } from '../shared/service-error.ts';

/**
 * Refuses a change made on a stale copy of a case, saying who did what since `seenVersion` (each event keeps
 * the version it produced), so that two officials racing to accept and decline learn what the other did.
 */
export async function staleCaseError(tx: Tx | Db, caseId: string, seenVersion: number): Promise<ServiceError> {
  const events = await tx.caseEvent.findMany({
    where: { caseId, version: { gt: seenVersion } },
    orderBy: [{ version: 'asc' }, { createdAt: 'asc' }],
    select: { kind: true, actorLabel: true, createdAt: true },
  });
  const since = events.map((event) => {
    const words = describeCaseEvent(event.kind);
    return `${event.actorLabel} ${words.charAt(0).toLowerCase()}${words.slice(1)} (${formatMoment(event.createdAt)})`;
  });
  return new ServiceError(
    'stale_version',
    `Someone changed this case after you opened it, so your change was not saved: ${since.join('; ') || 'it changed'}. Reload the case, then try again.`,
    { changes: since },
  );
}
