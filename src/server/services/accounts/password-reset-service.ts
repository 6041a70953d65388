import { z } from 'zod';
import type { Db } from '../../../db/client.ts';
import { minutesUntil, RESET_ADDRESS_POLICY, RESET_EMAIL_POLICY } from '../../../domain/accounts/sign-in-throttle.ts';
import type { AuditAction } from '../../../domain/audit/audit-actions.ts';
import { findForbiddenCharacter, forbiddenCharacterReason } from '../../../domain/text/forbidden-characters.ts';
import type { Auth } from '../../auth/auth.ts';
import { recordAudit } from '../audit/audit.ts';
import { ServiceError } from '../shared/service-error.ts';
import { countAgainst, throttleLockedUntil } from './sign-in-throttle.ts';

export interface PasswordResetDeps {
  db: Db;
  auth: Auth;
}

export interface PasswordResetRequest {
  email: string;
  /** The client's network address, for the per-address limit and the audit trail. */
  address: string;
}

/** What /forgot-password says after every accepted request, whatever happened next. */
export const RESET_REQUESTED_MESSAGE =
  'If that address has an account, a mail with a link to choose a new password is on its way. The link works once, within an hour.';

const EmailSchema = z.email().max(254);
const emailKey = (email: string) => `reset-email:${email}`;
const addressKey = (address: string) => `reset-address:${address}`;

/**
 * /forgot-password. Known and unknown addresses take the same path, with the same writes to the throttle and
 * the same answer, so that nobody can find out which addresses have an account:
 *
 * - a network address that asked 20 times within the hour is refused, told how long to wait;
 * - an e-mail address asked for 3 times within the hour gets no more mail that hour (and the same answer);
 * - otherwise better-auth makes a link (for an account) and mails it (account-mail.ts), which ends the links
 *   mailed before.
 *
 * Every request is an audit event (`password_reset.requested` or `.throttled`), with the address asked for and
 * the network address, never the link.
 */
export async function requestPasswordReset(
  { db, auth }: PasswordResetDeps,
  request: PasswordResetRequest,
  now = new Date(),
): Promise<void> {
  const email = request.email.trim().toLowerCase();
  const forbidden = findForbiddenCharacter(email);
  if (forbidden) throw new ServiceError('invalid_input', `E-mail address: ${forbiddenCharacterReason(forbidden)}`);
  if (!EmailSchema.safeParse(email).success) {
    throw new ServiceError('invalid_input', 'Enter the e-mail address you sign in with.', { field: 'email' });
  }
  const { address } = request;
  const user = await db.user.findUnique({ where: { email }, select: { id: true, name: true } });
  const audit = (action: AuditAction, extra: Record<string, string> = {}) =>
    recordAudit(
      db,
      { userId: user?.id ?? null, label: user?.name ?? email },
      { entityType: 'user', entityId: user?.id, action, changes: { email, address, ...extra } },
    );

  const addressLockedUntil = await throttleLockedUntil(db, addressKey(address), now);
  if (addressLockedUntil) {
    await audit('password_reset.throttled', { kind: 'address' });
    throw new ServiceError(
      'refused',
      `Too many password-reset requests from your network address. Try again in ${minutesUntil(addressLockedUntil, now)}.`,
      { lockedUntil: addressLockedUntil.toISOString(), kind: 'address' },
    );
  }
  await countAgainst(db, addressKey(address), RESET_ADDRESS_POLICY, now);
  // Counting an e-mail address that is already at its limit would only push its lock further away.
  if (await throttleLockedUntil(db, emailKey(email), now)) {
    await audit('password_reset.throttled', { kind: 'account' });
    return;
  }
  await countAgainst(db, emailKey(email), RESET_EMAIL_POLICY, now);
  await audit('password_reset.requested');
  await auth.api.requestPasswordReset({ body: { email, redirectTo: '/reset-password' } });
}
