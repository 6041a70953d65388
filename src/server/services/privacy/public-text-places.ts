import type { Db } from '../../../db/client.ts';
import { versionedCache } from '../../../lib/versioned-cache.ts';
import { readDataVersion } from '../shared/data-version.ts';
import { publicCaseTexts } from '../cases/public-case-queries.ts';
import { publicCharterTexts } from '../capture/public-charter-queries.ts';
import { textsAwaitingReview, type PublicTextPlace } from './public-text-review-service.ts';

/** Every free text the public could read, with where: the public cases' texts and the facilities' charters. */
export async function publicTextPlaces(db: Db): Promise<PublicTextPlace[]> {
  const [cases, charters] = await Promise.all([publicCaseTexts(db), publicCharterTexts(db)]);
  return [...cases, ...charters];
}

/**
 * The flagged texts that wait for an analyst before the public reads them (the /public-texts queue and the
 * analysts' home page). Finding them reads and checks every public text (0.7 s at national scale), so each
 * process keeps them until a write moves the public data version, which covers every table they come from.
 */
export const textsBeforePublication = versionedCache(
  (db: Db) => readDataVersion(db, 'public'),
  async (db: Db) => textsAwaitingReview(db, await publicTextPlaces(db)),
);
