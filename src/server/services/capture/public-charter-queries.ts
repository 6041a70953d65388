import type { Db } from '../../../db/client.ts';
import type { Prisma } from '../../../db/generated/sqlite/client.ts';
import {
  charterTextsOf,
  publicCharterTextsOf,
  publicCharterView,
  type CharterCommitmentSource,
} from '../../../domain/capture/public-charter.ts';
import type { Province } from '../../../domain/vocabulary.ts';
import { toCalendarDate, todayInSouthAfrica } from '../../../lib/calendar-date.ts';
import { reviewsFor, type PublicTextPlace } from '../privacy/public-text-review-service.ts';

/** What the public charter is made of; the update's author (actorId) is left out, so no name can follow. */
const CHARTER_SELECT = {
  id: true,
  commitment: true,
  responsibleParty: true,
  dueOn: true,
  status: true,
  localIssueId: true,
  updates: { select: { on: true, note: true }, orderBy: [{ on: 'desc' }, { createdAt: 'desc' }] },
} satisfies Prisma.CharterCommitmentSelect;

type CharterRow = Prisma.CharterCommitmentGetPayload<{ select: typeof CHARTER_SELECT }>;

function sourceOf(row: CharterRow): CharterCommitmentSource {
  return {
    ...row,
    dueOn: toCalendarDate(row.dueOn),
    updates: row.updates.map((update) => ({ on: toCalendarDate(update.on), note: update.note })),
  };
}

/**
 * A facility's charter as the public reads it, every text through the personal-data gate, in two reads
 * (the commitments with their updates, then the reviews of their flagged texts). An archived facility's
 * charter is not public, like its page.
 */
export async function publicCharter(db: Db, facilityId: string, now = new Date()) {
  const rows = await db.charterCommitment.findMany({
    where: { facilityId, facility: { archived: false } },
    select: CHARTER_SELECT,
  });
  const sources = rows.map(sourceOf);
  const reviews = await reviewsFor(db, charterTextsOf(sources));
  return publicCharterView(sources, reviews, todayInSouthAfrica(now));
}

/** Every text of the public charters (those of facilities not archived), with where it stands, for the review queue. */
export async function publicCharterTexts(db: Db): Promise<PublicTextPlace[]> {
  const facilities = await db.facility.findMany({
    where: { archived: false, commitments: { some: {} } },
    orderBy: [{ name: 'asc' }, { code: 'asc' }],
    select: { name: true, commitments: { select: CHARTER_SELECT } },
  });
  return facilities.flatMap((facility) =>
    publicCharterTextsOf(facility.name, facility.commitments.map(sourceOf)).map(({ commitmentId, where, text }) => ({
      text,
      where,
      href: `/commitments/${commitmentId}`,
    })),
  );
}

/** Every public charter (of facilities not archived, with commitments), in two reads, for the open data. */
export async function publicCharters(db: Db, now = new Date()) {
  const facilities = await db.facility.findMany({
    where: { archived: false, commitments: { some: {} } },
    orderBy: { code: 'asc' },
    select: { code: true, name: true, province: true, commitments: { select: CHARTER_SELECT } },
  });
  const sources = facilities.map((facility) => facility.commitments.map(sourceOf));
  const reviews = await reviewsFor(db, sources.flatMap(charterTextsOf));
  const today = todayInSouthAfrica(now);
  return facilities.map((facility, index) => ({
    facilityCode: facility.code,
    facilityName: facility.name,
    province: facility.province as Province,
    commitments: publicCharterView(sources[index]!, reviews, today),
  }));
}
