import { addListener } from '../lib/addListener';
import { getPath } from './getPath';
import type { Capture, Stop } from './types';

/** Milestones reported once per page view, in percent of the page seen. */
export const SCROLL_MILESTONES = [25, 50, 75, 90, 100];

export interface ScrollTracker {
  /** Reads the deepest share of the page seen on this page view, 0–1 (named like the dwell timer's read). */
  read(): number;
  /** Starts a new page view: milestones may fire again. */
  reset(): void;
  stop: Stop;
}

/**
 * Tracks scroll depth at the cost of a little arithmetic per scroll event. Browsers fire `scroll` at most
 * once per frame already, from their rendering steps, so it is measured there and then, with nothing more
 * scheduled; the document height is cached and refreshed by a ResizeObserver, never read while scrolling. A new
 * page view measures once on the next frame, when the new page's layout is done.
 */
export function trackScroll(capture: Capture): ScrollTracker {
  const root = document.documentElement;
  let height = root.scrollHeight;
  let max = 0;
  let fired = 0;
  let frame = 0;

  const measure = () => {
    frame = 0;
    // One pixel of slack: a page scrolled to a pixel short of its end (rounding) has been read to the end.
    max = Math.max(max, height > 0 ? Math.min(1, (scrollY + innerHeight + 1) / height) : 1);
    while (fired < SCROLL_MILESTONES.length && max * 100 >= SCROLL_MILESTONES[fired]!) {
      capture('scroll_depth', { path: getPath(), depth: SCROLL_MILESTONES[fired++]! });
    }
  };
  // No feature check: every browser seglet supports (evergreen, with Workers) has had ResizeObserver since 2020.
  const observer = new ResizeObserver(() => {
    height = root.scrollHeight;
    measure();
  });
  observer.observe(root);
  const off = addListener(window, 'scroll', measure);

  return {
    read: () => Math.round(max * 100) / 100,
    reset() {
      max = fired = 0;
      frame ||= requestAnimationFrame(measure);
    },
    stop() {
      off();
      observer.disconnect();
      cancelAnimationFrame(frame);
    },
  };
}
