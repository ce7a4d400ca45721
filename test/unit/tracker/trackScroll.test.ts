// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import type { Scalar } from '../../../src/engine/types';
import { createTracker, type Tracker } from '../../../src/tracker/createTracker';
import { SCROLL_MILESTONES, trackScroll, type ScrollTracker } from '../../../src/tracker/trackScroll';
import {
  createSink, moveTo, resetPage, restoreHistory, restoreStubs, settle, stubGetter, useFakeClock,
} from './harness';

/** happy-dom has no layout: the page is 10 000 px tall in a 1 000 px viewport unless a test says otherwise. */
let height = 10_000;
let y = 0;
let heightReads: ReturnType<typeof stubGetter<number>>;
let yReads: ReturnType<typeof stubGetter<number>>;

/** happy-dom's ResizeObserver never calls back: this one does, when told to. */
class FakeResizeObserver {
  static instances: FakeResizeObserver[] = [];
  observed: Element[] = [];
  disconnected = false;
  constructor(private readonly callback: ResizeObserverCallback) {
    FakeResizeObserver.instances.push(this);
  }
  observe(el: Element) {
    this.observed.push(el);
  }
  unobserve() {}
  disconnect() {
    this.disconnected = true;
  }
  resize() {
    this.callback([], this as unknown as ResizeObserver);
  }
}

beforeEach(() => {
  useFakeClock();
  resetPage('/article');
  height = 10_000;
  y = 0;
  FakeResizeObserver.instances = [];
  vi.stubGlobal('ResizeObserver', FakeResizeObserver);
  heightReads = stubGetter(document.documentElement, 'scrollHeight', () => height);
  yReads = stubGetter(window, 'scrollY', () => y);
  stubGetter(window, 'innerHeight', () => 1000);
});

afterEach(() => {
  vi.restoreAllMocks();
  vi.unstubAllGlobals();
  vi.useRealTimers();
  restoreStubs();
  restoreHistory();
  resetPage('/');
});

function scrollTo(top: number, events = 1): void {
  y = top;
  for (let i = 0; i < events; i++) window.dispatchEvent(new Event('scroll'));
}

