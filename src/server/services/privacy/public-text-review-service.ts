import { createHash } from 'node:crypto';
import { z } from 'zod';
import type { Db, Tx } from '../../../db/client.ts';
import type { SignedInActor } from '../../../domain/accounts/actor.ts';
import {
  NO_REVIEWS,
  PUBLIC_TEXT_DECISIONS,
  textsNeedingReview,
  textForReview,
  type PublicTextDecision,
  type PublicTextReviews,
  type TextForReview,
} from '../../../domain/privacy/public-text.ts';
import { textField } from '../../../domain/text/text-schema.ts';
import { recordAudit } from '../audit/audit.ts';
import { ServiceError } from '../shared/service-error.ts';

/** The key a review is kept under: the SHA-256 of the text, so that the review table holds none of it. */
export function publicTextKey(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

/** The reviews of those of `texts` that need one (the others are published as written), in one query. */
export async function reviewsFor(
  db: Db | Tx,
  texts: readonly (string | null | undefined)[],
): Promise<PublicTextReviews> {
  const keys = textsNeedingReview(texts).map(publicTextKey);
  if (keys.length === 0) return NO_REVIEWS;
  const rows = await db.publicTextReview.findMany({ where: { textKey: { in: keys } } });
  const decisions = new Map(rows.map((row) => [row.textKey, row.decision as PublicTextDecision]));
  return (text) => decisions.get(publicTextKey(text));
}

export const ReviewPublicTextSchema = z.object({
  key: textField().regex(/^[0-9a-f]{64}$/, 'That text is not one waiting for review.'),
  decision: z.enum(PUBLIC_TEXT_DECISIONS, 'Choose to publish the text as written or with its personal data removed'),
});

/**
 * An analyst's answer for a flagged text: publish it as written (a false alarm) or with each finding replaced.
 * A later answer replaces an earlier one; each is in the audit trail, which names the text by its key only.
 */
export async function reviewPublicText(db: Db, actor: SignedInActor, input: z.input<typeof ReviewPublicTextSchema>) {
  if (actor.role !== 'analyst') {
    throw new ServiceError('forbidden', 'Only DPME CBM analysts clear texts for publication.');
  }
  const { key, decision } = ReviewPublicTextSchema.parse(input);
  return db.$transaction(async (tx) => {
    const review = { decision, reviewedById: actor.userId, reviewedAt: new Date() };
    await tx.publicTextReview.upsert({ where: { textKey: key }, create: { textKey: key, ...review }, update: review });
    await recordAudit(tx, actor, {
      entityType: 'public_text',
      entityId: key,
      action: decision === 'publish' ? 'public_text.published' : 'public_text.redacted',
    });
    return { key, decision };
  });
}

/** A place a flagged text would be published, for the review queue. */
export interface PublicTextPlace {
  text: string;
  /** Where it is, in words: "SC-2026-0001, problem statement". */
  where: string;
  /** The staff page that shows it. */
  href: string;
}

/** A flagged text waiting for review, with the key its review is kept under and where it would be published. */
export type WaitingText = TextForReview & { key: string; places: Omit<PublicTextPlace, 'text'>[] };

/** Each flagged text waiting for review, once, with every place it would be published. */
export async function textsAwaitingReview(db: Db, places: readonly PublicTextPlace[]): Promise<WaitingText[]> {
  const reviews = await reviewsFor(
    db,
    places.map((place) => place.text),
  );
  const waiting = new Map<string, WaitingText>();
  for (const { text, where, href } of places) {
    const flagged = textForReview(text);
    if (flagged.findings.length === 0 || reviews(text) !== undefined) continue;
    const key = publicTextKey(text);
    const entry = waiting.get(key) ?? { ...flagged, key, places: [] };
    entry.places.push({ where, href });
    waiting.set(key, entry);
  }
  return [...waiting.values()];
}
