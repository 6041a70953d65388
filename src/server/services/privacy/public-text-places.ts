import type { Db } from '../../../db/client.ts';
import { publicCaseTexts } from '../cases/public-case-queries.ts';
import { publicCharterTexts } from '../capture/public-charter-queries.ts';
import { textsAwaitingReview, type PublicTextPlace } from './public-text-review-service.ts';

/** Every free text the public could read, with where: the public cases' texts and the facilities' charters. */
export async function publicTextPlaces(db: Db): Promise<PublicTextPlace[]> {
  const [cases, charters] = await Promise.all([publicCaseTexts(db), publicCharterTexts(db)]);
  return [...cases, ...charters];
}

/** The flagged texts that wait for an analyst before the public reads them (the /public-texts queue). */
export async function textsBeforePublication(db: Db) {
  return textsAwaitingReview(db, await publicTextPlaces(db));
}
