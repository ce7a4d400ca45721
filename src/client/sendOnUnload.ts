/** What `keepalive` (and `fetchLater`) requests of one page may carry in all, by the Fetch standard. */
const KEEPALIVE_BUDGET = 64 * 1024;

type Batch = Record<string, unknown>;

/** The page's copy of what sync has still to deliver, ready to go with the page. */
export interface UnloadDelivery {
  /** Takes the worker's latest copy, in place of the last one. */
  hold(url: string, batches: Batch[]): void;
  /** The page is going (`pagehide`): sends what the browser does not send for it already. */
  leave(): void;
}

/**
 * A worker's last messages may never be delivered before the page freezes, so the page itself delivers
 * what sync had still to deliver. Where the browser has `fetchLater`, each copy is handed to it at once: the
 * browser sends it when the page is gone, however it goes, and the next copy replaces it. Otherwise (or over
 * its quota) the page sends on `pagehide` with `fetch` `keepalive`, else `sendBeacon`. Either way within the
 * 64 KiB allowed; what does not fit stays in the outbox for the next page. As it goes, the page tells the
 * worker (`seal`) which batches it handed on, so that none of them gains changes after the fact: a batch id
 * the endpoint has once stored must never stand for more.
 */
export function createUnloadDelivery(seal: (sent: { batchId: string; count: number }[]) => void): UnloadDelivery {
  let url = '';
  let bodies: string[] = [];
  let held: Batch[] = [];
  /** How many of `bodies` `fetchLater` took, and how to take them back. */
  let deferred = 0;
  let controller: AbortController | undefined;
  const fetchLater = (globalThis as { fetchLater?: typeof fetch }).fetchLater;
  const init = (body: string, more: RequestInit): RequestInit => ({ method: 'POST', headers: { 'content-type': 'application/json' }, body, ...more });

  return {
    hold(nextUrl, batches) {
      let budget = KEEPALIVE_BUDGET;
      url = nextUrl;
      held = batches;
      bodies = [];
      for (const batch of batches) {
        const body = JSON.stringify('op' in batch ? batch : { ...batch, sentAt: new Date().toISOString() });
        if ((budget -= body.length) < 0) break;
        bodies.push(body);
      }
      controller?.abort();
      controller = new AbortController();
      deferred = 0;
      try {
        // Over the browser's quota (or refused), the rest goes on `pagehide`.
        if (fetchLater) for (const body of bodies) fetchLater(url, init(body, { signal: controller.signal })), deferred++;
      } catch {}
    },
    leave() {
      if (!held.length) return;
      // Forget requests gain nothing later: only batches are sealed.
      seal(held.filter((b) => !('op' in b)).map((b) => ({ batchId: b.batchId as string, count: (b.changes as []).length })));
      for (const body of bodies.slice(deferred)) {
        try {
          fetch(url, init(body, { keepalive: true })).catch(() => {});
        } catch {
          navigator.sendBeacon?.(url, new Blob([body], { type: 'application/json' }));
        }
      }
    },
  };
}
