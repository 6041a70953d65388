import { z } from 'zod';
import type { Db } from '../../../db/client.ts';
import type { SignedInActor } from '../../../domain/accounts/actor.ts';
import { PageRequestSchema, toPage, toSkipTake } from '../../../lib/lists/pagination.ts';
import { recordAudit } from '../audit/audit.ts';

export const NotificationListSchema = PageRequestSchema;

/** The signed-in user's own notifications, newest first, with how many are unread. */
export async function listOwnNotifications(
  db: Db,
  actor: SignedInActor,
  rawQuery: z.input<typeof NotificationListSchema>,
) {
  const query = NotificationListSchema.parse(rawQuery);
  const where = { userId: actor.userId };
  const [total, unread, items] = await Promise.all([
    db.notification.count({ where }),
    db.notification.count({ where: { ...where, readAt: null } }),
    db.notification.findMany({
      where,
      select: { id: true, kind: true, title: true, body: true, path: true, readAt: true, createdAt: true },
      orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
      ...toSkipTake(query),
    }),
  ]);
  return { ...toPage(items, total, query), unread };
}

/** Marks every notification of the user read; returns how many were unread. */
export async function markOwnNotificationsRead(db: Db, actor: SignedInActor, now = new Date()): Promise<number> {
  const { count } = await db.notification.updateMany({
    where: { userId: actor.userId, readAt: null },
    data: { readAt: now },
  });
  return count;
}

export const DigestPreferenceSchema = z.object({ wantsDigest: z.boolean() });

/** Turns the user's daily digest mail on or off (their other notices are not affected), audited. */
export async function setOwnDigestPreference(
  db: Db,
  actor: SignedInActor,
  input: z.input<typeof DigestPreferenceSchema>,
): Promise<void> {
  const { wantsDigest } = DigestPreferenceSchema.parse(input);
  await db.$transaction(async (tx) => {
    await tx.user.update({ where: { id: actor.userId }, data: { wantsDigest } });
    await recordAudit(tx, actor, {
      entityType: 'user',
      entityId: actor.userId,
      action: wantsDigest ? 'digest.turned_on' : 'digest.turned_off',
    });
  });
}
