import { describe, expect, it } from 'vitest';
import { MAX_DELIVERY_ATTEMPTS, afterFailedDelivery, retryDelayMs } from '../../../src/domain/jobs/retry.ts';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const now = new Date('2025-06-02T08:00:00Z');

describe('retryDelayMs', () => {
  it('waits one minute after the first failed attempt', () => {
    expect(retryDelayMs(1)).toBe(MINUTE);
  });

  it('doubles the delay after each further failure', () => {
    expect([1, 2, 3, 4, 5].map(retryDelayMs)).toEqual([1, 2, 4, 8, 16].map((m) => m * MINUTE));
  });

  it('treats zero or fewer failed attempts like the first', () => {
    expect(retryDelayMs(0)).toBe(MINUTE);
    expect(retryDelayMs(-3)).toBe(MINUTE);
  });

  it('never waits longer than six hours', () => {
    expect(retryDelayMs(9)).toBe(256 * MINUTE);
    expect(retryDelayMs(10)).toBe(6 * HOUR);
    expect(retryDelayMs(50)).toBe(6 * HOUR);
  });
});

describe('afterFailedDelivery', () => {
  it('schedules the next attempt one minute after the first failure', () => {
    expect(afterFailedDelivery(0, now)).toEqual({ status: 'pending', nextAttemptAt: new Date(now.getTime() + MINUTE) });
  });

  it('schedules later attempts with the doubled delay', () => {
    expect(afterFailedDelivery(3, now)).toEqual({
      status: 'pending',
      nextAttemptAt: new Date(now.getTime() + 8 * MINUTE),
    });
  });

  it('keeps retrying up to the attempt before the limit', () => {
    expect(afterFailedDelivery(MAX_DELIVERY_ATTEMPTS - 2, now)).toEqual({
      status: 'pending',
      nextAttemptAt: new Date(now.getTime() + retryDelayMs(MAX_DELIVERY_ATTEMPTS - 1)),
    });
  });

  it('gives up once the message has failed MAX_DELIVERY_ATTEMPTS times', () => {
    expect(MAX_DELIVERY_ATTEMPTS).toBe(8);
    expect(afterFailedDelivery(MAX_DELIVERY_ATTEMPTS - 1, now)).toEqual({ status: 'failed' });
    expect(afterFailedDelivery(MAX_DELIVERY_ATTEMPTS + 3, now)).toEqual({ status: 'failed' });
  });
});
