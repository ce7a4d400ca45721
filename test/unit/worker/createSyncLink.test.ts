import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import type { Engine } from '../../../src/engine/createEngine';
import { createSync, SYNC_DELAY_MS, type SyncBatch } from '../../../workers/createSync';
import { createSyncLink, MAX_HELD_CHANGES } from '../../../workers/createSyncLink';

const URL = 'https://example.test/seglet/sync';

/** An engine as sync reads it: its memberships and features, nothing else. */
const engine = { getFeatures: () => ({ bot_score: 0 }), getMemberships: () => [] } as unknown as Engine;

const change = (entered: string[], exited: string[] = [], at = 1) => ({ segments: entered, entered, exited, cluster: null, at, holdouts: [] });

/** A link, with every POST body and every mirror to the page recorded (the lifecycle sets its mode). */
function link() {
  const posted: Record<string, unknown>[] = [];
  const mirrored: unknown[][] = [];
  const fetch = vi.fn(async (_url: unknown, init?: RequestInit) => {
    posted.push(JSON.parse(String(init?.body)));
    return new Response(null, { status: 200 });
  });
  const sync = createSyncLink({
    fetch: fetch as unknown as typeof globalThis.fetch,
    uuid: () => crypto.randomUUID(),
    fail: () => {},
    persist: () => {},
    onOnline: () => {},
    mirror: (_url, batches) => void mirrored.push(batches),
    engine: () => engine,
    model: () => undefined,
    anonymousId: () => 'visitor-1',
    userId: () => null,
  });
  return { sync, posted, mirrored };
}

beforeEach(() => void vi.useFakeTimers());
afterEach(() => void vi.useRealTimers());

describe('sync after consent is withdrawn', () => {
  test('the exits that denial causes, and the change still waiting for its batch, are never sent', async () => {
    const { sync, posted, mirrored } = link();
    sync.start(URL, undefined);
    sync.record(change(['reader']));
    expect(mirrored.at(-1)).toHaveLength(1); // the page holds the pending batch, to send on pagehide
    sync.stop(); // consent denied
    sync.record(change([], ['reader'], 2));
    await vi.advanceTimersByTimeAsync(SYNC_DELAY_MS * 3);
    sync.flush();
    await vi.advanceTimersByTimeAsync(SYNC_DELAY_MS * 3);
    expect(posted).toEqual([]);
    expect(mirrored.at(-1)).toEqual([]); // and the page's copy is dropped too
  });

  test('with no change at denial, a batch that was waiting is not sent either', async () => {
    const { sync, posted } = link();
    sync.start(URL, undefined);
    sync.record(change(['reader']));
    sync.stop(); // consent denied
    await vi.advanceTimersByTimeAsync(SYNC_DELAY_MS * 3);
    expect(posted).toEqual([]);
  });

  test('granted again later: sync starts afresh, with nothing from before the denial', async () => {
    const { sync, posted } = link();
    sync.start(URL, undefined);
    sync.record(change(['reader']));
    sync.stop(); // consent denied
    sync.record(change([], ['reader'], 2));
    sync.start(URL, undefined); // granted again
    sync.record(change(['fan'], [], 3));
    await vi.advanceTimersByTimeAsync(SYNC_DELAY_MS + 10);
    expect(posted.map((b) => b.changes)).toEqual([[{ id: 'fan', op: 'enter', at: 3, source: 'rule' }]]);
  });
});

test(`changes held while sync may not send are bounded (${MAX_HELD_CHANGES}, the latest kept) and go in the first batch`, async () => {
  const { sync, posted } = link();
  sync.hold(); // consent pending
  for (let at = 1; at <= MAX_HELD_CHANGES + 5; at++) sync.record(change([`s${at}`], [], at));
  sync.start(URL, undefined); // granted
  await vi.advanceTimersByTimeAsync(SYNC_DELAY_MS + 10);
  const [batch] = posted as { changes: { at: number }[] }[];
  expect(batch!.changes).toHaveLength(MAX_HELD_CHANGES);
  expect(batch!.changes[0]!.at).toBe(6);
});

test('a stopped sync posts no further batch, even from an outbox it was sending', async () => {
  const batch = (batchId: string) => ({ v: 1, batchId, sentAt: '', anonymousId: 'a', userId: null, modelVersion: null, bot: false, segments: [], changes: [] }) as SyncBatch;
  let answer: (response: Response) => void = () => {};
  const fetch = vi.fn(() => new Promise<Response>((resolve) => (answer = resolve)));
  const sync = createSync({
    url: URL,
    fetch: fetch as unknown as typeof globalThis.fetch,
    outbox: [batch('one'), batch('two')],
    snapshot: () => ({ anonymousId: 'a', userId: null, modelVersion: null, bot: false, segments: [] }),
    persist: () => {},
    fail: () => {},
    uuid: () => crypto.randomUUID(),
    onChange: () => {},
    allowed: () => true,
  });
  void sync.flush();
  await vi.advanceTimersByTimeAsync(0);
  expect(fetch).toHaveBeenCalledTimes(1);
  sync.stop(); // e.g. forget(): the rest of the old visitor's outbox must not follow the forget request
  answer(new Response(null, { status: 200 }));
  await vi.advanceTimersByTimeAsync(60_000);
  expect(fetch).toHaveBeenCalledTimes(1);
});

describe('the page\'s copy of what is still to deliver', () => {
  test('a change is copied at once; its batch is not copied again when the timer makes it; delivery takes it back', async () => {
    const { sync, posted, mirrored } = link();
    sync.start(URL, undefined);
    sync.record(change(['reader']));
    expect(mirrored).toHaveLength(1);
    const [copy] = mirrored[0] as [{ batchId: string; changes: unknown[] }];
    expect(copy.changes).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(SYNC_DELAY_MS + 10);
    expect(posted.map((b) => b.batchId)).toEqual([copy.batchId]);
    // Made, sent and delivered: one copy of the change, then nothing left.
    expect(mirrored).toEqual([[copy], []]);
  });

  test('a batch with a feature vector and no change (nothing copied before) is copied when it is made', async () => {
    const posted: unknown[] = [];
    const mirrored: unknown[][] = [];
    let answer: (response: Response) => void = () => {};
    const sync = createSync({
      url: URL,
      fetch: (async (_url: unknown, init?: RequestInit) => (posted.push(init?.body), new Promise<Response>((resolve) => (answer = resolve)))) as typeof fetch,
      outbox: [],
      snapshot: () => ({ anonymousId: 'a', userId: null, modelVersion: 'm1', bot: false, segments: [], features: { page_velocity: 1 } }),
      persist: () => {},
      fail: () => {},
      uuid: () => crypto.randomUUID(),
      onChange: () => void mirrored.push([...sync.preview()]),
      allowed: () => true,
    });
    void sync.flush();
    expect(mirrored).toHaveLength(1);
    expect(mirrored[0]).toEqual([expect.objectContaining({ features: { page_velocity: 1 }, changes: [] })]);
    answer(new Response(null, { status: 200 }));
    await vi.advanceTimersByTimeAsync(0);
    expect(mirrored.at(-1)).toEqual([]);
    expect(posted).toHaveLength(1);
  });
});
