import { expect, test } from 'vitest';
import type { ForgetRequest, SyncBatch } from '../../../workers/createSync';
import { KEEPALIVE_BUDGET, unloadCopy } from '../../../workers/unloadCopy';

const batch = (batchId: string, changes = 1, pad = '') =>
  ({ v: 1, batchId, sentAt: '', anonymousId: 'v1', userId: null, modelVersion: null, bot: false, segments: [], pad, changes: Array.from({ length: changes }, (_, i) => ({ id: `s${i}`, op: 'enter', at: i, source: 'rule' })) }) as unknown as SyncBatch;
const forget: ForgetRequest = { v: 1, op: 'forget', anonymousId: 'v1', userId: null };

const json = (bodies: Blob[]) => Promise.all(bodies.map(async (b) => JSON.parse(await b.text())));

test('each batch is a JSON body stamped as sent now, forget requests go as they are, and only batches are sealed', async () => {
  const before = Date.now();
  const { bodies, sealed } = unloadCopy('/sync', [forget, batch('a', 2)]);
  expect(bodies.map((b) => b.type)).toEqual(['application/json', 'application/json']); // the request's content-type
  const [sentForget, sentBatch] = await json(bodies);
  expect(sentForget).toEqual(forget);
  expect(sentBatch).toMatchObject({ batchId: 'a', changes: [{ id: 's0' }, { id: 's1' }] });
  expect(Date.parse(sentBatch.sentAt)).toBeGreaterThanOrEqual(before - 1000);
  expect(sealed).toEqual([{ batchId: 'a', count: 2 }]);
  expect(unloadCopy('/sync', [])).toEqual({ url: '/sync', bodies: [], sealed: [] });
});

test('bodies stop at the first that would take them over 64 KiB, counted in UTF-8 bytes; what is cut is not sealed', async () => {
  const { bodies, sealed } = unloadCopy('/sync', [batch('big', 1, 'x'.repeat(40 * 1024)), batch('too-much', 1, 'x'.repeat(40 * 1024)), batch('small')]);
  expect((await json(bodies)).map((b) => b.batchId)).toEqual(['big']);
  expect(sealed).toEqual([{ batchId: 'big', count: 1 }]);
  // 30 000 characters, 90 000 bytes: over the budget however few characters it is.
  const wide = unloadCopy('/sync', [batch('wide', 1, '€'.repeat(30_000))]);
  expect(wide.bodies).toEqual([]);
  const two = unloadCopy('/sync', [batch('a', 1, 'x'.repeat(30 * 1024)), batch('b', 1, 'x'.repeat(30 * 1024))]);
  expect(two.bodies).toHaveLength(2); // together under the budget
  expect(new Blob(two.bodies).size).toBeLessThanOrEqual(KEEPALIVE_BUDGET);
});