describe('trackScroll', () => {
  let capture: ReturnType<typeof vi.fn<(name: string, props: Record<string, Scalar>) => void>>;
  let scroll: ScrollTracker;
  const depths = () => capture.mock.calls.map(([, props]) => props.depth);

  beforeEach(() => {
    capture = vi.fn();
    scroll = trackScroll(capture);
  });

  afterEach(() => scroll.stop());

  test('milestones are 25, 50, 75, 90 and 100', () => {
    expect(SCROLL_MILESTONES).toEqual([25, 50, 75, 90, 100]);
  });

  test('each milestone fires once, in order, when first reached', () => {
    scroll.reset(); // a page view starts: top of the page, 10% seen
    vi.advanceTimersToNextFrame();
    expect(capture).not.toHaveBeenCalled();

    scrollTo(1300); // 23%
    vi.advanceTimersToNextFrame();
    expect(capture).not.toHaveBeenCalled();

    scrollTo(1500); // 25%
    vi.advanceTimersToNextFrame();
    expect(capture.mock.calls).toEqual([['scroll_depth', { path: '/article', depth: 25 }]]);

    scrollTo(500);
    vi.advanceTimersToNextFrame();
    scrollTo(9000); // the bottom: every remaining milestone, in order
    vi.advanceTimersToNextFrame();
    expect(depths()).toEqual([25, 50, 75, 90, 100]);

    scrollTo(0);
    vi.advanceTimersToNextFrame();
    scrollTo(9000);
    vi.advanceTimersToNextFrame();
    expect(depths()).toEqual([25, 50, 75, 90, 100]);
    expect(scroll.read()).toBe(1);
  });

  test('a milestone needs its share of the page, with one pixel of slack and no more', () => {
    scrollTo(1498); // 2498 / 10000: two pixels short of 25%
    vi.advanceTimersToNextFrame();
    expect(depths()).toEqual([]);
    scrollTo(1499); // one pixel short
    vi.advanceTimersToNextFrame();
    expect(depths()).toEqual([25]);
    scrollTo(8998); // two pixels short of the end
    vi.advanceTimersToNextFrame();
    expect(depths()).toEqual([25, 50, 75, 90]);
    scrollTo(8999);
    vi.advanceTimersToNextFrame();
    expect(depths()).toEqual([25, 50, 75, 90, 100]);
  });

  test('read is the deepest share seen, 0–1, rounded to hundredths, and never goes down', () => {
    scrollTo(3333); // (3333 + 1000) / 10000
    vi.advanceTimersToNextFrame();
    expect(scroll.read()).toBe(0.43);
    scrollTo(0);
    vi.advanceTimersToNextFrame();
    expect(scroll.read()).toBe(0.43);
  });

  test('reset starts a new page view: max back to the current position, milestones fire again', () => {
    scrollTo(9000);
    vi.advanceTimersToNextFrame();
    expect(depths()).toEqual([25, 50, 75, 90, 100]);
    y = 0;
    scroll.reset();
    vi.advanceTimersToNextFrame();
    expect(scroll.read()).toBe(0.1);
    scrollTo(4000);
    vi.advanceTimersToNextFrame();
    expect(depths()).toEqual([25, 50, 75, 90, 100, 25, 50]);
  });

  test('a scroll event is measured there and then, with no frame scheduled: the browser fires one per frame', () => {
    const raf = vi.spyOn(window, 'requestAnimationFrame');
    scrollTo(1500);
    expect(yReads).toHaveBeenCalledTimes(1);
    expect(depths()).toEqual([25]);
    scrollTo(5000);
    expect(yReads).toHaveBeenCalledTimes(2);
    expect(depths()).toEqual([25, 50]);
    expect(raf).not.toHaveBeenCalled();
  });

  test('a new page view measures once, on the next frame (when its layout is done)', () => {
    const raf = vi.spyOn(window, 'requestAnimationFrame');
    y = 3000;
    scroll.reset();
    scroll.reset();
    expect(raf).toHaveBeenCalledTimes(1);
    expect(yReads).not.toHaveBeenCalled();
    vi.advanceTimersToNextFrame();
    expect(depths()).toEqual([25]);
  });

  test('the document height is read at start and on resize only, never while scrolling', () => {
    expect(heightReads).toHaveBeenCalledTimes(1);
    for (const top of [1000, 2000, 4000, 8000, 9000]) {
      scrollTo(top, 5);
      expect(heightReads).toHaveBeenCalledTimes(1); // not in the scroll handler
      vi.advanceTimersToNextFrame();
      expect(heightReads).toHaveBeenCalledTimes(1); // not in the frame either: the height is cached
    }
    expect(FakeResizeObserver.instances).toHaveLength(1);
    FakeResizeObserver.instances[0]!.resize();
    expect(heightReads).toHaveBeenCalledTimes(2);
  });

  test('a resize refreshes the cached height and measures again', () => {
    const observer = FakeResizeObserver.instances[0]!;
    expect(observer.observed).toEqual([document.documentElement]);
    scrollTo(4000); // 50% of 10 000 px
    vi.advanceTimersToNextFrame();
    expect(depths()).toEqual([25, 50]);
    height = 5000; // content removed: the same position is now the bottom
    observer.resize();
    vi.advanceTimersToNextFrame();
    expect(depths()).toEqual([25, 50, 75, 90, 100]);
  });

  test('a page shorter than the viewport has been seen whole', () => {
    scroll.stop();
    height = 800;
    scroll = trackScroll(capture);
    scroll.reset();
    vi.advanceTimersToNextFrame();
    expect(depths()).toEqual([25, 50, 75, 90, 100]);
    expect(scroll.read()).toBe(1);
  });

  test('listens passively', () => {
    scroll.stop();
    const add = vi.spyOn(window, 'addEventListener');
    scroll = trackScroll(capture);
    const calls = add.mock.calls.filter(([type]) => type === 'scroll');
    expect(calls).toHaveLength(1);
    expect(calls[0]![2]).toMatchObject({ passive: true });
  });

  test('stop() removes the listener, cancels a pending frame and disconnects the observer', () => {
    y = 9000;
    scroll.reset(); // a frame is pending
    scroll.stop();
    vi.advanceTimersToNextFrame();
    scrollTo(9000);
    vi.advanceTimersToNextFrame();
    expect(capture).not.toHaveBeenCalled();
    expect(FakeResizeObserver.instances[0]!.disconnected).toBe(true);
  });
});

describe('scroll depth through createTracker', () => {
  let tracker: Tracker;
  let sink: ReturnType<typeof createSink>;

  beforeEach(() => {
    sink = createSink();
    tracker = createTracker(sink.deliver, () => {});
  });

  afterEach(() => tracker.stop());

  const scrollEvents = () => sink.events('scroll_depth').map((e) => `${e.props!.path} ${e.props!.depth}`);

  test('milestones reset on SPA navigation, and page_leave carries the deepest scroll of its page', async () => {
    scrollTo(5500); // 65%
    vi.advanceTimersToNextFrame();
    scrollTo(2000);
    vi.advanceTimersToNextFrame();
    await settle();
    expect(scrollEvents()).toEqual(['/article 25', '/article 50']);

    y = 0; // the router scrolls to the top of the new page
    history.pushState({}, '', '/article-2');
    await settle();
    expect(sink.events('page_leave').map((e) => e.props)).toEqual([
      { path: '/article', dwell_ms: expect.any(Number), scroll_depth: 0.65 },
    ]);

    vi.advanceTimersToNextFrame();
    scrollTo(9000);
    vi.advanceTimersToNextFrame();
    await settle();
    expect(scrollEvents()).toEqual([
      '/article 25', '/article 50',
      '/article-2 25', '/article-2 50', '/article-2 75', '/article-2 90', '/article-2 100',
    ]);

    moveTo('/'); // back
    window.dispatchEvent(new PopStateEvent('popstate'));
    await settle();
    expect(sink.events('page_leave').map((e) => e.props!.scroll_depth)).toEqual([0.65, 1]);
  });

  test('page_leave on pagehide reports the scroll depth reached', async () => {
    scrollTo(3000); // 40%
    vi.advanceTimersToNextFrame();
    window.dispatchEvent(new Event('pagehide'));
    await settle();
    expect(sink.events('page_leave')).toHaveLength(1);
    expect(sink.events('page_leave')[0]!.props!.scroll_depth).toBe(0.4);
  });
});
