/**
 * How many failed sign-ins a key may have in a window before it is locked for a while. The same machinery
 * limits password-reset requests, where every request counts as a "failure".
 */
export interface ThrottlePolicy {
  maxFailures: number;
  windowMs: number;
  lockoutMs: number;
}

const MINUTE = 60_000;
/** Per account: a guessed password gets five tries per quarter hour. */
export const ACCOUNT_POLICY: ThrottlePolicy = { maxFailures: 5, windowMs: 15 * MINUTE, lockoutMs: 15 * MINUTE };
/** Per address: higher, because an office or a phone network shares one address. */
export const ADDRESS_POLICY: ThrottlePolicy = { maxFailures: 30, windowMs: 15 * MINUTE, lockoutMs: 15 * MINUTE };

const HOUR = 60 * MINUTE;
/** Password-reset mails per e-mail address, whether or not it has an account: three an hour. */
export const RESET_EMAIL_POLICY: ThrottlePolicy = { maxFailures: 3, windowMs: HOUR, lockoutMs: HOUR };
/** Password-reset requests per network address: twenty an hour, then the address is told to wait. */
export const RESET_ADDRESS_POLICY: ThrottlePolicy = { maxFailures: 20, windowMs: HOUR, lockoutMs: HOUR };

export interface ThrottleState {
  failures: number;
  windowStartedAt: Date;
  lockedUntil: Date | null;
}

export function lockedUntil(state: ThrottleState | null, now: Date): Date | null {
  return state?.lockedUntil && state.lockedUntil > now ? state.lockedUntil : null;
}

/** The state after one more failure: a new window when the old one is over, a lock at the limit. */
export function afterFailure(state: ThrottleState | null, policy: ThrottlePolicy, now: Date): ThrottleState {
  const isWindowOver = !state || now.getTime() - state.windowStartedAt.getTime() >= policy.windowMs;
  const failures = isWindowOver ? 1 : state.failures + 1;
  const windowStartedAt = isWindowOver ? now : state.windowStartedAt;
  const isAtLimit = failures >= policy.maxFailures;
  return {
    failures,
    windowStartedAt,
    lockedUntil: isAtLimit ? new Date(now.getTime() + policy.lockoutMs) : (state?.lockedUntil ?? null),
  };
}

/** "3 minutes", never "0 minutes". */
export function minutesUntil(until: Date, now: Date): string {
  const minutes = Math.max(1, Math.ceil((until.getTime() - now.getTime()) / 60_000));
  return `${minutes} minute${minutes === 1 ? '' : 's'}`;
}
