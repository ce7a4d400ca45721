// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import type { Scalar } from '../../../src/engine/types';
import { createTracker, type Tracker } from '../../../src/tracker/createTracker';
import { trackPages } from '../../../src/tracker/trackPages';
import type { ScrollTracker } from '../../../src/tracker/trackScroll';
import {
  createSink, moveTo, pageTransition, resetPage, restoreHistory, restoreStubs, restoreVisibility, setVisibility,
  settle, stubGetter, useFakeClock,
} from './harness';

const T0 = Date.UTC(2026, 0, 1);
const originalPush = History.prototype.pushState;
const originalReplace = History.prototype.replaceState;

let tracker: Tracker | undefined;
let sink: ReturnType<typeof createSink>;
let onHide: ReturnType<typeof vi.fn<() => void>>;

function start(): Tracker {
  tracker = createTracker(sink.deliver, onHide);
  return tracker;
}

/** `name path` of every delivered page event, in order. */
const pageEvents = () =>
  sink.events().filter((e) => e.name.startsWith('page_')).map((e) => `${e.name} ${e.props!.path}`);

beforeEach(() => {
  useFakeClock(T0);
  resetPage('/');
  sink = createSink();
  onHide = vi.fn();
  // A 10 000 px page in a 1 000 px viewport, at the top (happy-dom has no layout).
  stubGetter(document.documentElement, 'scrollHeight', () => 10_000);
  stubGetter(window, 'innerHeight', () => 1000);
  stubGetter(window, 'scrollY', () => 0);
});

afterEach(() => {
  tracker?.stop();
  tracker = undefined;
  restoreHistory();
  restoreStubs();
  restoreVisibility();
  delete (document as { prerendering?: boolean }).prerendering;
  vi.useRealTimers();
  vi.restoreAllMocks();
  resetPage('/');
});

describe('page_view on start', () => {
  test('carries the path, the referrer origin only, and the title', async () => {
    resetPage('/pricing?plan=pro&utm_source=ad#faq');
    document.title = 'Pricing – Acme';
    stubGetter(document, 'referrer', () => 'https://news.example.org/a/b?x=1');
    start();
    await settle();
    expect(sink.events()).toEqual([
      {
        name: 'page_view',
        at: T0,
        props: { path: '/pricing?utm_source=ad', referrer: 'https://news.example.org', title: 'Pricing – Acme' },
      },
    ]);
  });

  test('an empty referrer stays empty and a long title is cut to 200 characters', async () => {
    stubGetter(document, 'referrer', () => '');
    document.title = 'T'.repeat(300);
    start();
    await settle();
    expect(sink.events('page_view')[0]!.props).toEqual({ path: '/', referrer: '', title: 'T'.repeat(200) });
  });

  test('a prerendered page gets its page_view only once activated', async () => {
    Object.defineProperty(document, 'prerendering', { configurable: true, value: true });
    stubGetter(document, 'referrer', () => 'https://search.example.com/?q=shoes');
    start();
    await settle();
    expect(sink.deliver).not.toHaveBeenCalled();

    vi.setSystemTime(T0 + 5000);
    Object.defineProperty(document, 'prerendering', { configurable: true, value: false });
    document.dispatchEvent(new Event('prerenderingchange'));
    document.dispatchEvent(new Event('prerenderingchange'));
    await settle();
    expect(sink.events()).toEqual([
      { name: 'page_view', at: T0 + 5000, props: { path: '/', referrer: 'https://search.example.com', title: '' } },
    ]);
  });

  test('a prerendered page that is stopped before activation never reports a view', async () => {
    Object.defineProperty(document, 'prerendering', { configurable: true, value: true });
    start().stop();
    Object.defineProperty(document, 'prerendering', { configurable: true, value: false });
    document.dispatchEvent(new Event('prerenderingchange'));
    await settle();
    expect(sink.deliver).not.toHaveBeenCalled();
  });

  test('navigation while still prerendering is not a page view', async () => {
    Object.defineProperty(document, 'prerendering', { configurable: true, value: true });
    start();
    history.pushState({}, '', '/elsewhere');
    await settle();
    expect(sink.deliver).not.toHaveBeenCalled();
  });
});

