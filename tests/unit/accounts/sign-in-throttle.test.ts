import { describe, expect, it } from 'vitest';
import {
  ACCOUNT_POLICY,
  ADDRESS_POLICY,
  afterFailure,
  lockedUntil,
  minutesUntil,
  RESET_ADDRESS_POLICY,
  RESET_EMAIL_POLICY,
  type ThrottlePolicy,
  type ThrottleState,
} from '../../../src/domain/accounts/sign-in-throttle.ts';

const MINUTE = 60_000;
const start = new Date('2025-06-02T08:00:00Z');
const at = (ms: number) => new Date(start.getTime() + ms);

function failTimes(count: number, policy: ThrottlePolicy, now: (i: number) => Date = () => start): ThrottleState {
  let state: ThrottleState | null = null;
  for (let i = 0; i < count; i += 1) state = afterFailure(state, policy, now(i));
  if (!state) throw new Error('count must be at least 1');
  return state;
}

describe('afterFailure', () => {
  it('starts a window with one failure when there is no state yet', () => {
    expect(afterFailure(null, ACCOUNT_POLICY, start)).toEqual({
      failures: 1,
      windowStartedAt: start,
      lockedUntil: null,
    });
  });

  it('counts another failure inside the window and keeps the window start', () => {
    const state = afterFailure({ failures: 2, windowStartedAt: start, lockedUntil: null }, ACCOUNT_POLICY, at(MINUTE));
    expect(state).toEqual({ failures: 3, windowStartedAt: start, lockedUntil: null });
  });

  it('counts a failure one millisecond before the window ends in the same window', () => {
    const state = afterFailure(
      { failures: 2, windowStartedAt: start, lockedUntil: null },
      ACCOUNT_POLICY,
      at(ACCOUNT_POLICY.windowMs - 1),
    );
    expect(state.failures).toBe(3);
    expect(state.windowStartedAt).toEqual(start);
  });

  it('starts a new window when the failure comes exactly as the window ends', () => {
    const now = at(ACCOUNT_POLICY.windowMs);
    const state = afterFailure({ failures: 4, windowStartedAt: start, lockedUntil: null }, ACCOUNT_POLICY, now);
    expect(state).toEqual({ failures: 1, windowStartedAt: now, lockedUntil: null });
  });

  it('locks password-reset mails to an address after the third request of an hour, and a network address after the twentieth', () => {
    expect(failTimes(2, RESET_EMAIL_POLICY).lockedUntil).toBeNull();
    expect(failTimes(3, RESET_EMAIL_POLICY).lockedUntil).toEqual(at(60 * MINUTE));
    expect(failTimes(19, RESET_ADDRESS_POLICY).lockedUntil).toBeNull();
    expect(failTimes(20, RESET_ADDRESS_POLICY).lockedUntil).toEqual(at(60 * MINUTE));
  });

  it('does not lock the account before the fifth failure', () => {
    expect(failTimes(4, ACCOUNT_POLICY).lockedUntil).toBeNull();
  });

  it('locks the account for a quarter hour after the fifth failure', () => {
    const state = failTimes(5, ACCOUNT_POLICY, (i) => at(i * MINUTE));
    expect(state.failures).toBe(5);
    expect(state.lockedUntil).toEqual(at(4 * MINUTE + 15 * MINUTE));
  });

  it('extends the lock from the latest failure past the limit', () => {
    const state = failTimes(6, ACCOUNT_POLICY, (i) => at(i * MINUTE));
    expect(state.failures).toBe(6);
    expect(state.lockedUntil).toEqual(at(5 * MINUTE + ACCOUNT_POLICY.lockoutMs));
  });

  it('does not lock when five failures are spread across two windows', () => {
    const state = failTimes(5, ACCOUNT_POLICY, (i) => at(i * 4 * MINUTE));
    expect(state.failures).toBe(1);
    expect(state.windowStartedAt).toEqual(at(16 * MINUTE));
    expect(state.lockedUntil).toBeNull();
  });

  it('carries an earlier lock into a new window below the limit', () => {
    const earlierLock = at(20 * MINUTE);
    const state = afterFailure(
      { failures: 5, windowStartedAt: start, lockedUntil: earlierLock },
      ACCOUNT_POLICY,
      at(16 * MINUTE),
    );
    expect(state).toEqual({ failures: 1, windowStartedAt: at(16 * MINUTE), lockedUntil: earlierLock });
  });

  it('allows an address thirty failures before it locks', () => {
    expect(failTimes(29, ADDRESS_POLICY).lockedUntil).toBeNull();
    expect(failTimes(30, ADDRESS_POLICY).lockedUntil).toEqual(at(ADDRESS_POLICY.lockoutMs));
  });

  it('locks an account on fewer failures than an address', () => {
    expect(ACCOUNT_POLICY.maxFailures).toBe(5);
    expect(ADDRESS_POLICY.maxFailures).toBe(30);
    expect(failTimes(5, ACCOUNT_POLICY).lockedUntil).not.toBeNull();
    expect(failTimes(5, ADDRESS_POLICY).lockedUntil).toBeNull();
  });

  it('does not change the state it is given', () => {
    const state: ThrottleState = { failures: 4, windowStartedAt: start, lockedUntil: null };
    afterFailure(state, ACCOUNT_POLICY, at(MINUTE));
    expect(state).toEqual({ failures: 4, windowStartedAt: start, lockedUntil: null });
  });
});

describe('lockedUntil', () => {
  it('returns null when there is no state', () => {
    expect(lockedUntil(null, start)).toBeNull();
  });

  it('returns null when the state has no lock', () => {
    expect(lockedUntil({ failures: 3, windowStartedAt: start, lockedUntil: null }, start)).toBeNull();
  });

  it('returns the end of a lock that is still running', () => {
    const until = at(MINUTE);
    expect(lockedUntil({ failures: 5, windowStartedAt: start, lockedUntil: until }, start)).toEqual(until);
  });

  it('returns null once the lock ends, at the very moment it ends', () => {
    const until = at(MINUTE);
    expect(lockedUntil({ failures: 5, windowStartedAt: start, lockedUntil: until }, until)).toBeNull();
    expect(lockedUntil({ failures: 5, windowStartedAt: start, lockedUntil: until }, at(2 * MINUTE))).toBeNull();
  });
});

describe('minutesUntil', () => {
  it('says "1 minute" in the singular', () => {
    expect(minutesUntil(at(MINUTE), start)).toBe('1 minute');
  });

  it('says whole minutes in the plural', () => {
    expect(minutesUntil(at(15 * MINUTE), start)).toBe('15 minutes');
  });

  it('rounds part of a minute up', () => {
    expect(minutesUntil(at(2 * MINUTE + 1), start)).toBe('3 minutes');
    expect(minutesUntil(at(1_000), start)).toBe('1 minute');
  });

  it('never says "0 minutes", even when the moment has passed', () => {
    expect(minutesUntil(start, start)).toBe('1 minute');
    expect(minutesUntil(at(-5 * MINUTE), start)).toBe('1 minute');
  });
});
