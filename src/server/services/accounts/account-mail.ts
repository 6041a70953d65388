import type { Db, Tx } from '../../../db/client.ts';
import { passwordResetMail } from '../../mail/templates.ts';
import { queueMail } from '../jobs/outbox.ts';

/** better-auth keeps reset links (and invitation links, user-service.ts) as Verification rows named so. */
const RESET_TOKEN_PREFIX = 'reset-password:';

export function resetPasswordLink(publicUrl: string, token: string): string {
  return `${publicUrl.replace(/\/$/, '')}/reset-password?token=${encodeURIComponent(token)}`;
}

/**
 * Called by better-auth once it has stored a reset token: the links mailed before this one stop working (an
 * invitation's too), and the mail goes out through the outbox, in one transaction. The request itself is
 * audited by password-reset-service.ts, for known and unknown addresses alike.
 */
export async function queuePasswordResetMail(
  db: Db,
  { userId, token, publicUrl }: { userId: string; token: string; publicUrl: string },
): Promise<void> {
  const user = await db.user.findUniqueOrThrow({ where: { id: userId }, select: { name: true, email: true } });
  await db.$transaction(async (tx) => {
    const current = await tx.verification.findFirst({
      where: { identifier: `${RESET_TOKEN_PREFIX}${token}`, value: userId },
      select: { id: true, createdAt: true },
    });
    // The links made before this one (not one made meanwhile by another request, which is newer).
    if (current) await endResetTokens(tx, userId, { createdAt: { lte: current.createdAt }, id: { not: current.id } });
    await queueMail(tx, passwordResetMail(user, resetPasswordLink(publicUrl, token)));
  });
}

/** Ends every reset link of the user (after a completed reset), or those matching `where`. */
export async function endResetTokens(
  tx: Tx | Db,
  userId: string,
  where: { createdAt?: { lte: Date }; id?: { not: string } } = {},
): Promise<number> {
  const { count } = await tx.verification.deleteMany({
    where: { ...where, value: userId, identifier: { startsWith: RESET_TOKEN_PREFIX } },
  });
  return count;
}
