import type { Db } from '../../db/client.ts';
import { passwordResetMail } from '../mail/templates.ts';
import { queueMail } from './outbox.ts';

export function resetPasswordLink(publicUrl: string, token: string): string {
  return `${publicUrl.replace(/\/$/, '')}/reset-password?token=${encodeURIComponent(token)}`;
}

/** Called by better-auth once it has stored a reset token: the mail goes out through the outbox. */
export async function queuePasswordResetMail(
  db: Db,
  { userId, token, publicUrl }: { userId: string; token: string; publicUrl: string },
): Promise<void> {
  const user = await db.user.findUniqueOrThrow({ where: { id: userId }, select: { name: true, email: true } });
  await db.$transaction(async (tx) => {
    await queueMail(tx, passwordResetMail(user, resetPasswordLink(publicUrl, token)));
    await tx.auditEvent.create({
      data: {
        actorId: userId,
        actorLabel: user.name,
        entityType: 'user',
        entityId: userId,
        action: 'password_reset.requested',
      },
    });
  });
}
