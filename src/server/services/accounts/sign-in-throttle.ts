import type { Db } from '../../../db/client.ts';
import {
  ACCOUNT_POLICY,
  ADDRESS_POLICY,
  afterFailure,
  lockedUntil,
  minutesUntil,
  type ThrottlePolicy,
} from '../../../domain/accounts/sign-in-throttle.ts';
import { ServiceError } from '../shared/service-error.ts';

export interface SignInAttempt {
  email: string;
  address: string;
}

const keysOf = ({ email, address }: SignInAttempt): [string, ThrottlePolicy, 'account' | 'address'][] => [
  [`account:${email.trim().toLowerCase()}`, ACCOUNT_POLICY, 'account'],
  [`address:${address}`, ADDRESS_POLICY, 'address'],
];

/** Until when a throttle key (such as "address:192.0.2.1") is locked, or null while it is not. */
export async function throttleLockedUntil(db: Db, key: string, now: Date): Promise<Date | null> {
  return lockedUntil(await db.signInThrottle.findUnique({ where: { key } }), now);
}

/** Counts one more event (a failed sign-in, a password-reset request) against a key, under its policy. */
export async function countAgainst(db: Db, key: string, policy: ThrottlePolicy, now: Date): Promise<void> {
  await db.$transaction(async (tx) => {
    const state = await tx.signInThrottle.findUnique({ where: { key } });
    const next = afterFailure(state, policy, now);
    await tx.signInThrottle.upsert({ where: { key }, create: { key, ...next }, update: next });
  });
}

/** Refuses, with how long to wait, while the account or the address is locked. */
export async function assertSignInAllowed(db: Db, attempt: SignInAttempt, now: Date): Promise<void> {
  for (const [key, , kind] of keysOf(attempt)) {
    const until = await throttleLockedUntil(db, key, now);
    if (until) {
      const what = kind === 'account' ? 'this account' : 'your network address';
      throw new ServiceError(
        'refused',
        `Too many failed sign-ins for ${what}. Try again in ${minutesUntil(until, now)}, or reset your password.`,
        { lockedUntil: until.toISOString(), kind },
      );
    }
  }
}

export async function recordSignInFailure(db: Db, attempt: SignInAttempt, now: Date): Promise<void> {
  for (const [key, policy] of keysOf(attempt)) await countAgainst(db, key, policy, now);
}

/** A successful sign-in clears the account's count; the address keeps its own. */
export async function clearAccountFailures(db: Db, email: string): Promise<void> {
  await db.signInThrottle.deleteMany({ where: { key: `account:${email.trim().toLowerCase()}` } });
}
