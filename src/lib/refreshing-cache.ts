/**
 * One value per key, computed at most once per `maxAgeMs`: a caller gets the cached value while it is
 * fresh; once it is older, the caller still gets it at once while one refresh runs in the background. Only
 * the first caller for a key waits, and concurrent first callers share one computation. For figures that
 * may lag a little but must never cost every request a query over the whole table.
 */
export function refreshingCache<K extends object, V>(
  compute: (key: K) => Promise<V>,
  { maxAgeMs, now = Date.now }: { maxAgeMs: number; now?: () => number },
) {
  const entries = new WeakMap<K, { value: Promise<V>; computedAt: number; refreshing: boolean }>();

  const start = (key: K) => {
    const value = compute(key);
    const entry = { value, computedAt: now(), refreshing: false };
    entries.set(key, entry);
    // A failed computation is not kept: the next caller tries again.
    value.catch(() => entries.get(key) === entry && entries.delete(key));
    return value;
  };

  return (key: K): Promise<V> => {
    const entry = entries.get(key);
    if (!entry) return start(key);
    if (now() - entry.computedAt >= maxAgeMs && !entry.refreshing) {
      entry.refreshing = true;
      const fresh = compute(key);
      fresh.then(
        () => entries.set(key, { value: fresh, computedAt: now(), refreshing: false }),
        () => (entry.refreshing = false),
      );
    }
    return entry.value;
  };
}
