import type { SegEvent } from '../engine/types';
import { trackClicks } from './trackClicks';
import { trackForms } from './trackForms';
import { trackPages } from './trackPages';
import { trackScroll } from './trackScroll';
import type { Capture } from './types';

export interface Tracker {
  /** Records an event now (also used for `track()` and `page()`). */
  capture: Capture;
  /** Records a page view by hand, ending the current one. */
  page(): void;
  /** Hands pending events over at once instead of at the end of the current task. */
  flush(): void;
  stop(): void;
}

/**
 * Starts capturing clickstream, scroll depth, dwell and forms. Events of one task are handed to
 * `deliver` together, in one batch (one message to the worker, not one per event), at the end of the
 * task; `onHide` runs when the page is hidden or left, after pending events were delivered.
 */
export function createTracker(deliver: (events: SegEvent[]) => void, onHide: () => void): Tracker {
  const batch: SegEvent[] = [];
  // splice(0) hands over the events and empties the batch in one step.
  const flush = () => {
    if (batch.length) deliver(batch.splice(0));
  };
  const capture: Capture = (name, props, at = Date.now()) => {
    if (!batch.length) queueMicrotask(flush);
    batch.push({ name, at, props });
  };
  const scroll = trackScroll(capture);
  const pages = trackPages(capture, scroll, () => (flush(), onHide()));
  const stops = [scroll.stop, trackClicks(capture), trackForms(capture), pages.stop];
  return { capture, page: pages.page, flush, stop: () => stops.forEach((stop) => stop()) };
}
