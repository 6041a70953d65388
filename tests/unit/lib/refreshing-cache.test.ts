import { describe, expect, it } from 'vitest';
import { refreshingCache } from '../../../src/lib/refreshing-cache.ts';

/** A computation that counts its calls and answers with that count, and a clock the test moves. */
function setUp(maxAgeMs = 1_000) {
  let clock = 0;
  let calls = 0;
  let failNext = false;
  const key = {};
  const cached = refreshingCache(
    async () => {
      calls += 1;
      if (failNext) {
        failNext = false;
        throw new Error('the database is gone');
      }
      return calls;
    },
    { maxAgeMs, now: () => clock },
  );
  return {
    key,
    cached,
    calls: () => calls,
    advance: (ms: number) => (clock += ms),
    failNextComputation: () => (failNext = true),
  };
}

describe('refreshingCache', () => {
  it('computes once for callers that ask together, and answers from the cache while it is fresh', async () => {
    const cache = setUp();
    expect(await Promise.all([cache.cached(cache.key), cache.cached(cache.key)])).toEqual([1, 1]);
    cache.advance(999);
    expect(await cache.cached(cache.key)).toBe(1);
    expect(cache.calls()).toBe(1);
  });

  it('answers with the old value once it is stale while one refresh runs, then with the new one', async () => {
    const cache = setUp();
    await cache.cached(cache.key);
    cache.advance(1_000);
    expect(await Promise.all([cache.cached(cache.key), cache.cached(cache.key)])).toEqual([1, 1]);
    await Promise.resolve();
    expect(await cache.cached(cache.key)).toBe(2);
    expect(cache.calls()).toBe(2);
  });

  it('keeps each key apart', async () => {
    const cache = setUp();
    expect(await cache.cached(cache.key)).toBe(1);
    expect(await cache.cached({})).toBe(2);
  });

  it('does not keep a failed first computation, and keeps the old value when a refresh fails', async () => {
    const cache = setUp();
    cache.failNextComputation();
    await expect(cache.cached(cache.key)).rejects.toThrow('the database is gone');
    expect(await cache.cached(cache.key)).toBe(2);
    cache.advance(1_000);
    cache.failNextComputation();
    expect(await cache.cached(cache.key)).toBe(2);
    await Promise.resolve();
    expect(await cache.cached(cache.key)).toBe(2);
    expect(await cache.cached(cache.key)).toBe(4);
  });
});
