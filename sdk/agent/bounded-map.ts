// A Map that keeps at most `limit` entries: the agent's memories are bounded, whatever it is sent.

/** Sets `key` (as the newest entry), then drops the oldest entries (a Map keeps insertion order) past `limit`. */
export function setBounded<K, V>(map: Map<K, V>, key: K, value: V, limit: number): void {
  map.delete(key);
  map.set(key, value);
  for (const old of map.keys()) {
    if (map.size <= limit) break;
    map.delete(old);
  }
}
