// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import { createTracker, type Tracker } from '../../../src/tracker/createTracker';
import {
  createSink, resetPage, restoreHistory, restoreStubs, settle, stubGetter, useFakeClock,
} from './harness';

const T0 = Date.UTC(2026, 0, 1);
let tracker: Tracker | undefined;
let sink: ReturnType<typeof createSink>;
let onHide: ReturnType<typeof vi.fn<() => void>>;

beforeEach(() => {
  useFakeClock(T0);
  resetPage('/shop');
  stubGetter(document.documentElement, 'scrollHeight', () => 10_000);
  stubGetter(window, 'innerHeight', () => 1000);
  stubGetter(window, 'scrollY', () => 0);
  document.body.innerHTML = `
    <button id="buy">Buy</button>
    <form name="newsletter"><input name="email"></form>`;
  sink = createSink();
  onHide = vi.fn();
});

/** Starts the tracker in the current task: its page_view joins that task's batch. */
const start = () => {
  tracker = createTracker(sink.deliver, onHide);
};

afterEach(() => {
  tracker?.stop();
  restoreHistory();
  restoreStubs();
  vi.useRealTimers();
  vi.restoreAllMocks();
  resetPage('/');
});

const buy = () => document.querySelector<HTMLButtonElement>('#buy')!;
const email = () => document.querySelector<HTMLInputElement>('[name=email]')!;

describe('createTracker batching', () => {
  test('events captured in one task arrive in one deliver call, at the end of the task', async () => {
    start();
    buy().click();
    email().focus();
    email().dispatchEvent(new Event('change', { bubbles: true }));
    tracker!.capture('add_to_cart', { sku: 'A1', price: 49 });
    expect(sink.deliver).not.toHaveBeenCalled(); // not one call per event, not synchronously
    await settle();
    expect(sink.deliver).toHaveBeenCalledTimes(1);
    expect(sink.names()).toEqual(['page_view', 'click', 'form_focus', 'form_change', 'add_to_cart']);
  });

  test('each task gets its own batch, with the events of that task only', async () => {
    start();
    await settle();
    buy().click();
    buy().click();
    await settle();
    vi.setSystemTime(T0 + 1000);
    tracker!.capture('add_to_cart', { sku: 'B2' });
    await settle();
    expect(sink.batches.map((batch) => batch.map((e) => e.name))).toEqual([
      ['page_view'],
      ['click', 'click'],
      ['add_to_cart'],
    ]);
  });

  test('events carry their name, capture time and props', async () => {
    start();
    await settle();
    vi.setSystemTime(T0 + 2500);
    tracker!.capture('add_to_cart', { sku: 'A1', price: 49, gift: false, note: null });
    await settle();
    expect(sink.batches.at(-1)).toEqual([
      { name: 'add_to_cart', at: T0 + 2500, props: { sku: 'A1', price: 49, gift: false, note: null } },
    ]);
  });

  test('flush() hands pending events over at once, and the end of the task then has nothing left', async () => {
    start();
    buy().click();
    tracker!.flush();
    expect(sink.deliver).toHaveBeenCalledTimes(1);
    expect(sink.names()).toEqual(['page_view', 'click']);
    await settle();
    expect(sink.deliver).toHaveBeenCalledTimes(1);
    tracker!.flush(); // nothing pending: no empty batch
    expect(sink.deliver).toHaveBeenCalledTimes(1);
  });

  test('an event captured after an explicit flush in the same task still gets delivered', async () => {
    start();
    tracker!.flush();
    buy().click();
    await settle();
    expect(sink.batches.map((batch) => batch.map((e) => e.name))).toEqual([['page_view'], ['click']]);
  });
});

describe('createTracker stop', () => {
  test('stop() ends clicks, forms, pages and scroll capture', async () => {
    start();
    await settle();
    const raf = vi.spyOn(window, 'requestAnimationFrame');
    tracker!.stop();
    sink.deliver.mockClear();
    buy().click();
    email().focus();
    document.querySelector('form')!.dispatchEvent(new Event('submit', { bubbles: true, cancelable: true }));
    window.dispatchEvent(new Event('scroll'));
    history.pushState(null, '', '/elsewhere');
    window.dispatchEvent(new Event('pagehide'));
    vi.advanceTimersToNextFrame();
    await settle();
    expect(sink.deliver).not.toHaveBeenCalled();
    expect(raf).not.toHaveBeenCalled();
    expect(onHide).not.toHaveBeenCalled();
  });
});
