import { FEATURE_NAMES, type FeatureName, type Features } from '../featureNames';
import type { SessionView } from '../leaves/types';
import type { Scalar } from '../types';
import { computeBotScore, type BotSignals, type BotVerdict } from './computeBotScore';
import { createTimeWindow, type TimeWindow } from './createTimeWindow';
import { FEATURE_TABLE, type FeatureDefinition, type FeatureSources } from './featureTable';
import { countEvent, DEFAULT_WEIGHTS, emptyCounts, leaveMeasure, SIGNALS, signalsOf, type SessionCounts, type SignalName } from './sessionSignals';
import { addSample, createWelford, variance, type Welford } from './welford';

/** A session ends this long after its last event; the next event starts a new one. */
export const SESSION_GAP_MS = 30 * 60_000;
/** Page leaves averaged for `dwell_avg_s` and `scroll_depth_avg`. */
const RECENT_LEAVES = 20;
/** Page views within a minute that can be a spike: a person paging through a gallery stays below it. */
const SPIKE_MIN_VIEWS = 20;
/** Clicks kept for the burst signal: this many within 5 s is no person. */
const BURST_CLICKS = 15;
const MINUTE = 60_000;
const DAY = 86_400_000;
/** The sliding windows kept, and their spans. */
const SPANS = { views5m: 5 * MINUTE, views1m: MINUTE, carts7d: 7 * DAY, purchases30d: 30 * DAY, sessions30d: 30 * DAY };
type WindowName = keyof typeof SPANS;
const eachWindow = <T>(f: (name: WindowName) => T) =>
  Object.fromEntries(Object.keys(SPANS).map((name) => [name, f(name as WindowName)])) as Record<WindowName, T>;

interface Saved {
  session: { id: number; start: number; last: number } | null;
  counts: SessionCounts;
  recency: number;
  welford: Welford;
  pace: { views: number; minutes: number };
  windows: Partial<Record<WindowName, [number, number, number][]>>;
  leaves: { dwell: number[]; scroll: number[] };
  clicks: number[];
}

export interface FeatureState {
  /** Counts an event; `rapid` clicks (under 50 ms after the previous) only feed bot signals. */
  observe(name: string, at: number, props: Record<string, Scalar> | undefined, rapid: boolean): { session: number };
  session(now: number): SessionView;
  get(name: FeatureName, now: number): number;
  /** When `name` changes next with no new event (`Infinity`: only an event changes it). */
  until(name: FeatureName, now: number): number;
  all(now: number): Features;
  bot(now: number): BotVerdict;
  setWeights(weights: Partial<Record<SignalName, number>> | undefined): void;
  save(): Saved;
}

/**
 * Keeps what features are read from, incrementally, in O(1) amortized per event: session boundaries, windows
 * kept as running totals, the last page leaves, Welford statistics over sessions, and bot signals. How each
 * feature is read from them is its entry in the feature table.
 */
