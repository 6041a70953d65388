export const MAX_DELIVERY_ATTEMPTS = 8;
const FIRST_RETRY_MS = 60_000;
const LONGEST_RETRY_MS = 6 * 60 * 60_000;

/** Exponential back-off: 1, 2, 4, ... minutes after each failed attempt, at most six hours. */
export function retryDelayMs(failedAttempts: number): number {
  return Math.min(FIRST_RETRY_MS * 2 ** Math.max(0, failedAttempts - 1), LONGEST_RETRY_MS);
}

export type DeliveryOutcome =
  { status: 'delivered' } | { status: 'pending'; nextAttemptAt: Date } | { status: 'failed' };

export function afterFailedDelivery(attemptsSoFar: number, now: Date): DeliveryOutcome {
  const attempts = attemptsSoFar + 1;
  if (attempts >= MAX_DELIVERY_ATTEMPTS) return { status: 'failed' };
  return { status: 'pending', nextAttemptAt: new Date(now.getTime() + retryDelayMs(attempts)) };
}
