import type { Scalar } from '../types';

/** Engagement signals of one session, in this order, and their default weights. */
export const SIGNALS = ['page_views', 'dwell', 'scroll', 'clicks', 'forms', 'cart_adds', 'purchases'] as const;
export type SignalName = (typeof SIGNALS)[number];
export const DEFAULT_WEIGHTS: Record<SignalName, number> = {
  page_views: 1,
  dwell: 1,
  scroll: 0.5,
  clicks: 0.5,
  forms: 1,
  cart_adds: 1.5,
  purchases: 2,
};

/** What one session did: counters for features, engagement signals and bot signals. */
export interface SessionCounts {
  page_views: number;
  clicks: number;
  forms: number;
  form_events: number;
  scrolls: number;
  dwell_ms: number;
  scroll_sum: number;
  scroll_n: number;
  cart_adds: number;
  purchases: number;
  /** Clicks in a row, each under 50 ms after the previous one. */
  rapid_run: number;
  /** Three clicks in a row that fast: seen once, it stands for the session. */
  inhuman: boolean;
  burst: boolean;
  spike: boolean;
  /** Page after page with no interaction at all: seen once, it stands for the session. */
  idle: boolean;
}

export function emptyCounts(): SessionCounts {
  return {
    page_views: 0, clicks: 0, forms: 0, form_events: 0, scrolls: 0, dwell_ms: 0, scroll_sum: 0, scroll_n: 0,
    cart_adds: 0, purchases: 0, rapid_run: 0, inhuman: false, burst: false, spike: false, idle: false,
  };
}

const num = (v: Scalar | undefined) => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);

/**
 * A `page_leave` measure as it can be: dwell is never negative, scroll depth is a share of the page (0–1). `track()`
 * takes any number, so an impossible one is brought within bounds here rather than let it push a feature or the
 * engagement score out of theirs. Undefined for what is not a finite number.
 */
export function leaveMeasure(name: 'dwell_ms' | 'scroll_depth', v: Scalar | undefined): number | undefined {
  const n = num(v);
  return n === undefined ? n : Math.min(Math.max(n, 0), name === 'scroll_depth' ? 1 : Infinity);
}

/** Counts one (human-speed) event into its session. */
export function countEvent(c: SessionCounts, name: string, props: Record<string, Scalar> | undefined): void {
  if (name === 'page_view') c.page_views++;
  else if (name === 'click') c.clicks++;
  else if (name === 'scroll_depth') c.scrolls++;
  else if (name === 'add_to_cart') c.cart_adds++;
  else if (name === 'purchase') c.purchases++;
  else if (name.startsWith('form_')) (c.form_events++, name === 'form_submit' && c.forms++);
  else if (name === 'page_leave') {
    c.dwell_ms += leaveMeasure('dwell_ms', props?.dwell_ms) ?? 0;
    const depth = leaveMeasure('scroll_depth', props?.scroll_depth);
    if (depth !== undefined) (c.scroll_sum += depth), c.scroll_n++;
  }
  if (c.page_views >= 10 && !c.clicks && !c.scrolls && !c.form_events && c.dwell_ms < 1000) c.idle = true;
}

/** The session's engagement signals, normalized so that a typical session scores about 1 on each. */
export function signalsOf(c: SessionCounts): number[] {
  return [
    c.page_views / 10,
    c.dwell_ms / 300_000,
    c.scroll_n ? c.scroll_sum / c.scroll_n : 0,
    c.clicks / 20,
    c.forms,
    c.cart_adds,
    c.purchases,
  ];
}