describe('SPA navigation', () => {
  test('pushState to a new path: page_leave for the old path, then page_view for the new one', async () => {
    start();
    document.title = 'Cart';
    history.pushState({ id: 1 }, '', '/cart?session=abc');
    await settle();
    expect(location.pathname).toBe('/cart');
    expect(history.state).toEqual({ id: 1 });
    expect(pageEvents()).toEqual(['page_view /', 'page_leave /', 'page_view /cart']);
    expect(sink.events('page_view')[1]!.props).toEqual({ path: '/cart', referrer: '', title: 'Cart' });
  });

  test('page() records a view by hand, ending the current one, even on the same path', async () => {
    start().page();
    await settle();
    expect(pageEvents()).toEqual(['page_view /', 'page_leave /', 'page_view /']);
  });

  test('pushState or replaceState that keeps the path is not a navigation', async () => {
    start();
    await settle();
    history.replaceState({ scroll: 10 }, '', '/');
    history.pushState({ tab: 2 }, '', '/?tab=2');
    history.replaceState(null, '');
    await settle();
    expect(pageEvents()).toEqual(['page_view /']);
  });

  test('replaceState to a new path is a navigation', async () => {
    start();
    history.replaceState(null, '', '/login');
    await settle();
    expect(pageEvents()).toEqual(['page_view /', 'page_leave /', 'page_view /login']);
  });

  test('popstate (back/forward) is a navigation', async () => {
    resetPage('/a');
    start();
    moveTo('/b');
    window.dispatchEvent(new PopStateEvent('popstate', { state: null }));
    await settle();
    expect(pageEvents()).toEqual(['page_view /a', 'page_leave /a', 'page_view /b']);
  });

  test('a hash route change (#/cart) is a navigation', async () => {
    resetPage('/app/');
    start();
    location.hash = '#/cart';
    await vi.waitFor(() => expect(pageEvents()).toEqual(['page_view /app/', 'page_leave /app/', 'page_view /app/#/cart']));
  });

  test('a hashchange event with a new hash route is a navigation, once', async () => {
    resetPage('/app/');
    start();
    moveTo('/app/#!/orders');
    window.dispatchEvent(new HashChangeEvent('hashchange'));
    window.dispatchEvent(new PopStateEvent('popstate'));
    await settle();
    expect(pageEvents()).toEqual(['page_view /app/', 'page_leave /app/', 'page_view /app/#!/orders']);
  });

  test('a plain anchor hash (#section) is not a page view', async () => {
    resetPage('/docs');
    start();
    location.hash = '#section';
    moveTo('/docs#other');
    window.dispatchEvent(new HashChangeEvent('hashchange'));
    window.dispatchEvent(new PopStateEvent('popstate'));
    await settle();
    expect(pageEvents()).toEqual(['page_view /docs']);
  });

  test('stop() removes the history patch', async () => {
    const before = history.pushState;
    expect(before).toBe(originalPush);
    start();
    expect(history.pushState).not.toBe(originalPush);
    expect(history.replaceState).not.toBe(originalReplace);
    tracker!.stop();
    expect(history.pushState).toBe(originalPush);
    expect(history.replaceState).toBe(originalReplace);
    await settle();
    sink.deliver.mockClear();
    history.pushState(null, '', '/after-stop');
    window.dispatchEvent(new PopStateEvent('popstate'));
    await settle();
    expect(location.pathname).toBe('/after-stop');
    expect(sink.deliver).not.toHaveBeenCalled();
  });

  test('stop() leaves in place a wrapper another script installed after seglet', () => {
    start();
    const sure = history.pushState;
    const theirs = function (this: History, ...args: Parameters<History['pushState']>) {
      return sure.apply(this, args);
    };
    history.pushState = theirs;
    tracker!.stop();
    expect(history.pushState).toBe(theirs);
    expect(history.replaceState).toBe(originalReplace);
  });

  test('pushState still works when seglet\'s own callback throws', () => {
    let broken = false;
    const capture = vi.fn((_name: string, _props: Record<string, Scalar>) => {
      if (broken) throw new Error('seglet failed');
    });
    const scroll: ScrollTracker = { read: () => 0, reset() {}, stop() {} };
    const { stop } = trackPages(capture, scroll, () => {});
    try {
      broken = true;
      let result: unknown = 'unset';
      expect(() => {
        result = history.pushState({ n: 1 }, '', '/next');
      }).not.toThrow();
      expect(result).toBeUndefined();
      expect(location.pathname).toBe('/next');
      expect(history.state).toEqual({ n: 1 });
      expect(capture).toHaveBeenCalledWith('page_leave', expect.anything()); // the callback did run, and threw
      expect(() => history.replaceState(null, '', '/next-2')).not.toThrow();
      expect(location.pathname).toBe('/next-2');
    } finally {
      stop();
    }
  });
});

