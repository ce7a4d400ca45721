import type { ForgetRequest, SyncBatch, SyncChange } from '../src/engine/syncSchema';
import type { SegletError } from '../src/protocol';

/** Segment changes wait this long for company before a batch goes out (DESIGN: within 2 s). */
export const SYNC_DELAY_MS = 2000;
/** Batches kept unsent at most; past it the oldest is dropped and reported (`sync_overflow`). */
export const MAX_OUTBOX = 100;
/** The longest wait between retries. */
const MAX_BACKOFF_MS = 5 * 60_000;
/**
 * How long one request may take before it counts as failed and is retried. Batches go out one at a time, in
 * order, so a request that never ends (a stalled proxy, a captive portal) would hold up every later batch;
 * a batch is a few KiB, which 10 s carries even on a poor mobile link.
 */
export const SYNC_TIMEOUT_MS = 10_000;
/**
 * While a retry waits with the device offline, how often it looks whether the network is back: Chromium fires
 * no `online` event in workers (crbug.com/40155587), where only `navigator.onLine` changes.
 */
const ONLINE_CHECK_MS = 1000;
/**
 * A batch with no change (only a feature vector) goes at most this often, and only with a vector that differs
 * from the last one a batch carried. Every page view changes some feature, and pages are hidden and left all the
 * time: without it each page view sent two or three such batches. A vector describes behaviour over minutes to
 * days, so one a minute is fresh enough for training, and the batches with changes carry the vector anyway.
 */
export const VECTOR_INTERVAL_MS = 60_000;
/** What the device says of its network; always online where there is no `navigator.onLine` (Node). */
const isOnline = () => (globalThis as { navigator?: { onLine?: boolean } }).navigator?.onLine !== false;

// The wire format is the schema's: the server validates with the same schema, so the two cannot drift.
// Types only: the schema itself stays out of the worker bundle.
export type { ForgetRequest, SyncBatch, SyncChange } from '../src/engine/syncSchema';

/** The last feature vector a batch carried (as JSON) and when that batch was made: saved, so a next page knows it. */
export interface VectorMark {
  features: string;
  at: number;
}

export interface Sync {
  record(changes: SyncChange[]): void;
  /** Builds a batch from what is pending (if anything) and delivers the outbox now, or with the retry that is waiting. */
  flush(): Promise<void>;
  outbox(): (SyncBatch | ForgetRequest)[];
  /** What is still to be delivered, pending changes included (as the batch they will become). */
  preview(): (SyncBatch | ForgetRequest)[];
  /**
   * A page handed these batches on as it went: the pending batch's first `count` changes become that batch
   * for good (it is queued as it stands); later changes go in a batch of their own.
   */
  seal(sent: { batchId: string; count: number }[]): void;
  /** The network is back: retry at once instead of waiting out the backoff. */
  resume(): void;
  /** For good: no timer fires and no further batch is posted, not even the rest of an outbox being sent. */
  stop(): void;
  /** The last vector sent, to save with the outbox and hand to the next start (`mark`); null before any. */
  mark(): VectorMark | null;
}

/**
 * Delivers segment changes: batched (a change waits up to {@link SYNC_DELAY_MS} for others), written to the
 * outbox before sending, removed only on a 2xx. Network errors, timeouts ({@link SYNC_TIMEOUT_MS}), 5xx, 408 and 429
 * are retried with exponential backoff and jitter (honouring `Retry-After`); other 4xx drop the batch with a
 * `sync_failed` error.
 * Nothing is posted while `allowed()` says no (consent withdrawn): batches wait in the outbox.
 * A batch with no change goes only when its feature vector differs from the last one a batch carried, and at most
 * once per {@link VECTOR_INTERVAL_MS} (a clock set back counts as time passed).
 */
