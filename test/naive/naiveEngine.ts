/**
 * The naive oracle: recomputes everything from the full event log, written from the README only
 * ("Rules", "Membership", "Features"). Deliberately slow and simple:
 *
 * - every condition and feature is evaluated from scratch over the log at a time `t`;
 * - membership (ttl, flap damping, bot exits) is a state machine run over the verdicts at every grid time
 *   `0, step, 2·step, …` (all test times and durations are multiples of `step`, so verdicts are constant on
 *   `[t, t + step)` and every change falls on the grid).
 *
 * Readings of the spec where it is ambiguous are marked `READING:`.
 */
import { FEATURE_NAMES, validateRule } from './rules';
import type { Cmp, Matcher, NCond, NFault, NRule, Scalar, Where, Win } from './rules';

export { FEATURE_NAMES, parseDuration, validateRule } from './rules';
export type { NFault, NRule, Scalar } from './rules';

export interface NaiveEvent {
  name: string;
  at: number;
  props?: Record<string, Scalar>;
}

export interface NaiveInput {
  rules: unknown[];
  events: NaiveEvent[];
  at: number;
  context?: Record<string, Scalar>;
  weights?: Record<string, number>;
  cluster?: string | null;
  step?: number;
}

export interface NaiveSnapshot {
  segments: string[];
  features: Record<string, number>;
}

const SEC = 1_000;
const MIN = 60_000;
const DAY = 86_400_000;
const SESSION_GAP = 30 * MIN;
const RAPID_CLICK_MS = 50;
const QUICK_REENTRY = 10 * MIN;
const BASE_HOLD = 30 * SEC;
const MAX_HOLD = 10 * MIN;

export const DEFAULT_WEIGHTS: Record<string, number> = {
  page_views: 1,
  dwell: 1,
  scroll: 0.5,
  clicks: 0.5,
  forms: 1,
  cart_adds: 1.5,
  purchases: 2,
};
const SIGNALS = Object.keys(DEFAULT_WEIGHTS);

/** A normalized event: its position in the log and whether it is a rapid (< 50 ms) click. */
interface Ev {
  name: string;
  at: number;
  props: Record<string, Scalar>;
  idx: number;
  rapid: boolean;
}

interface Session {
  start: number;
  last: number;
  events: Ev[];
}

// ---------------------------------------------------------------------------------------------------------------
// Normalization

/**
 * Times never go backwards (an earlier stamp is taken at the previous event's time); a click less than 50 ms after
 * the previous click is rapid. READING: "the previous click" is the previous click of any kind, rapid or not.
 */
function normalize(events: NaiveEvent[]): Ev[] {
  const out: Ev[] = [];
  let prevAt = -Infinity;
  let prevClick = -Infinity;
  events.forEach((e, idx) => {
    const at = Math.max(e.at, prevAt);
    prevAt = at;
    let rapid = false;
    if (e.name === 'click') {
      rapid = at - prevClick < RAPID_CLICK_MS;
      prevClick = at;
    }
    out.push({ name: e.name, at, props: e.props ?? {}, idx, rapid });
  });
  return out;
}

// ---------------------------------------------------------------------------------------------------------------
// The view of the log at one time t

/** Everything derived from the events at or before `t`, recomputed from scratch. */
class View {
  /** All events at or before t, rapid clicks included. */
  readonly all: Ev[];
  /** Events that count toward rules and features: rapid clicks removed. */
  readonly counted: Ev[];
  /** Sessions over the counted events. READING: rapid clicks neither start nor extend sessions. */
  readonly sessions: Session[];
  /** The active session: its last event less than 30 minutes before t (it ends exactly 30 min after it). */
  readonly active: Session | null;
  private featureCache: Record<string, number> | undefined;