describe('back/forward cache and hide', () => {
  test('pagehide: page_leave is delivered, then onHide runs', async () => {
    start();
    const seenByOnHide: string[][] = [];
    onHide.mockImplementation(() => seenByOnHide.push(sink.names()));
    document.body.innerHTML = '<button id="buy">Buy</button>';
    document.querySelector('button')!.click();
    window.dispatchEvent(pageTransition('pagehide', true));
    // Synchronously, before any microtask: the page may be frozen right after pagehide.
    expect(onHide).toHaveBeenCalledTimes(1);
    expect(seenByOnHide).toEqual([['page_view', 'click', 'page_leave']]);
    expect(sink.deliver.mock.invocationCallOrder.at(-1)!).toBeLessThan(onHide.mock.invocationCallOrder[0]!);
    await settle();
    expect(sink.batches).toHaveLength(1);
  });

  test('a second pagehide does not leave the page twice', async () => {
    start();
    window.dispatchEvent(pageTransition('pagehide', false));
    window.dispatchEvent(pageTransition('pagehide', false));
    await settle();
    expect(pageEvents()).toEqual(['page_view /', 'page_leave /']);
    expect(onHide).toHaveBeenCalledTimes(2);
  });

  test('a pageshow restoring from the back/forward cache is a new page view', async () => {
    stubGetter(document, 'referrer', () => 'https://news.example.org/story');
    start();
    window.dispatchEvent(pageTransition('pagehide', true));
    vi.setSystemTime(T0 + 60_000);
    window.dispatchEvent(pageTransition('pageshow', true));
    await settle();
    expect(pageEvents()).toEqual(['page_view /', 'page_leave /', 'page_view /']);
    const restored = sink.events('page_view')[1]!;
    expect(restored.at).toBe(T0 + 60_000);
    expect(restored.props!.referrer).toBe('');
  });

  test('a pageshow that is not a restore is not a page view', async () => {
    start();
    window.dispatchEvent(pageTransition('pageshow', false));
    await settle();
    expect(pageEvents()).toEqual(['page_view /']);
  });

  test('hiding the tab delivers pending events, then calls onHide, without leaving the page', async () => {
    start();
    setVisibility('hidden');
    expect(sink.names()).toEqual(['page_view']);
    expect(onHide).toHaveBeenCalledTimes(1);
    expect(sink.deliver.mock.invocationCallOrder[0]!).toBeLessThan(onHide.mock.invocationCallOrder[0]!);
    setVisibility('visible');
    expect(onHide).toHaveBeenCalledTimes(1);
    await settle();
    expect(pageEvents()).toEqual(['page_view /']);
  });
});

describe('page_leave dwell_ms', () => {
  const at = (seconds: number) => vi.setSystemTime(T0 + seconds * 1000);
  const leaveDwell = () => sink.events('page_leave').map((e) => e.props!.dwell_ms);

  test('counts visible, active time only', async () => {
    start();
    at(10);
    window.dispatchEvent(new Event('pointerdown'));
    at(20);
    setVisibility('hidden'); // 20 s so far
    at(50);
    setVisibility('visible'); // coming back counts as activity
    at(100); // idle since 80 s: 30 s more
    window.dispatchEvent(pageTransition('pagehide', false));
    await settle();
    expect(leaveDwell()).toEqual([50_000]);
  });

  test('stops 30 s after the last activity and resumes on activity', async () => {
    start();
    at(25);
    window.dispatchEvent(new KeyboardEvent('keydown', { key: 'a' }));
    at(150); // idle from 55 s
    window.dispatchEvent(new Event('scroll')); // the page scrolling itself: not the visitor
    at(200);
    window.dispatchEvent(new Event('pointermove'));
    at(210);
    document.dispatchEvent(new Event('wheel', { bubbles: true })); // heard on the way through window
    at(215);
    window.dispatchEvent(pageTransition('pagehide', false));
    await settle();
    expect(leaveDwell()).toEqual([55_000 + 15_000]);
  });

  test('each SPA page view counts its own dwell', async () => {
    start();
    at(12);
    history.pushState(null, '', '/next');
    at(20);
    window.dispatchEvent(new Event('pointermove'));
    at(21.5);
    window.dispatchEvent(pageTransition('pagehide', false));
    await settle();
    expect(sink.events('page_leave').map((e) => [e.props!.path, e.props!.dwell_ms])).toEqual([
      ['/', 12_000],
      ['/next', 9_500],
    ]);
  });
});
