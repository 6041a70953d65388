import type { Db } from '../../db/client.ts';
import { PUBLIC_ACTOR, type Actor } from '../../domain/accounts/actor.ts';
import { newRequestId } from '../log/logger.ts';

export interface Context {
  db: Db;
  /** Who is calling: resolved from the session cookie by middleware, or the public. */
  actor: Actor;
  /** Where users reach the site, for links in mails. */
  publicUrl: string;
  /** Shared by every call of one request (a batch, or a page's calls). */
  request: { id: string; hasRecordedRefusal: boolean };
}

/** One per request: its calls share the refusal record, so a batch of refused calls writes one audit row. */
export function createContext(
  db: Db,
  actor: Actor = PUBLIC_ACTOR,
  publicUrl = 'http://localhost:4321',
  requestId = newRequestId(),
): Context {
  return { db, actor, publicUrl, request: { id: requestId, hasRecordedRefusal: false } };
}
