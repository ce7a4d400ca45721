/** localStorage key of the last known segment ids: readable synchronously, before first paint. */
export const CACHE_KEY = 'seglet:segments';

/** Reads the last known segment ids ([] when absent, unreadable or storage is blocked). */
export function readSegmentCache(): string[] {
  try {
    const ids: unknown = JSON.parse(localStorage.getItem(CACHE_KEY)!);
    return Array.isArray(ids) ? ids.map(String) : [];
  } catch {
    return [];
  }
}

/**
 * Writes the current segment ids; `null` (consent withdrawn) or none at all removes the cache, so that a
 * visitor in no segment, or one just forgotten, leaves no seglet key on the device.
 */
export function writeSegmentCache(ids: string[] | null): void {
  try {
    if (ids?.length) localStorage.setItem(CACHE_KEY, JSON.stringify(ids));
    else localStorage.removeItem(CACHE_KEY);
  } catch {
    // Storage full or blocked: the worker's IndexedDB state stays the source of truth.
  }
}