export function createFeatures(options: { saved?: unknown; bot: BotSignals; weights?: Partial<Record<SignalName, number>> }): FeatureState {
  const s: Saved = (options.saved as Saved | undefined) ?? {
    session: null, counts: emptyCounts(), recency: 0, welford: createWelford(SIGNALS.length),
    pace: { views: 0, minutes: 0 }, windows: {},
    leaves: { dwell: [], scroll: [] }, clicks: [],
  };
  const w: Record<WindowName, TimeWindow> = eachWindow((name) => createTimeWindow(SPANS[name], s.windows[name]));
  let weights = { ...DEFAULT_WEIGHTS, ...options.weights };

  const active = (now: number) => !!s.session && now - s.session.last < SESSION_GAP_MS;
  const duration = () => (s.session ? (s.session.last - s.session.start) / 1000 : 0);
  const sessionEnd = () => (s.session ? s.session.last + SESSION_GAP_MS : Infinity);
  const bot = (now: number) => computeBotScore(s.counts, active(now), options.bot, sessionEnd());

  function startSession(at: number): void {
    if (s.session) {
      // The session that just ended joins the statistics for good.
      s.welford = addSample(s.welford, signalsOf(s.counts));
      s.pace.views += s.counts.page_views;
      s.pace.minutes += Math.max(1, (s.session.last - s.session.start) / MINUTE);
      s.recency = (at - s.session.last) / DAY;
    }
    s.session = { id: (s.session?.id ?? 0) + 1, start: at, last: at };
    s.counts = emptyCounts();
    s.clicks = [];
    w.views1m = createTimeWindow(MINUTE);
    w.sessions30d.add(at);
  }

  function observeBot(name: string, at: number, rapid: boolean): void {
    const c = s.counts;
    if (name === 'click') {
      c.rapid_run = rapid ? c.rapid_run + 1 : 0;
      if (c.rapid_run >= 2) c.inhuman = true;
      s.clicks.push(at);
      if (s.clicks.length > BURST_CLICKS) s.clicks.shift();
      if (s.clicks.length === BURST_CLICKS && at - s.clicks[0]! < 5000) c.burst = true;
    }
    if (name === 'page_view') {
      w.views1m.add(at);
      const usual = s.pace.minutes ? s.pace.views / s.pace.minutes : 2;
      if (w.views1m.count(at) >= Math.max(SPIKE_MIN_VIEWS, 5 * usual)) c.spike = true;
    }
  }

  function engagement(): number {
    if (!s.session) return 0;
    const stats = addSample(s.welford, signalsOf(s.counts));
    let numerator = 0;
    let spread = 1;
    SIGNALS.forEach((signal, i) => {
      numerator += weights[signal] * stats.mean[i]!;
      spread += weights[signal] ** 2 * variance(stats, i);
    });
    // Weights are never negative (the model schema says so) and neither are the signals: the score stays in 0–1.
    return 1 - Math.exp(-Math.max(0, numerator) / Math.sqrt(spread));
  }

  const remember = (list: number[], value: number | undefined) => {
    if (value === undefined) return;
    list.push(value);
    if (list.length > RECENT_LEAVES) list.shift();
  };

  // What the feature table reads: getters, because a new session replaces the counters.
  const sources: FeatureSources = {
    get counts() { return s.counts; },
    get leaves() { return s.leaves; },
    get recency() { return s.recency; },
    windows: w,
    active, duration, sessionEnd, engagement, bot,
  };
  const table: Record<FeatureName, FeatureDefinition> = FEATURE_TABLE;

  return {
    observe(name, at, props, rapid) {
      const fresh = !rapid && (!s.session || at - s.session.last >= SESSION_GAP_MS);
      if (fresh) startSession(at);
      observeBot(name, at, rapid);
      if (!rapid) {
        s.session!.last = at;
        countEvent(s.counts, name, props);
        if (name === 'page_view') w.views5m.add(at);
        if (name === 'add_to_cart') w.carts7d.add(at);
        if (name === 'purchase') w.purchases30d.add(at, typeof props?.revenue === 'number' && Number.isFinite(props.revenue) ? props.revenue : 0);
        if (name === 'page_leave') {
          remember(s.leaves.dwell, leaveMeasure('dwell_ms', props?.dwell_ms));
          remember(s.leaves.scroll, leaveMeasure('scroll_depth', props?.scroll_depth));
        }
      }
      return { session: s.session!.id };
    },
    session: (now) => ({ id: s.session?.id ?? 0, active: active(now), end: sessionEnd() }),
    get: (name, now) => table[name].read(sources, now),
    until: (name, now) => table[name].until?.(sources, now) ?? Infinity,
    all: (now) => Object.fromEntries(FEATURE_NAMES.map((name) => [name, table[name].read(sources, now)])) as Features,
    bot,
    setWeights(next) {
      weights = { ...DEFAULT_WEIGHTS, ...next };
    },
    save: () => ({ ...s, windows: eachWindow((name) => w[name].save()) }),
  };
}
