import type { Db } from '../../../db/client.ts';
import type { AuditAction } from '../../../domain/audit/audit-actions.ts';
import { findForbiddenCharacter, forbiddenCharacterReason } from '../../../domain/text/forbidden-characters.ts';
import type { Auth } from '../../auth/auth.ts';
import { recordAudit } from '../audit/audit.ts';
import { ServiceError } from '../shared/service-error.ts';
import { assertSignInAllowed, clearAccountFailures, recordSignInFailure } from './sign-in-throttle.ts';

export interface SignInDeps {
  db: Db;
  auth: Auth;
}

export interface SignInRequest {
  email: string;
  password: string;
  /** The client's network address, for the per-address limit and the audit trail. */
  address: string;
  /** The incoming request's headers: better-auth reads the user agent and cookies from them. */
  headers: Headers;
}

/** better-auth's answer, whose Set-Cookie headers the page passes on to the browser. */
export type SignInResult = { outcome: 'signed_in' | 'second_factor_needed'; response: Response };

const WRONG_CREDENTIALS = 'The e-mail address or the password is wrong.';

async function errorCodeOf(response: Response): Promise<string | undefined> {
  const body = (await response
    .clone()
    .json()
    .catch(() => null)) as { code?: string } | null;
  return body?.code;
}

/** Password sign-in, throttled per account and per address; every outcome is an audit event. */
export async function signInWithPassword({ db, auth }: SignInDeps, request: SignInRequest, now = new Date()) {
  const email = request.email.trim().toLowerCase();
  // No account has such an address (user-service.ts refuses them), and PostgreSQL refuses a NUL in a query.
  const forbidden = findForbiddenCharacter(email);
  if (forbidden) throw new ServiceError('invalid_input', `E-mail address: ${forbiddenCharacterReason(forbidden)}`);
  const attempt = { email, address: request.address };
  const user = await db.user.findUnique({ where: { email }, select: { id: true, name: true, deactivatedAt: true } });
  const who = { userId: user?.id ?? null, label: user?.name ?? email };
  const audit = (action: AuditAction) =>
    recordAudit(db, who, {
      entityType: 'user',
      entityId: user?.id,
      action,
      changes: { email, address: request.address },
    });
  try {
    await assertSignInAllowed(db, attempt, now);
  } catch (error) {
    await audit('sign_in.throttled');
    throw error;
  }

  // rememberMe: better-auth gives a "not remembered" session a fixed day; remembered ones get the
  // configured 12 hours (renewed hourly while in use), which is what README promises.
  const response = await auth.api.signInEmail({
    body: { email, password: request.password, rememberMe: true },
    headers: request.headers,
    asResponse: true,
  });
  if (!response.ok) {
    // The session hook refuses deactivated accounts after the password was checked, so saying so
    // tells nothing to someone who does not know the password.
    if (user?.deactivatedAt && (await errorCodeOf(response)) === 'FAILED_TO_CREATE_SESSION') {
      await audit('sign_in.refused_deactivated');
      throw new ServiceError('refused', 'This account has been deactivated. Ask an administrator to reactivate it.');
    }
    await recordSignInFailure(db, attempt, now);
    await audit('sign_in.failed');
    throw new ServiceError('invalid_input', WRONG_CREDENTIALS);
  }
  const body = (await response.clone().json()) as { twoFactorRedirect?: boolean };
  if (body.twoFactorRedirect) {
    await audit('sign_in.password_accepted');
    return { outcome: 'second_factor_needed', response } satisfies SignInResult;
  }
  await clearAccountFailures(db, email);
  await audit('sign_in.succeeded');
  return { outcome: 'signed_in', response } satisfies SignInResult;
}

export interface SecondFactorRequest {
  code: string;
  /** An authenticator app's six digits, or one of the recovery codes. */
  method: 'totp' | 'recovery_code';
  address: string;
  headers: Headers;
}

/** The second step for accounts with two-factor sign-in; the pending sign-in rides in a cookie. */
export async function verifySecondFactor({ db, auth }: SignInDeps, request: SecondFactorRequest) {
  const code = request.code.replace(/\s+/g, '');
  const response =
    request.method === 'totp'
      ? await auth.api.verifyTOTP({ body: { code, trustDevice: false }, headers: request.headers, asResponse: true })
      : await auth.api.verifyBackupCode({
          body: { code, trustDevice: false },
          headers: request.headers,
          asResponse: true,
        });
  if (!response.ok) {
    await recordAudit(
      db,
      { userId: null, label: 'unknown (two-factor step)' },
      {
        entityType: 'user',
        action: 'sign_in.second_factor_failed',
        changes: { method: request.method, address: request.address, reason: (await errorCodeOf(response)) ?? null },
      },
    );
    throw new ServiceError(
      'invalid_input',
      request.method === 'totp'
        ? 'That code is wrong or has expired. Enter the six digits your authenticator app shows now.'
        : 'That recovery code is wrong or has been used already.',
      { field: request.method === 'totp' ? 'code' : 'recoveryCode' },
    );
  }
  const body = (await response.clone().json()) as { user?: { id: string; name: string; email: string } };
  if (body.user) {
    await clearAccountFailures(db, body.user.email);
    await recordAudit(
      db,
      { userId: body.user.id, label: body.user.name },
      {
        entityType: 'user',
        entityId: body.user.id,
        action: 'sign_in.succeeded',
        changes: { method: request.method, address: request.address },
      },
    );
  }
  return response;
}

export interface PasswordConfirmation {
  userId: string;
  /** The client's network address, for the per-address limit and the audit trail. */
  address: string;
}

/**
 * A better-auth call that confirms the signed-in user's password (changing it, turning two-factor sign-in on
 * or off, new recovery codes), under the sign-in rules: refused while the account or address is locked, and a
 * wrong password counts as a failed sign-in and is audited, so that someone holding a session cookie cannot
 * guess the password at leisure. Returns better-auth's answer.
 */
export async function withPasswordConfirmation(
  db: Db,
  { userId, address }: PasswordConfirmation,
  call: () => Promise<Response>,
  now = new Date(),
): Promise<Response> {
  const user = await db.user.findUniqueOrThrow({ where: { id: userId }, select: { email: true, name: true } });
  const attempt = { email: user.email, address };
  await assertSignInAllowed(db, attempt, now);
  const response = await call();
  if (!response.ok && (await errorCodeOf(response)) === 'INVALID_PASSWORD') {
    await recordSignInFailure(db, attempt, now);
    await recordAudit(
      db,
      { userId, label: user.name },
      { entityType: 'user', entityId: userId, action: 'password.confirmation_failed', changes: { address } },
    );
  }
  return response;
}
