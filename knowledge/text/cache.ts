/**
 * Syllables repeat endlessly (the catalogue has ~20k distinct ones), so per-word results
 * of the pure text functions are memoised. Each cache is bounded: when full it is cleared,
 * which costs one recomputation per word and never a wrong answer.
 */
export const CACHE_LIMIT = 100_000;

/** `compute(key)`, remembered in `cache`. `compute` must be pure. */
export function memo(cache: Map<string, string>, key: string, compute: (k: string) => string): string {
  let v = cache.get(key);
  if (v === undefined) {
    v = compute(key);
    if (cache.size >= CACHE_LIMIT) cache.clear();
    cache.set(key, v);
  }
  return v;
}
