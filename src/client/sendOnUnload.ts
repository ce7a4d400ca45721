import type { UnloadCopy } from '../protocol';

/**
 * How long a copy waits before it is handed to `fetchLater`: longer than the worker takes to deliver a change
 * (it coalesces for 2 s), so that in the usual case the copy is delivered, and dropped, before it costs anything.
 */
export const DEFER_AFTER_MS = 5000;

/** The page's copy of what sync has still to deliver, ready to go with the page. */
export interface UnloadDelivery {
  /** Takes the worker's latest copy, in place of the last one. */
  hold(copy: UnloadCopy): void;
  /** The page is hidden (and may never be seen again): the copy goes to `fetchLater` now. */
  defer(): void;
  /** The page is going (`pagehide`): sends what the browser does not send for it already. */
  leave(): void;
}

/**
 * A worker's last messages may never be delivered before the page freezes, so the page itself delivers
 * what sync had still to deliver. Where the browser has `fetchLater`, the copy is handed to it when the page is
 * hidden, or once it has waited {@link DEFER_AFTER_MS} undelivered (a retry, offline): the browser then sends it
 * when the page is gone, however it goes, and the next copy takes its place. Not at once: a `fetchLater` call
 * costs the page more than half a millisecond, and the worker has usually delivered the change before the
 * wait is over. What is not deferred (no `fetchLater`, its quota, a page that goes before the wait is over) is
 * sent on `pagehide` with `fetch` `keepalive`. The worker makes the copy (`workers/unloadCopy.ts`): request
 * bodies within the 64 KiB allowed, what does not fit staying in the outbox for the next page. As it goes, the
 * page tells the worker (`seal`) which batches it handed on, so that none of them gains changes after the
 * fact: a batch id the endpoint has once stored must never stand for more.
 */
export function createUnloadDelivery(seal: (sent: UnloadCopy['sealed']) => void): UnloadDelivery {
  let url = '';
  let bodies: Blob[] = [];
  let sealed: UnloadCopy['sealed'] = [];
  /** How many of the bodies `fetchLater` took (or `pagehide` sent), and how to take them back. */
  let deferred = 0;
  let controller: AbortController | undefined;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const fetchLater = (globalThis as { fetchLater?: typeof fetch }).fetchLater;
  // The body's type is the request's `content-type`.
  const init = (body: Blob, more: RequestInit): RequestInit => ({ method: 'POST', body, ...more });

  const defer = () => {
    clearTimeout(timer);
    if (deferred || !fetchLater) return;
    controller = new AbortController();
    try {
      // Over the browser's quota (or refused), the rest goes on `pagehide`.
      for (const body of bodies) fetchLater(url, init(body, { signal: controller.signal })), deferred++;
    } catch {}
  };

  return {
    hold(copy) {
      ({ url, bodies, sealed } = copy);
      controller?.abort();
      deferred = 0;
      clearTimeout(timer);
      timer = setTimeout(defer, DEFER_AFTER_MS);
    },
    defer,
    leave() {
      if (!bodies.length) return;
      seal(sealed);
      // `fetch` never throws: it rejects (where the page has no network left, or the browser no keepalive quota).
      for (const body of bodies.slice(deferred)) fetch(url, init(body, { keepalive: true })).catch(() => {});
      deferred = bodies.length;
    },
  };
}
