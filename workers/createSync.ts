import type { ForgetRequest, SyncBatch, SyncChange } from '../src/engine/syncSchema';
import type { SegletError } from '../src/protocol';

/** Segment changes wait this long for company before a batch goes out (DESIGN: within 2 s). */
export const SYNC_DELAY_MS = 2000;
/** Batches kept unsent at most; past it the oldest is dropped and reported (`sync_overflow`). */
export const MAX_OUTBOX = 100;
/** The longest wait between retries. */
const MAX_BACKOFF_MS = 5 * 60_000;

// The wire format is the schema's: the server validates with the same schema, so the two cannot drift.
// Types only: the schema itself stays out of the worker bundle.
export type { ForgetRequest, SyncBatch, SyncChange } from '../src/engine/syncSchema';

export interface Sync {
  record(changes: SyncChange[]): void;
  /** Builds a batch from what is pending (if anything) and delivers the outbox now. */
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
}

/**
 * Delivers segment changes: batched (a change waits up to {@link SYNC_DELAY_MS} for others), written to the
 * outbox before sending, removed only on a 2xx. Network errors, 5xx, 408 and 429 are retried with exponential
 * backoff and jitter (honouring `Retry-After`); other 4xx drop the batch with a `sync_failed` error.
 * Nothing is posted while `allowed()` says no (consent withdrawn): batches wait in the outbox.
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
  /** Whether batches may be posted now; asked before each one, so that a withdrawal stops a delivery under way. */
  allowed: () => boolean;
}): Sync {
  const outbox = options.outbox;
  let pending: SyncChange[] = [];
  /** The id the pending changes' batch will carry: the page may send it first, and delivery is idempotent. */
  let pendingId = '';
  let batchTimer: ReturnType<typeof setTimeout> | undefined;
  let retryTimer: ReturnType<typeof setTimeout> | undefined;
  let attempt = 0;
  let sending: Promise<void> | null = null;
  let stopped = false;

  function enqueue(): void {
    clearTimeout(batchTimer);
    batchTimer = undefined;
    const snapshot = options.snapshot();
    if (!pending.length && !snapshot.features) return;
    outbox.push({ v: 1, batchId: pendingId || options.uuid(), sentAt: '', ...snapshot, changes: pending });
    pending = [];
    pendingId = '';
    while (outbox.length > MAX_OUTBOX) {
      const dropped = outbox.shift()!;
      const what = 'op' in dropped ? 'a forget request' : `batch ${dropped.batchId} (${dropped.changes.length} changes)`;
      options.fail({ code: 'sync_overflow', message: `sync outbox full: dropped ${what}` });
    }
    options.persist(outbox);
    options.onChange();
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
      response = await options.fetch(options.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(batch) });
    } catch {
      return NaN;
    }
    if (response.ok) return null;
    if (response.status >= 500 || response.status === 408 || response.status === 429) {
      const seconds = Number(response.headers.get('Retry-After'));
      return Number.isFinite(seconds) && seconds > 0 ? seconds * 1000 : NaN;
    }
    const what = 'op' in batch ? 'forget request' : `batch ${batch.batchId}`;
    options.fail({ code: 'sync_failed', message: `sync ${options.url}: HTTP ${response.status}; ${what} dropped` });
    return null;
  }

  function retry(after: number): void {
    const backoff = Math.min(MAX_BACKOFF_MS, 1000 * 2 ** attempt++) * (0.5 + Math.random() / 2);
    clearTimeout(retryTimer);
    retryTimer = setTimeout(() => void deliver(), Number.isNaN(after) ? backoff : after);
  }

  const deliver = () => (sending ??= deliverAll().finally(() => (sending = null)));

  return {
    record(changes) {
      pending.push(...changes);
      pendingId ||= options.uuid();
      batchTimer ??= setTimeout(() => (enqueue(), void deliver()), SYNC_DELAY_MS);
      options.onChange();
    },
    async flush() {
      enqueue();
      await deliver();
    },
    outbox: () => outbox,
    preview: () =>
      pending.length ? [...outbox, { v: 1, batchId: pendingId, sentAt: '', ...options.snapshot(), changes: pending }] : outbox,
    seal(sent) {
      const count = sent.find((batch) => batch.batchId === pendingId)?.count ?? 0;
      if (!count) return;
      const later = pending.splice(count);
      enqueue();
      void deliver();
      if (later.length) this.record(later);
    },
    resume() {
      clearTimeout(retryTimer);
      attempt = 0;
      void deliver();
    },
    stop() {
      stopped = true;
      clearTimeout(batchTimer);
      clearTimeout(retryTimer);
    },
  };
}
