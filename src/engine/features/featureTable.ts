import type { BotVerdict } from './computeBotScore';
import type { TimeWindow } from './createTimeWindow';
import type { SessionCounts } from './sessionSignals';

/** The running totals a feature is read from, as `createFeatures` keeps them. */
export interface FeatureSources {
  /** This session's counters. */
  readonly counts: SessionCounts;
  /** Whether a session is under way at `now`: session features read 0 once it has ended. */
  active(now: number): boolean;
  /** The session's length so far, in seconds. */
  duration(): number;
  /** When the session ends if no event comes. */
  sessionEnd(): number;
  readonly windows: Readonly<Record<'views5m' | 'carts7d' | 'purchases30d' | 'sessions30d', TimeWindow>>;
  /** The last page leaves' dwell (ms) and scroll depth (0–1). */
  readonly leaves: { readonly dwell: number[]; readonly scroll: number[] };
  /** Days between the last two sessions. */
  readonly recency: number;
  engagement(): number;
  bot(now: number): BotVerdict;
}

/** One feature: how it is read, when it changes with no new event, and whether a first model is trained on it. */
export interface FeatureDefinition {
  read(f: FeatureSources, now: number): number;
  /** When the value changes next with no new event; absent: only an event changes it. */
  until?(f: FeatureSources, now: number): number;
  /** Whether the reference server trains a first model on it (when the model in force names no features). */
  train: boolean;
}

/** A count of this session: 0 once the session is over, so it changes when the session ends (if not 0). */
const ofSession = (read: (f: FeatureSources) => number): FeatureDefinition => ({
  read: (f, now) => (f.active(now) ? read(f) : 0),
  until: (f, now) => (f.active(now) && read(f) !== 0 ? f.sessionEnd() : Infinity),
  train: true,
});

/** A count or sum over a sliding window: it changes when the window's oldest entry leaves. */
const ofWindow = (name: keyof FeatureSources['windows'], read: (w: TimeWindow, now: number) => number): FeatureDefinition => ({
  read: (f, now) => read(f.windows[name], now),
  until: (f, now) => f.windows[name].until(now),
  train: true,
});

const mean = (list: readonly number[]) => (list.length ? list.reduce((a, b) => a + b, 0) / list.length : 0);

/**
 * Every feature the engine computes, in a fixed order (DESIGN "Features"): the one place a feature is
 * defined. Names, the schemas that check them, the engine's reads and wake-ups, and the reference server's
 * training default all derive from it.
 */
export const FEATURE_TABLE = {
  session_duration_s: ofSession((f) => f.duration()),
  page_views_session: ofSession((f) => f.counts.page_views),
  page_velocity: ofWindow('views5m', (w, now) => w.count(now) / 5),
  dwell_avg_s: { read: (f) => mean(f.leaves.dwell) / 1000, train: true },
  scroll_depth_avg: { read: (f) => mean(f.leaves.scroll), train: true },
  click_rate: ofSession((f) => f.counts.clicks / Math.max(1, f.duration() / 60)),
  form_submits_session: ofSession((f) => f.counts.forms),
  cart_adds_7d: ofWindow('carts7d', (w, now) => w.count(now)),
  purchases_30d: ofWindow('purchases30d', (w, now) => w.count(now)),
  revenue_30d: ofWindow('purchases30d', (w, now) => w.sum(now)),
  sessions_30d: ofWindow('sessions30d', (w, now) => w.count(now)),
  recency_days: { read: (f) => f.recency, train: true },
  // It summarizes the features above: a model trained on it too would count them twice.
  engagement_score: { read: (f) => f.engagement(), train: false },
  // 0 for every person: bots never reach training.
  bot_score: { read: (f, now) => f.bot(now).score, until: (f, now) => f.bot(now).until, train: false },
} satisfies Record<string, FeatureDefinition>;
