// @vitest-environment happy-dom
import { afterEach, describe, expect, test } from 'vitest';
import { MAX_ENTRIES, onDataLayer } from '../../../src/integrations/onDataLayer';

type Layer = unknown[] & { push(...entries: unknown[]): number };
const w = window as unknown as { dataLayer?: unknown };
const layer = () => w.dataLayer as Layer;

/** Listens with a fresh log of what the listener got. */
function listen(): unknown[] {
  const seen: unknown[] = [];
  onDataLayer((entry) => seen.push(entry));
  return seen;
}

/** A tag manager the way GTM (and Google's data-layer-helper) replaces push: it calls the push it replaced. */
function installTagManager(): unknown[] {
  const processed: unknown[] = [];
  const dataLayer = layer();
  const previous = dataLayer.push;
  dataLayer.push = function (...entries: unknown[]) {
    const result = previous.apply(dataLayer, entries);
    processed.push(...entries);
    return result;
  };
  return processed;
}

afterEach(() => {
  delete w.dataLayer;
});

describe('onDataLayer', () => {
  test('reads what was pushed before, then each later push, once each and in order', () => {
    w.dataLayer = [{ event: 'a' }, { event: 'b' }];
    const seen = listen();
    layer().push({ event: 'c' }, { event: 'd' });
    layer().push({ event: 'e' });
    expect(seen).toEqual([{ event: 'a' }, { event: 'b' }, { event: 'c' }, { event: 'd' }, { event: 'e' }]);
  });

  test('creates the dataLayer when the page has none, and the GTM snippet keeps using it', () => {
    const seen = listen();
    w.dataLayer = w.dataLayer || [];
    layer().push({ event: 'gtm.js' });
    expect(seen).toEqual([{ event: 'gtm.js' }]);
  });

  test("keeps push's answer, its `this` and what it throws", () => {
    w.dataLayer = [1];
    listen();
    expect(layer().push(2, 3)).toBe(3);
    const detached = layer().push;
    expect(() => detached({ event: 'x' })).toThrow(TypeError);
  });

  test('a tag manager that replaces push after seglet, or before: both work, each entry read once', () => {
    for (const order of ['after', 'before']) {
      w.dataLayer = [{ event: 'early' }];
      let processed: unknown[] = [];
      if (order === 'before') processed = installTagManager();
      const seen = listen();
      if (order === 'after') processed = installTagManager();
      expect(layer().push({ event: 'late' })).toBe(2);
      expect(seen).toEqual([{ event: 'early' }, { event: 'late' }]);
      expect(processed).toContainEqual({ event: 'late' });
    }
  });

  test('an entry that went in without the wrapper is read at the next push; two listeners each read each entry once', () => {
    w.dataLayer = [];
    const first = listen();
    const second = listen();
    Array.prototype.push.call(layer(), { event: 'sneaked' });
    layer().push({ event: 'next' });
    expect(first).toEqual([{ event: 'sneaked' }, { event: 'next' }]);
    expect(second).toEqual(first);
  });

  test('a listener that throws stops neither push nor the other entries', () => {
    w.dataLayer = [{ event: 'bad' }, { event: 'good' }];
    const seen: unknown[] = [];
    onDataLayer((entry) => {
      if ((entry as { event: string }).event === 'bad') throw new Error('listener');
      seen.push(entry);
    });
    expect(layer().push({ event: 'bad' }, { event: 'fine' })).toBe(4);
    expect(seen).toEqual([{ event: 'good' }, { event: 'fine' }]);
  });

  test(`reads at most the latest ${MAX_ENTRIES} entries of a long dataLayer`, () => {
    w.dataLayer = Array.from({ length: MAX_ENTRIES * 20 }, (_, i) => i);
    const seen = listen();
    expect(seen).toHaveLength(MAX_ENTRIES);
    expect(seen[0]).toBe(MAX_ENTRIES * 19);
  });

  test('a dataLayer that is not an array, or one that is frozen, is left as it is', () => {
    const custom = { push: () => 'mine' };
    w.dataLayer = custom;
    expect(listen()).toEqual([]);
    expect(custom.push()).toBe('mine');
    w.dataLayer = Object.freeze([{ event: 'a' }]);
    expect(listen()).toEqual([{ event: 'a' }]);
  });

  test('an array emptied or shortened by the page goes on from its new end', () => {
    w.dataLayer = [1, 2, 3];
    const seen = listen();
    layer().length = 0;
    layer().push(4);
    expect(seen).toEqual([1, 2, 3, 4]);
  });
});
