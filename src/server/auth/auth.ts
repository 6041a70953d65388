import { betterAuth } from 'better-auth';
import { prismaAdapter } from 'better-auth/adapters/prisma';
import { twoFactor } from 'better-auth/plugins';
import type { Db } from '../../db/client.ts';
import type { ProviderName } from '../../db/provider-name.ts';
import { endResetTokens, queuePasswordResetMail } from '../services/accounts/account-mail.ts';
import { recordAudit } from '../services/audit/audit.ts';

export interface AuthSettings {
  db: Db;
  provider: ProviderName;
  secret: string;
  /** Where users reach the site; links in mails start with it. */
  publicUrl: string;
}

export const MIN_PASSWORD_LENGTH = 12;
const HOUR = 60 * 60;

/**
 * better-auth owns sessions, password hashing (scrypt, memory-hard) and TOTP. Sign-up is off:
 * accounts come from an administrator's invitation or `npm run user:create`. Its own rate limiter
 * is off too, because it counts per address and path and skips server-side calls; sign-in is
 * throttled per account and per address by services/accounts/sign-in-throttle.ts instead.
 */
export function createAuth({ db, provider, secret, publicUrl }: AuthSettings) {
  return betterAuth({
    appName: 'CBM Tracker',
    baseURL: publicUrl,
    // No route serves better-auth over HTTP (docs/SECURITY.md): the pages call auth.api on the server,
    // behind the product's own throttle, audit and role rules.
    basePath: '/api/auth',
    secret,
    database: prismaAdapter(db, { provider }),
    emailAndPassword: {
      enabled: true,
      disableSignUp: true,
      minPasswordLength: MIN_PASSWORD_LENGTH,
      maxPasswordLength: 128,
      revokeSessionsOnPasswordReset: true,
      resetPasswordTokenExpiresIn: HOUR,
      // A new link ends the older ones; a completed reset ends them all (its own is spent already).
      sendResetPassword: ({ user, token }) => queuePasswordResetMail(db, { userId: user.id, token, publicUrl }),
      onPasswordReset: ({ user }) =>
        db.$transaction(async (tx) => {
          const ended = await endResetTokens(tx, user.id);
          await recordAudit(
            tx,
            { userId: user.id, label: user.name },
            { entityType: 'user', entityId: user.id, action: 'password.reset', changes: { otherLinksEnded: ended } },
          );
        }),
    },
    session: { expiresIn: 12 * HOUR, updateAge: HOUR },
    user: {
      additionalFields: {
        role: { type: 'string', required: true, input: false },
        departmentId: { type: 'string', required: false, input: false },
        deactivatedAt: { type: 'date', required: false, input: false },
        isDemo: { type: 'boolean', required: false, input: false, defaultValue: false },
      },
    },
    rateLimit: { enabled: false },
    advanced: {
      cookiePrefix: 'cbm',
      useSecureCookies: publicUrl.startsWith('https:'),
      defaultCookieAttributes: { httpOnly: true, sameSite: 'lax' },
      // The session and its user in one query: every signed-in request checks them.
      database: { joins: true },
    },
    plugins: [twoFactor({ issuer: 'CBM Tracker' })],
    databaseHooks: {
      session: {
        create: {
          // A deactivated account cannot start a session, whatever the route.
          before: async (session) => {
            const user = await db.user.findUnique({ where: { id: session.userId }, select: { deactivatedAt: true } });
            return user !== null && user.deactivatedAt === null;
          },
        },
      },
    },
    telemetry: { enabled: false },
    // No OpenTelemetry collector is set up: spans around every session check would be work for nothing.
    experimental: { instrumentation: { enabled: false } },
  });
}

export type Auth = ReturnType<typeof createAuth>;
