import { expect, test } from 'vitest';
import type { ForgetRequest, SyncBatch } from '../../../workers/createSync';
import { KEEPALIVE_BUDGET, unloadCopy } from '../../../workers/unloadCopy';

const batch = (batchId: string, changes = 1, pad = '') =>
  ({ v: 1, batchId, sentAt: '', anonymousId: 'v1', userId: null, modelVersion: null, bot: false, segments: [], pad, changes: Array.from({ length: changes }, (_, i) => ({ id: `s${i}`, op: 'enter', at: i, source: 'rule' })) }) as unknown as SyncBatch;
const forget: ForgetRequest = { v: 1, op: 'forget', anonymousId: 'v1', userId: null };

test('each batch is a body stamped as sent now, forget requests go as they are, and only batches are sealed', () => {
  const before = Date.now();
  const { bodies, sealed } = unloadCopy([forget, batch('a', 2)]);
  const [sentForget, sentBatch] = bodies.map((b) => JSON.parse(b));
  expect(sentForget).toEqual(forget);
  expect(sentBatch).toMatchObject({ batchId: 'a', changes: [{ id: 's0' }, { id: 's1' }] });
  expect(Date.parse(sentBatch.sentAt)).toBeGreaterThanOrEqual(before - 1000);
  expect(sealed).toEqual([{ batchId: 'a', count: 2 }]);
  expect(unloadCopy([])).toEqual({ bodies: [], sealed: [] });
});

test('bodies stop at the first that would take them over 64 KiB, counted in UTF-8 bytes; what is cut is not sealed', () => {
  const { bodies, sealed } = unloadCopy([batch('big', 1, 'x'.repeat(40 * 1024)), batch('too-much', 1, 'x'.repeat(40 * 1024)), batch('small')]);
  expect(bodies.map((b) => JSON.parse(b).batchId)).toEqual(['big']);
  expect(sealed).toEqual([{ batchId: 'big', count: 1 }]);
  // 30 000 characters, 90 000 bytes: over the budget however few characters it is.
  const wide = unloadCopy([batch('wide', 1, '€'.repeat(30_000))]);
  expect(wide.bodies).toEqual([]);
  expect(new Blob(unloadCopy([batch('a'), batch('b')]).bodies).size).toBeLessThanOrEqual(KEEPALIVE_BUDGET);
});
