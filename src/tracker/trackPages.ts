import { addListener } from '../lib/addListener';
import { whenActivated } from '../lib/whenActivated';
import { createDwellTimer } from './createDwellTimer';
import { getPath } from './getPath';
import { getReferrerOrigin } from './getReferrerOrigin';
import type { ScrollTracker } from './trackScroll';
import type { Capture, Stop } from './types';

/**
 * Inputs that show the visitor is present (for dwell). Not `scroll`: a page scrolls itself too (a router going to
 * the top), and every scroll a visitor makes starts with one of these; one listener less per scrolled frame.
 */
const ACTIVITY = ['pointerdown', 'pointermove', 'keydown', 'wheel', 'touchstart'];

/**
 * Captures page views and page leaves: on load (once a prerendered page is activated), on SPA
 * navigation (History API and hash routes), and on back/forward-cache restores; each view ends with a
 * `page_leave` carrying visible-and-active dwell and the deepest scroll. `page()` records a view by hand.
 */
export function trackPages(
  capture: Capture,
  scroll: ScrollTracker,
  onHide: () => void,
): { stop: Stop; page: () => void } {
  // `hidden` is `visibilityState` other than 'visible': the only other state browsers report now is 'hidden'.
  const dwell = createDwellTimer(Date.now(), !document.hidden);
  let path = '';
  let viewing = false;

  const view = (referrer: string) => {
    path = getPath();
    viewing = true;
    dwell.reset(Date.now());
    scroll.reset();
    capture('page_view', { path, referrer, title: document.title.slice(0, 200) });
  };
  const leave = () => {
    if (!viewing) return;
    viewing = false;
    // Whole milliseconds without rounding: the timer only ever sums differences of Date.now() values.
    capture('page_leave', { path, dwell_ms: dwell.read(Date.now()), scroll_depth: scroll.read() });
  };
  const navigated = () => {
    if (getPath() === path || !viewing) return;
    leave();
    view('');
  };
  const stops = [
    ...patchHistory(navigated),
    ...ACTIVITY.map((type) => addListener(window, type, () => dwell.active(Date.now()))),
    addListener(window, 'popstate', navigated),
    addListener(window, 'hashchange', navigated),
    addListener(document, 'visibilitychange', () => {
      const shown = !document.hidden;
      dwell.visible(shown, Date.now());
      if (!shown) onHide();
    }),
    addListener(window, 'pagehide', () => (leave(), onHide())),
    // A back/forward-cache restore is a new page view.
    addListener(window, 'pageshow', (e) => (e as PageTransitionEvent).persisted && view('')),
    // Last, once every listener above is in place.
    whenActivated(() => view(getReferrerOrigin())),
  ];
  return {
    stop: () => stops.forEach((stop) => stop()),
    // A page view by hand ends the current one, like any navigation.
    page: () => (leave(), view('')),
  };
}

/**
 * Wraps `history.pushState`/`replaceState` to hear SPA navigations. The wrapper calls the original
 * first and never lets seglet's own failure reach the caller; each is removed (by the returned functions) only if
 * still in place.
 */
function patchHistory(onChange: () => void): Stop[] {
  return (['pushState', 'replaceState'] as const).map((method) => {
    const original = history[method];
    const patched = function (this: History, ...args: Parameters<History['pushState']>) {
      const result = original.apply(this, args);
      try {
        onChange();
      } catch {
        // Never break the host's navigation.
      }
      return result;
    };
    history[method] = patched;
    return () => {
      if (history[method] === patched) history[method] = original;
    };
  });
}
