// @vitest-environment happy-dom
import { afterEach, expect, test } from 'vitest';
import { CACHE_KEY, readSegmentCache, writeSegmentCache } from '../../../src/dom/segmentCache';

afterEach(() => localStorage.clear());

test('segments are cached under one key and read back', () => {
  writeSegmentCache(['reader', 'fan']);
  expect(localStorage.getItem(CACHE_KEY)).toBe('["reader","fan"]');
  expect(readSegmentCache()).toEqual(['reader', 'fan']);
});

test('no segments, or consent withdrawn, leaves no key at all (forget() must leave nothing behind)', () => {
  writeSegmentCache(['reader']);
  writeSegmentCache([]);
  expect(localStorage.getItem(CACHE_KEY)).toBeNull();
  writeSegmentCache(['reader']);
  writeSegmentCache(null);
  expect(localStorage.getItem(CACHE_KEY)).toBeNull();
  expect(readSegmentCache()).toEqual([]);
});
