/**
 * One value per key, computed again only when the data it depends on has changed: `readVersion` reads a version
 * kept in the database (a DataVersion row that triggers move on every write to its tables), which every server
 * process checks, so a change made through one process is seen by all. A version read is shared by the callers
 * that arrive while it runs, and so is a computation. For figures many requests read alike and few writes move.
 */
export function versionedCache<K extends object, V>(
  readVersion: (key: K) => Promise<number>,
  compute: (key: K) => Promise<V>,
) {
  const entries = new WeakMap<K, { version: number; value: Promise<V> }>();
  const versionReads = new WeakMap<K, Promise<number>>();

  const versionOf = (key: K): Promise<number> => {
    let read = versionReads.get(key);
    if (!read) {
      read = readVersion(key).finally(() => versionReads.delete(key));
      versionReads.set(key, read);
    }
    return read;
  };

  return async (key: K): Promise<V> => {
    const version = await versionOf(key);
    const entry = entries.get(key);
    if (entry && entry.version === version) return entry.value;
    const value = compute(key);
    const fresh = { version, value };
    entries.set(key, fresh);
    // A failed computation is not kept: the next caller tries again.
    value.catch(() => entries.get(key) === fresh && entries.delete(key));
    return value;
  };
}
