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

/** The cookie that mirrors the personalized segment ids, opted in with `cookie: true`. */
export const COOKIE_NAME = 'seglet_segments';

/**
 * Mirrors the segment ids in a first-party cookie (ids joined by `.`, which ids never contain), so a server
 * or edge can render personalized HTML on the first byte of the next page. `null` or none deletes it.
 */
export function writeSegmentCookie(ids: string[] | null): void {
  const value = ids?.join('.') ?? '';
  document.cookie = `${COOKIE_NAME}=${value}; path=/; SameSite=Lax; max-age=${value ? 2592000 : 0}`;
}
