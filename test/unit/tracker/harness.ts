import { vi } from 'vitest';
import type { SegEvent } from '../../../src/engine/types';

/** Fake clock and frames; microtasks stay real because the tracker batches with `queueMicrotask`. */
export function useFakeClock(now = Date.UTC(2026, 0, 1)): void {
  vi.useFakeTimers({ toFake: ['Date', 'setTimeout', 'clearTimeout', 'requestAnimationFrame', 'cancelAnimationFrame'] });
  vi.setSystemTime(now);
}

/** Runs every microtask queued so far (the tracker's end-of-task flush included). */
export function settle(): Promise<void> {
  return new Promise((resolve) => queueMicrotask(resolve));
}

const restores: Array<() => void> = [];

/** Replaces `target[key]` with a getter until {@link restoreStubs}; returns a spy counting the reads. */
export function stubGetter<T>(target: object, key: string, get: () => T) {
  const own = Object.getOwnPropertyDescriptor(target, key);
  const spy = vi.fn(get);
  Object.defineProperty(target, key, { configurable: true, get: spy });
  restores.push(() => {
    if (own) Object.defineProperty(target, key, own);
    else delete (target as Record<string, unknown>)[key];
  });
  return spy;
}

/** Puts back everything {@link stubGetter} replaced, newest first. */
export function restoreStubs(): void {
  while (restores.length) restores.pop()!();
}

/** Blank page at `url`, set without going through any history patch. */
export function resetPage(url = '/'): void {
  History.prototype.replaceState.call(history, null, '', url);
  document.body.innerHTML = '';
  document.title = '';
}

/** Removes whatever a test left on `history` itself (the methods live on the prototype). */
export function restoreHistory(): void {
  delete (history as unknown as Record<string, unknown>).pushState;
  delete (history as unknown as Record<string, unknown>).replaceState;
}

/** Changes the URL as the browser does on back/forward, without calling `pushState`. */
export function moveTo(url: string): void {
  History.prototype.pushState.call(history, null, '', url);
}

/** happy-dom's `PageTransitionEvent` ignores `persisted`, so it is set by hand. */
export function pageTransition(type: 'pageshow' | 'pagehide', persisted: boolean): Event {
  const event = new Event(type);
  Object.defineProperty(event, 'persisted', { value: persisted });
  return event;
}

/** Makes the page hidden or visible and tells it, as the browser does. */
export function setVisibility(state: 'visible' | 'hidden'): void {
  Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => state });
  Object.defineProperty(document, 'hidden', { configurable: true, get: () => state === 'hidden' });
  document.dispatchEvent(new Event('visibilitychange'));
}

/** Forgets {@link setVisibility}. */
export function restoreVisibility(): void {
  delete (document as unknown as Record<string, unknown>).visibilityState;
  delete (document as unknown as Record<string, unknown>).hidden;
}

/** Collects what the tracker delivers. */
export function createSink() {
  const batches: SegEvent[][] = [];
  const deliver = vi.fn((events: SegEvent[]) => void batches.push(events));
  return {
    batches,
    deliver,
    events: (name?: string) => batches.flat().filter((e) => name === undefined || e.name === name),
    names: () => batches.flat().map((e) => e.name),
  };
}
