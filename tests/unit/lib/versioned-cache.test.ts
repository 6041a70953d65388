import { describe, expect, it } from 'vitest';
import { versionedCache } from '../../../src/lib/versioned-cache.ts';

/** A computation that counts its calls and answers with that count, and a data version the test moves. */
function setUp() {
  let version = 1;
  let calls = 0;
  let versionReads = 0;
  let failNext = false;
  const key = {};
  const cached = versionedCache(
    async () => {
      versionReads += 1;
      return version;
    },
    async () => {
      calls += 1;
      if (failNext) {
        failNext = false;
        throw new Error('the database is gone');
      }
      return calls;
    },
  );
  return {
    key,
    cached,
    calls: () => calls,
    versionReads: () => versionReads,
    write: () => (version += 1),
    setVersion: (value: number) => (version = value),
    failNextComputation: () => (failNext = true),
  };
}

describe('versionedCache', () => {
  it('computes once while the data version stays, and again once it moves', async () => {
    const cache = setUp();
    expect(await cache.cached(cache.key)).toBe(1);
    expect(await cache.cached(cache.key)).toBe(1);
    cache.write();
    expect(await cache.cached(cache.key)).toBe(2);
    expect(await cache.cached(cache.key)).toBe(2);
    expect(cache.calls()).toBe(2);
  });

  it('shares one version read and one computation among callers that arrive together', async () => {
    const cache = setUp();
    const answers = await Promise.all([cache.cached(cache.key), cache.cached(cache.key), cache.cached(cache.key)]);
    expect(answers).toEqual([1, 1, 1]);
    expect(cache.versionReads()).toBe(1);
    expect(cache.calls()).toBe(1);
  });

  it('keeps one value per key', async () => {
    const cache = setUp();
    const other = {};
    expect(await cache.cached(cache.key)).toBe(1);
    expect(await cache.cached(other)).toBe(2);
    expect(await cache.cached(cache.key)).toBe(1);
  });

  it('does not keep a failed computation, nor reuse anything when the version cannot be read', async () => {
    const cache = setUp();
    cache.failNextComputation();
    await expect(cache.cached(cache.key)).rejects.toThrow('the database is gone');
    expect(await cache.cached(cache.key)).toBe(2);
    // A missing version row reads as NaN, which equals nothing.
    cache.setVersion(Number.NaN);
    expect(await cache.cached(cache.key)).toBe(3);
    expect(await cache.cached(cache.key)).toBe(4);
  });
});