export function createSync(options: {
  url: string;
  fetch: typeof fetch;
  outbox: (SyncBatch | ForgetRequest)[];
  /** Everything a batch carries besides its changes, read when the batch is made. */
  snapshot: () => Omit<SyncBatch, 'v' | 'batchId' | 'sentAt' | 'changes'>;
  persist: (outbox: (SyncBatch | ForgetRequest)[]) => void;
  fail: (error: SegletError) => void;
  uuid: () => string;
  /** Called whenever what is still to be delivered changes. */
  onChange: () => void;
  /** Whether the device is online (default `navigator.onLine`): a retry waiting offline goes at once when it is back. */
  online?: () => boolean;
  /** Whether batches may be posted now; asked before each one, so that a withdrawal stops a delivery under way. */
  allowed: () => boolean;
  /** The last vector an earlier start sent ({@link Sync.mark}), as it was saved: anything else counts as none. */
  mark?: unknown;
}): Sync {
  const outbox = options.outbox;
  let pending: SyncChange[] = [];
  /** The id the pending changes' batch will carry: the page may send it first, and delivery is idempotent. */
  let pendingId = '';
  let batchTimer: ReturnType<typeof setTimeout> | undefined;
  let retryTimer: ReturnType<typeof setTimeout> | undefined;
  let attempt = 0;
  let sending: Promise<void> | null = null;
  /** Set while a retry waits out its backoff or `Retry-After`: new batches wait behind it instead of cutting it short. */
  let waiting = false;
  let stopped = false;
  const saved = options.mark as Partial<VectorMark> | null | undefined;
  // Without a saved mark, a vector still waiting in the outbox (an earlier page's) is the last one sent.
  const queued = outbox.filter((b): b is SyncBatch => !!(b as SyncBatch).features).pop();
  let mark: VectorMark | null =
    typeof saved?.features === 'string' && typeof saved.at === 'number'
      ? (saved as VectorMark)
      : queued ? { features: JSON.stringify(queued.features), at: Date.now() } : null;

  function enqueue(): void {
    clearTimeout(batchTimer);
    batchTimer = undefined;
    const snapshot = options.snapshot();
    /** Pending changes were in every preview since they were recorded: the same batch id, the same changes. */
    const previewed = pending.length > 0;
    const at = Date.now();
    const vector = snapshot.features && JSON.stringify(snapshot.features);
    const vectorDue = vector && (!mark || (vector !== mark.features && !(Math.abs(at - mark.at) < VECTOR_INTERVAL_MS)));
    if (!previewed && !vectorDue) return;
    if (vector) mark = { features: vector, at };
    outbox.push({ v: 1, batchId: pendingId || options.uuid(), sentAt: '', ...snapshot, changes: pending });
    pending = [];
    pendingId = '';
    let dropped = false;
    while (outbox.length > MAX_OUTBOX) {
      dropped = true;
      const oldest = outbox.shift()!;
      const what = 'op' in oldest ? 'a forget request' : `batch ${oldest.batchId} (${oldest.changes.length} changes)`;
      options.fail({ code: 'sync_overflow', message: `sync outbox full: dropped ${what}` });
    }
    options.persist(outbox);
    // The page already holds this batch's copy from the preview (its feature vector as of the last change):
    // telling it again would only replace a copy with its twin.
    if (!previewed || dropped) options.onChange();
  }

  async function deliverAll(): Promise<void> {
    while (outbox.length && !stopped && options.allowed()) {
      const next = outbox[0]!;
      const batch = 'op' in next ? next : { ...next, sentAt: new Date().toISOString() };
      const retryAfter = await post(batch);
      if (retryAfter !== null) return retry(retryAfter);
      attempt = 0;
      outbox.shift();
      options.persist(outbox);
      options.onChange();
    }
  }

  /** Sends one batch; null when it is done with (delivered or dropped), else how long to wait (ms, or NaN). */
  async function post(batch: SyncBatch | ForgetRequest): Promise<number | null> {
    let response: Response;
    try {
      const init = { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(batch) };
      response = await options.fetch(options.url, { ...init, signal: AbortSignal.timeout(SYNC_TIMEOUT_MS) });
    } catch {
      return NaN;
    }
    if (response.ok) return null;
    if (response.status >= 500 || response.status === 408 || response.status === 429) {
      return retryAfterMs(response.headers.get('Retry-After'));
    }
    const what = 'op' in batch ? 'forget request' : `batch ${batch.batchId}`;
    options.fail({ code: 'sync_failed', message: `sync ${options.url}: HTTP ${response.status}; ${what} dropped` });
    return null;
  }

  function retry(after: number): void {
    const backoff = Math.min(MAX_BACKOFF_MS, 1000 * 2 ** attempt++) * (0.5 + Math.random() / 2);
    const due = Date.now() + (Number.isNaN(after) ? backoff : after);
    const online = options.online ?? isOnline;
    clearTimeout(retryTimer);
    waiting = true;
    // Offline, it looks again every ONLINE_CHECK_MS, and goes as soon as the network is back (as `resume()` would).
    (function wait() {
      const offline = !online();
      retryTimer = setTimeout(
        () => {
          if (offline && online()) (attempt = 0), (waiting = false), void deliver();
          else if (Date.now() >= due) (waiting = false), void deliver();
          else wait();
        },
        offline ? Math.min(ONLINE_CHECK_MS, due - Date.now()) : due - Date.now(),
      );
    })();
  }

  const deliver = () => (sending ??= deliverAll().finally(() => (sending = null)));
  /** Delivers now, unless a retry is waiting: then the outbox goes when it does. */
  const deliverUnlessWaiting = () => (waiting ? Promise.resolve() : deliver());

  return {
    record(changes) {
      pending.push(...changes);
      pendingId ||= options.uuid();
      batchTimer ??= setTimeout(() => (enqueue(), void deliverUnlessWaiting()), SYNC_DELAY_MS);
      options.onChange();
    },
    async flush() {
      enqueue();
      await deliverUnlessWaiting();
    },
    outbox: () => outbox,
    preview: () =>
      pending.length ? [...outbox, { v: 1, batchId: pendingId, sentAt: '', ...options.snapshot(), changes: pending }] : outbox,
    seal(sent) {
      const count = sent.find((batch) => batch.batchId === pendingId)?.count ?? 0;
      if (!count) return;
      const later = pending.splice(count);
      enqueue();
      void deliverUnlessWaiting();
      if (later.length) this.record(later);
    },
    resume() {
      clearTimeout(retryTimer);
      waiting = false;
      attempt = 0;
      void deliver();
    },
    stop() {
      stopped = true;
      clearTimeout(batchTimer);
      clearTimeout(retryTimer);
    },
    mark: () => mark,
  };
}

/** `Retry-After` in milliseconds from now, as seconds or an HTTP date; NaN when absent, past or malformed (backoff then). */
export function retryAfterMs(value: string | null, now = Date.now()): number {
  if (!value) return NaN;
  const ms = /^\s*\d+(\.\d+)?\s*$/.test(value) ? Number(value) * 1000 : Date.parse(value) - now;
  return ms > 0 ? ms : NaN;
}
