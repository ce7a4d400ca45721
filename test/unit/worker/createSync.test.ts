// Batches with no change: a feature vector alone goes only when it changed, at most once per VECTOR_INTERVAL_MS.
import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import { createSync, SYNC_DELAY_MS, VECTOR_INTERVAL_MS, type SyncBatch } from '../../../workers/createSync';

const URL = 'https://example.test/seglet/sync';

/** A sync over a feature vector the test sets (none: the model collects none), with every POST body recorded. */
function page(options: { vector?: Record<string, number> | null; mark?: unknown; posted?: SyncBatch[] } = {}) {
  const state = { vector: options.vector === undefined ? { page_views_session: 1 } : options.vector };
  const posted = options.posted ?? [];
  const sync = createSync({
    url: URL,
    fetch: (async (_url: unknown, init?: RequestInit) => (posted.push(JSON.parse(String(init?.body))), new Response(null, { status: 200 }))) as typeof fetch,
    outbox: [],
    snapshot: () => ({ anonymousId: 'a', userId: null, modelVersion: 'm1', bot: false, segments: [], ...(state.vector && { features: { ...state.vector } }) }),
    persist: () => {},
    fail: () => {},
    uuid: () => crypto.randomUUID(),
    onChange: () => {},
    allowed: () => true,
    mark: options.mark,
  });
  /** What hiding or leaving a page does: flush, and let delivery run. */
  const flush = async () => (void sync.flush(), await vi.advanceTimersByTimeAsync(0));
  return { sync, state, posted, flush };
}
const change = (id: string) => ({ id, op: 'enter' as const, at: Date.now(), source: 'rule' as const });
const shape = (posted: SyncBatch[]) => posted.map((b) => ({ changes: b.changes.map((c) => c.id), features: b.features ?? null }));

beforeEach(() => void vi.useFakeTimers({ now: Date.UTC(2026, 11, 6, 12) }));
afterEach(() => void vi.useRealTimers());

describe('a batch with no change', () => {
  test('hidden, then left 10 ms later with the same vector: one batch, not two twins', async () => {
    const { state, posted, flush } = page();
    await flush();
    await vi.advanceTimersByTimeAsync(10);
    await flush();
    expect(shape(posted)).toEqual([{ changes: [], features: state.vector }]);
  });

  test('goes only with a changed vector, at most once per VECTOR_INTERVAL_MS', async () => {
    const { state, posted, flush } = page();
    await flush();
    state.vector = { page_views_session: 2 };
    await vi.advanceTimersByTimeAsync(VECTOR_INTERVAL_MS - 1);
    await flush(); // changed, but too soon
    expect(posted).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    await flush(); // changed, and a full interval since the last vector
    expect(shape(posted).map((b) => b.features)).toEqual([{ page_views_session: 1 }, { page_views_session: 2 }]);
    await vi.advanceTimersByTimeAsync(10 * VECTOR_INTERVAL_MS);
    await flush(); // unchanged: however long it has been
    expect(posted).toHaveLength(2);
  });

  test('never goes when the model collects no vector', async () => {
    const { posted, flush } = page({ vector: null });
    await flush();
    await vi.advanceTimersByTimeAsync(VECTOR_INTERVAL_MS);
    await flush();
    expect(posted).toEqual([]);
  });

  test('a batch with changes always goes, carries the vector, and counts as the last vector sent', async () => {
    const { sync, state, posted, flush } = page();
    sync.record([change('reader')]);
    await vi.advanceTimersByTimeAsync(SYNC_DELAY_MS);
    state.vector = { page_views_session: 2 };
    sync.record([change('fan')]); // a change goes at once, whatever the vector's interval
    await flush();
    await flush(); // hidden: the vector is the one the last batch carried
    expect(shape(posted)).toEqual([
      { changes: ['reader'], features: { page_views_session: 1 } },
      { changes: ['fan'], features: { page_views_session: 2 } },
    ]);
    expect(sync.mark()).toEqual({ features: JSON.stringify(state.vector), at: Date.now() });
  });

  test('a clock set back by more than the interval counts as time passed', async () => {
    const { state, posted, flush } = page();
    await flush();
    vi.setSystemTime(Date.now() - 2 * VECTOR_INTERVAL_MS);
    state.vector = { page_views_session: 2 };
    await flush();
    expect(posted).toHaveLength(2);
  });
});

describe('the last vector sent, across pages', () => {
  test('a 2-page visit sends its changes and at most one batch with only a vector', async () => {
    const posted: SyncBatch[] = [];
    const first = page({ posted });
    first.sync.record([change('reader')]);
    await vi.advanceTimersByTimeAsync(SYNC_DELAY_MS);
    first.state.vector = { page_views_session: 1, dwell_avg_s: 4 };
    await first.flush(); // hidden
    await first.flush(); // left
    const mark = structuredClone(first.sync.mark()); // saved with the visitor's state
    await vi.advanceTimersByTimeAsync(5000);
    const second = page({ posted, mark, vector: { page_views_session: 2, dwell_avg_s: 4 } });
    await second.flush();
    await vi.advanceTimersByTimeAsync(VECTOR_INTERVAL_MS);
    second.state.vector = { page_views_session: 2, dwell_avg_s: 30 };
    await second.flush(); // hidden a minute later: one vector batch
    await vi.advanceTimersByTimeAsync(10);
    await second.flush(); // left: nothing new
    expect(shape(posted)).toEqual([
      { changes: ['reader'], features: { page_views_session: 1 } },
      { changes: [], features: { page_views_session: 2, dwell_avg_s: 30 } },
    ]);
  });

  test('a saved mark that is not one counts as none', async () => {
    for (const mark of [null, 'x', 42, { features: 1, at: 1 }, { features: '{}' }, [], { at: Date.now() }]) {
      const { posted, flush } = page({ mark });
      await flush();
      expect(posted, JSON.stringify(mark)).toHaveLength(1);
    }
  });
});

test('a start whose outbox still holds a vector batch (an earlier page\'s) sends no twin of it', async () => {
  const vector = { page_views_session: 1 };
  const left = { v: 1, batchId: 'left', sentAt: '', anonymousId: 'a', userId: null, modelVersion: 'm1', bot: false, segments: [], changes: [], features: vector } as SyncBatch;
  const posted: SyncBatch[] = [];
  const sync = createSync({
    url: URL,
    fetch: (async (_url: unknown, init?: RequestInit) => (posted.push(JSON.parse(String(init?.body))), new Response(null, { status: 200 }))) as typeof fetch,
    outbox: [structuredClone(left)],
    snapshot: () => ({ anonymousId: 'a', userId: null, modelVersion: 'm1', bot: false, segments: [], features: { ...vector } }),
    persist: () => {},
    fail: () => {},
    uuid: () => crypto.randomUUID(),
    onChange: () => {},
    allowed: () => true,
  });
  void sync.flush(); // what a start does with a non-empty outbox
  await vi.advanceTimersByTimeAsync(0);
  expect(posted.map((b) => b.batchId)).toEqual(['left']);
});