  constructor(
    log: Ev[],
    readonly t: number,
    private readonly weights: Record<string, number>,
  ) {
    this.all = log.filter((e) => e.at <= t);
    this.counted = this.all.filter((e) => !e.rapid);
    const sessions: Session[] = [];
    for (const e of this.counted) {
      const cur = sessions[sessions.length - 1];
      // A session ends 30 min after its last event; the next event (even exactly 30 min later) starts a new one.
      if (!cur || e.at - cur.last >= SESSION_GAP) sessions.push({ start: e.at, last: e.at, events: [e] });
      else {
        cur.last = e.at;
        cur.events.push(e);
      }
    }
    this.sessions = sessions;
    const last = sessions[sessions.length - 1];
    this.active = last && t - last.last < SESSION_GAP ? last : null;
  }

  /** `now − D < time ≤ now`, or the events of the active session. */
  inWindow(e: Ev, within: Win): boolean {
    if (e.at > this.t) return false;
    if (within === 'session') return this.active !== null && e.at >= this.active.start;
    return this.t - within < e.at;
  }

  features(): Record<string, number> {
    if (!this.featureCache) this.featureCache = computeFeatures(this, this.weights);
    return this.featureCache;
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Matching

function holds(x: number, cmp: Cmp): boolean {
  if (cmp.gt !== undefined && !(x > cmp.gt)) return false;
  if (cmp.gte !== undefined && !(x >= cmp.gte)) return false;
  if (cmp.lt !== undefined && !(x < cmp.lt)) return false;
  if (cmp.lte !== undefined && !(x <= cmp.lte)) return false;
  if (cmp.eq !== undefined && !(x === cmp.eq)) return false;
  return true;
}

/** READING: a missing prop equals nothing (not even `null`); comparisons need a number. */
function matches(value: Scalar | undefined, m: Matcher): boolean {
  switch (m.kind) {
    case 'eq':
      return value !== undefined && value === m.value;
    case 'prefix':
      return typeof value === 'string' && value.startsWith(m.prefix);
    case 'in':
      return value !== undefined && m.values.some((v) => v === value);
    case 'cmp':
      return typeof value === 'number' && holds(value, m.cmp);
  }
}

function passes(props: Record<string, Scalar>, where: Where): boolean {
  return Object.entries(where).every(([key, m]) => matches(Object.hasOwn(props, key) ? props[key] : undefined, m));
}

// ---------------------------------------------------------------------------------------------------------------
// Conditions, from scratch

interface EvalEnv {
  context: Record<string, Scalar>;
  cluster: string | null;
}

function evalCond(c: NCond, v: View, env: EvalEnv): boolean {
  switch (c.k) {
    case 'all':
      return c.of.every((x) => evalCond(x, v, env));
    case 'any':
      return c.of.some((x) => evalCond(x, v, env));
    case 'not':
      return !evalCond(c.of, v, env);
    case 'count': {
      const n = v.counted.filter((e) => e.name === c.event && v.inWindow(e, c.within) && passes(e.props, c.where)).length;
      return holds(n, c.cmp);
    }
    case 'distinct': {
      const values = new Set<Scalar>();
      for (const e of v.counted) {
        if (e.name !== c.event || !v.inWindow(e, c.within) || !passes(e.props, c.where)) continue;
        // READING: "events without P" are those where P is missing; a null value is a value.
        if (!Object.hasOwn(e.props, c.by)) continue;
        values.add(e.props[c.by]!);
      }
      return holds(values.size, c.cmp);
    }
    case 'sum': {
      let total = 0;
      for (const e of v.counted) {
        if (e.name !== c.event || !v.inWindow(e, c.within) || !passes(e.props, c.where)) continue;
        const x = e.props[c.of];
        if (typeof x === 'number') total += x;
      }
      return holds(total, c.cmp);
    }
    case 'absent': {
      // A Y happened, no X at or after (in time) the latest Y, and D has passed since that Y (exactly D counts).
      let latestY: Ev | undefined;
      for (const e of v.counted) if (e.name === c.y) latestY = e;
      if (!latestY) return false;
      const y = latestY;
      if (v.counted.some((e) => e.name === c.x && e.at >= y.at)) return false;
      return v.t - y.at >= c.for;
    }
    case 'sequence': {
      // Events matching S1, S2, … in log order (distinct events), the S1 event inside the window.
      const evs = v.counted;
      const s0 = c.steps[0]!;
      for (let i = 0; i < evs.length; i++) {
        const first = evs[i]!;
        if (first.name !== s0.event || !passes(first.props, s0.where) || !v.inWindow(first, c.within)) continue;
        let step = 1;
        for (let j = i + 1; j < evs.length && step < c.steps.length; j++) {
          const s = c.steps[step]!;
          if (evs[j]!.name === s.event && passes(evs[j]!.props, s.where)) step++;
        }
        if (step === c.steps.length) return true;
      }
      return false;
    }
    case 'feature':
      return holds(v.features()[c.name]!, c.cmp);
    case 'context':
      return passes(env.context, c.where);
    case 'cluster':
      return env.cluster === c.id;
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Features, from scratch

const num = (x: Scalar | undefined): number => (typeof x === 'number' ? x : 0);
const mean = (xs: number[]): number => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : 0);
const variance = (xs: number[]): number => {
  if (xs.length === 0) return 0;
  const m = mean(xs);
  return xs.reduce((a, x) => a + (x - m) * (x - m), 0) / xs.length;
};

function sessionSignals(s: Session): Record<string, number> {
  const of = (name: string) => s.events.filter((e) => e.name === name);
  const leaves = of('page_leave');
  return {
    page_views: of('page_view').length / 10,
    dwell: leaves.reduce((a, e) => a + num(e.props.dwell_ms), 0) / 300_000,
    scroll: mean(leaves.map((e) => num(e.props.scroll_depth))),
    clicks: of('click').length / 20,
    forms: of('form_submit').length,
    cart_adds: of('add_to_cart').length,
    purchases: of('purchase').length,
  };
}

function engagement(v: View, weights: Record<string, number>): number {
  const xs = v.sessions.map(sessionSignals);
  let top = 0;
  let bottom = 0;
  for (const signal of SIGNALS) {
    const w = weights[signal]!;
    const values = xs.map((x) => x[signal]!);
    top += w * mean(values);
    bottom += w * w * variance(values);
  }
  const raw = top / Math.sqrt(bottom + 1);
  return 1 - Math.exp(-raw);
}

/**
 * Behaviour signals of the active session (each lasts for the session it was seen in; none without an active
 * session). Clicks here include rapid ones.
 */
function botScore(v: View): number {
  const s = v.active;
  if (!s) return 0;
  const present: number[] = [];
  const clicks = v.all.filter((e) => e.name === 'click');
  // A burst of 15 clicks within 5 s: 15 consecutive clicks spanning less than 5 s (window semantics).
  for (let j = 14; j < clicks.length; j++) {
    if (clicks[j]!.at >= s.start && clicks[j]!.at - clicks[j - 14]!.at < 5 * SEC) {
      present.push(0.7);
      break;
    }
  }
  // Three clicks in a row, each less than 50 ms after the previous one.
  for (let j = 2; j < clicks.length; j++) {
    const [a, b, c] = [clicks[j - 2]!, clicks[j - 1]!, clicks[j]!];
    if (c.at >= s.start && c.at - b.at < RAPID_CLICK_MS && b.at - a.at < RAPID_CLICK_MS) {
      present.push(0.7);
      break;
    }
  }
  // 20 page views within a minute (20 in a 60 s window ending at a page view) and at least 5× the usual pace: page
  // views per minute (each session at least a minute) over earlier sessions, 2 with no earlier session.
  const earlier = v.sessions.slice(0, v.sessions.indexOf(s));
  const pvs = (es: Ev[]) => es.filter((e) => e.name === 'page_view');
  const earlierViews = earlier.reduce((a, x) => a + pvs(x.events).length, 0);
  const earlierMinutes = earlier.reduce((a, x) => a + Math.max(1, (x.last - x.start) / MIN), 0);
  const usualPace = earlier.length ? earlierViews / earlierMinutes : 2;
  const views = pvs(s.events);
  for (const p of views) {
    const n = views.filter((q) => p.at - MIN < q.at && q.at <= p.at).length;
    if (n >= 20 && n >= 5 * usualPace) {
      present.push(0.7);
      break;
    }
  }
  // 10 page views in a session with no click, scroll, form or dwell of a second before the 10th (then it lasts for
  // the session). READING: scroll = a scroll_depth event or a page_leave with scroll_depth > 0; form = any form_*
  // event; dwell of a second = a page_leave with dwell_ms ≥ 1000.
  if (views.length >= 10) {
    const tenth = views[9]!;
    const interacted = v.all.some(
      (e) =>
        e.at >= s.start &&
        e.idx < tenth.idx &&
        (e.name === 'click' ||
          e.name === 'scroll_depth' ||
          e.name.startsWith('form_') ||
          (e.name === 'page_leave' && (num(e.props.dwell_ms) >= 1000 || num(e.props.scroll_depth) > 0))),
    );
    if (!interacted) present.push(0.5);
  }
  return 1 - present.reduce((p, x) => p * (1 - x), 1);
}

function computeFeatures(v: View, weights: Record<string, number>): Record<string, number> {
  const t = v.t;
  const s = v.active;
  const inS = (name: string) => (s ? s.events.filter((e) => e.name === name).length : 0);
  const inLast = (name: string, d: number) => v.counted.filter((e) => e.name === name && t - d < e.at).length;
  const duration = s ? (s.last - s.start) / SEC : 0;
  const leaves = v.counted.filter((e) => e.name === 'page_leave').slice(-20);
  const purchases = v.counted.filter((e) => e.name === 'purchase' && t - 30 * DAY < e.at);
  const n = v.sessions.length;
  const f: Record<string, number> = {
    session_duration_s: duration,
    page_views_session: inS('page_view'),
    page_velocity: inLast('page_view', 5 * MIN) / 5,
    // READING: a page_leave without a numeric dwell_ms / scroll_depth counts as 0 in the mean.
    dwell_avg_s: mean(leaves.map((e) => num(e.props.dwell_ms))) / SEC,
    scroll_depth_avg: mean(leaves.map((e) => num(e.props.scroll_depth))),
    // READING: "per minute of it" = per minute of session_duration_s (first to last event), at least one minute.
    click_rate: inS('click') / Math.max(1, duration / 60),
    form_submits_session: inS('form_submit'),
    cart_adds_7d: inLast('add_to_cart', 7 * DAY),
    purchases_30d: purchases.length,
    revenue_30d: purchases.reduce((a, e) => a + num(e.props.revenue), 0),
    sessions_30d: v.sessions.filter((x) => t - 30 * DAY < x.start).length,
    // READING: away = from the previous session's last event to the latest session's first event.
    recency_days: n >= 2 ? (v.sessions[n - 1]!.start - v.sessions[n - 2]!.last) / DAY : 0,
    engagement_score: engagement(v, weights),
    bot_score: botScore(v),
  };
  return Object.fromEntries(FEATURE_NAMES.map((name) => [name, f[name]!]));
}

// ---------------------------------------------------------------------------------------------------------------
// Membership, simulated on the grid

interface MemberState {
  member: boolean;
  /** While the condition holds: null. In a ttl / damping tail: when it ends. */
  expiresAt: number | null;
  /** The damping hold of the current membership (0 unless it was a quick re-entry). */
  hold: number;
  /** Quick re-entries in a row. */
  level: number;
  lastExit: number | null;
}

export interface NaiveRun {
  rules: NRule[];
  faults: NFault[];
  /** The snapshot at each requested time, in the order given. */
  at: (time: number) => NaiveSnapshot;
}

/**
 * Runs the simulation once up to the last probe time and records a snapshot at every probe time.
 * A snapshot at `t` includes every event stamped at or before `t`.
 */
export function naiveTimeline(input: Omit<NaiveInput, 'at'>, probes: readonly number[]): NaiveRun {
  const step = input.step ?? 1_000;
  const rules: NRule[] = [];
  const faults: NFault[] = [];
  for (const raw of input.rules) {
    const r = validateRule(raw);
    if ('rule' in r) rules.push(r.rule);
    else faults.push(r.fault);
  }
  const weights = { ...DEFAULT_WEIGHTS, ...(input.weights ?? {}) };
  const env: EvalEnv = { context: input.context ?? {}, cluster: input.cluster ?? null };
  const log = normalize(input.events);
  for (const e of log) {
    if (e.at < 0 || e.at % step !== 0) throw new Error(`naive: event time ${e.at} is not on the ${step} ms grid`);
  }
  for (const p of probes) {
    if (p < 0 || p % step !== 0) throw new Error(`naive: probe time ${p} is not on the ${step} ms grid`);
  }
  const onGrid = (d: number, what: string) => {
    if (d % step !== 0) throw new Error(`naive: ${what} ${d} is not a multiple of the ${step} ms grid`);
  };
  for (const r of rules) if (r.ttl !== undefined) onGrid(r.ttl, 'ttl');

  const state = new Map<string, MemberState>(
    rules.map((r) => [r.id, { member: false, expiresAt: null, hold: 0, level: 0, lastExit: null }]),
  );
  const wanted = new Set(probes);
  const snapshots = new Map<number, NaiveSnapshot>();
  const end = probes.length ? Math.max(...probes) : 0;

  for (let t = 0; t <= end; t += step) {
    const view = new View(log, t, weights);
    const bot = view.features().bot_score >= 0.5;
    for (const r of rules) {
      const m = state.get(r.id)!;
      const exit = () => {
        m.member = false;
        m.expiresAt = null;
        m.hold = 0;
        m.lastExit = t;
      };
      if (bot) {
        // A bot leaves every segment and enters none. READING: the membership (and any ttl tail) is gone; after the
        // flag clears, a segment is entered again only when its condition holds.
        if (m.member) exit();
        continue;
      }
      const verdict = evalCond(r.when, view, env);
      if (verdict) {
        if (!m.member) {
          // READING: "within 10 minutes of leaving" like a window: an exit exactly 10 min ago is no longer recent.
          const quick = m.lastExit !== null && t - m.lastExit < QUICK_REENTRY;
          m.level = quick ? m.level + 1 : 0;
          m.hold = m.level > 0 ? Math.min(BASE_HOLD * 2 ** (m.level - 1), MAX_HOLD) : 0;
          m.member = true;
        }
        // READING: a membership whose tail is still running when the condition holds again simply continues (no
        // exit and re-entry), and its damping hold applies again the next time the condition stops holding.
        m.expiresAt = null;
      } else if (m.member) {
        if (m.expiresAt === null) {
          // The condition held until t: it stays for the ttl or the damping hold, whichever is longer.
          const tail = Math.max(r.ttl ?? 0, m.hold);
          onGrid(tail, 'membership tail');
          m.expiresAt = t + tail;
        }
        if (t >= m.expiresAt) exit();
      }
    }
    if (wanted.has(t)) {
      const segments = rules.filter((r) => state.get(r.id)!.member).map((r) => r.id);
      snapshots.set(t, { segments: [...new Set(segments)].sort(), features: { ...view.features() } });
    }
  }

  return {
    rules,
    faults,
    at: (time) => {
      const s = snapshots.get(time);
      if (!s) throw new Error(`naive: no snapshot at ${time}`);
      return s;
    },
  };
}

/** The state at `input.at`: sorted segment ids and every feature. */
export function naiveState(input: NaiveInput): NaiveSnapshot {
  return naiveTimeline(input, [input.at]).at(input.at);
}
