/** What `keepalive` requests of one page may carry in all, by the Fetch standard. */
const KEEPALIVE_BUDGET = 64 * 1024;

/**
 * Sends sync batches as the page goes away: `fetch` with `keepalive` (it outlives the page), else
 * `sendBeacon`, within the 64 KiB that the browser allows in flight; what does not fit stays in the outbox
 * for the next page.
 */
export function sendOnUnload(url: string, batches: Record<string, unknown>[]): void {
  let budget = KEEPALIVE_BUDGET;
  for (const batch of batches) {
    const body = JSON.stringify('op' in batch ? batch : { ...batch, sentAt: new Date().toISOString() });
    if ((budget -= body.length) < 0) return;
    try {
      fetch(url, { method: 'POST', keepalive: true, headers: { 'content-type': 'application/json' }, body }).catch(() => {});
    } catch {
      navigator.sendBeacon?.(url, new Blob([body], { type: 'application/json' }));
    }
  }
}
