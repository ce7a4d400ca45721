/**
 * Random cases for the differential test: a seeded PRNG, event streams on a 1 s grid and rule sets drawn from the
 * whole rule language with durations on that grid, plus a greedy shrinker for failing cases.
 */
import type { DriverEvent } from './driver';
import type { Scalar } from './naiveEngine';

/** mulberry32: small, fast, reproducible. */
export function prng(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (lo: number, hi: number) => lo + Math.floor(next() * (hi - lo + 1));
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(next() * xs.length)]!;
  const chance = (p: number) => next() < p;
  return { next, int, pick, chance };
}
export type Rng = ReturnType<typeof prng>;

export interface RandomCase {
  rules: unknown[];
  events: DriverEvent[];
  context: Record<string, Scalar>;
  cluster: string | null;
  weights?: Record<string, number>;
  /** Times compared with the engine driven only by its wake-ups and these probes. */
  probes: number[];
  /** Also compare a second engine ticked at every second from 0 to the last probe. */
  dense?: boolean;
}

export interface GenOptions {
  /** Allow three clicks at one instant and 15-click bursts (bot signals). */
  bots: boolean;
  /** Include feature conditions in rules. */
  features: boolean;
  /** Long streams: gaps of minutes and over 30 minutes, probes up to 35 min after the last event. */
  long: boolean;
  /** Streams and rules made to flap around short windows: exits, quick re-entries, damping holds up to the cap. */
  flappy?: boolean;
}

const S = 1_000;
const M = 60_000;
const PATHS = ['/', '/product/1', '/product/2', '/product/3', '/cart', '/blog/a'];
const KEYS = ['headline-1', 'headline-2', 'nav', 'buy', 'fan-1'];
const SKUS = ['A1', 'B2', 'C3'];
const PRICES = [5, 20, 49, 50, 120];
const REVENUES = [0, 10, 49.5, 120];
const FORMS = ['signup', 'contact', 'checkout'];
const DWELLS = [1000, 4000, 30000, 120000];
const DEPTHS = [0, 0.25, 0.5, 1];
const NAMES = ['page_view', 'click', 'add_to_cart', 'purchase', 'form_submit', 'page_leave'] as const;

function eventProps(r: Rng, name: string): Record<string, Scalar> {
  switch (name) {
    case 'page_view':
      return r.chance(0.3) ? { path: r.pick(PATHS), referrer: r.pick(['https://a.example', 'https://b.example']) } : { path: r.pick(PATHS) };
    case 'click':
      return { key: r.pick(KEYS), tag: 'a' };
    case 'add_to_cart':
      return { sku: r.pick(SKUS), price: r.pick(PRICES) };
    case 'purchase':
      return { revenue: r.pick(REVENUES), currency: r.pick(['EUR', 'USD']) };
    case 'form_submit':
      return { form: r.pick(FORMS) };
    case 'page_leave':
      // dwell_ms is always ≥ 1 s, so every page_leave is an interaction for the "10 views, no interaction" signal.
      return { path: r.pick(PATHS), dwell_ms: r.pick(DWELLS), scroll_depth: r.pick(DEPTHS) };
    default:
      return {};
  }
}

export function genEvents(r: Rng, o: GenOptions): DriverEvent[] {
  const n = r.int(3, o.long ? 24 : 16);
  const events: DriverEvent[] = [];
  // The first event comes after the engine's start, so the state at 0 (no events) is well defined on both sides.
  let t = r.int(1, 5) * S;
  let lastView = -Infinity;
  for (let i = 0; i < n; i++) {
    let stamp: number | undefined;
    if (i > 0) {
      const roll = r.next();
      if (roll < 0.04) {
        // Stamped before the previous event: taken at the previous event's time (t stays).
        stamp = t - r.int(1, 20) * S;
      } else {
        if (o.long && roll < 0.1) t += r.pick([30 * M - S, 30 * M, 30 * M + S, 31 * M]);
        else if (o.long && roll < 0.22) t += r.int(2, 12) * M;
        else if (roll < 0.38) t += r.int(15, 90) * S;
        else t += r.int(1, 10) * S;
        // Stamped later than the engine's clock: taken at the clock's time.
        if (r.chance(0.03)) stamp = t + r.int(1, 20) * S;
      }
    }
    let name: string = r.pick(NAMES);
    // Never 10 page views within a minute (at least 7 s apart): the "5× usual pace" signal is left out.
    if (name === 'page_view' && t - lastView < 7 * S) name = 'click';
    if (name === 'page_view') lastView = t;
    const e: DriverEvent = { name, at: t, props: eventProps(r, name) };
    if (stamp !== undefined) e.stamp = stamp;
    events.push(e);
    if (name === 'click' && r.chance(0.12)) {
      // A second click at the same instant: faster than a person (rapid), ignored by rules and features.
      events.push({ name: 'click', at: t, props: { key: r.pick(KEYS), tag: 'a' } });
      if (o.bots && r.chance(0.3)) events.push({ name: 'click', at: t, props: { key: 'k', tag: 'a' } });
    } else if (r.chance(0.06)) {
      // Another event at the same instant (e.g. a purchase with its add_to_cart).
      const other = r.pick(NAMES.filter((x) => x !== 'page_view' && x !== 'click'));
      events.push({ name: other, at: t, props: eventProps(r, other) });
    }
    if (o.bots && name === 'click' && r.chance(0.03)) {
      // A burst: 3 clicks per second for 5 s (also three clicks < 50 ms apart).
      for (let s = 1; s <= 5; s++) for (let k = 0; k < 3; k++) events.push({ name: 'click', at: t + s * S, props: { key: 'x' } });
      t += 5 * S;
    }
  }
  return events;
}

// ----------------------------------------------------------------------------------------------------------------
// Rules

const WINDOWS: readonly (string | number)[] = ['5s', '10s', '30s', '1m', '2m', '5m', '10m', '30m', 'session', 5000, '90s'];

function cmp(r: Rng, values: readonly number[]): Record<string, number> {
  const a = r.pick(values);
  switch (r.int(0, 6)) {
    case 0:
      return { gt: a };
    case 1:
      return { lt: a };
    case 2:
      return { lte: a };
    case 3:
      return { eq: a };
    case 4:
      return { gte: a, lt: a + r.pick(values.filter((v) => v > 0).concat([1])) };
    default:
      return { gte: a };
  }
}

function whereFor(r: Rng, name: string): Record<string, unknown> | undefined {
  if (!r.chance(0.35)) return undefined;
  switch (name) {
    case 'page_view':
      return r.chance(0.5) ? { path: { prefix: '/product/' } } : { path: r.pick(PATHS) };
    case 'click':
      return r.chance(0.5) ? { key: { prefix: 'headline' } } : { key: { in: ['nav', 'buy'] } };
    case 'add_to_cart':
      return r.chance(0.5) ? { price: { gte: r.pick(PRICES) } } : { sku: { in: ['A1', 'B2'] }, price: { lt: 100 } };
    case 'purchase':
      return r.chance(0.5) ? { currency: 'EUR' } : { revenue: { gt: 0 } };
    case 'form_submit':
      return { form: r.pick(FORMS) };
    case 'page_leave':
      return { scroll_depth: { gte: 0.5 } };
    default:
      return undefined;
  }
}

const withWhere = (base: Record<string, unknown>, where: Record<string, unknown> | undefined) =>
  where ? { ...base, where } : base;

/** Feature thresholds away from float rounding trouble (values that cannot be hit exactly, or exact integers). */
const FEATURE_TESTS: readonly (readonly [string, readonly number[]])[] = [
  ['session_duration_s', [0, 20, 30, 60, 300]],
  ['page_views_session', [1, 2, 3, 5]],
  ['page_velocity', [0.1, 0.5, 0.9]],
  ['dwell_avg_s', [2.5, 7.77, 50]],
  ['scroll_depth_avg', [0.111, 0.333, 0.777]],
  ['click_rate', [0.5, 1.5, 2.5, 4.5]],
  ['form_submits_session', [0, 1, 2]],
  ['cart_adds_7d', [0, 1, 2]],
  ['purchases_30d', [0, 1, 2]],
  ['revenue_30d', [0, 40, 100]],
  ['sessions_30d', [1, 2]],
  ['recency_days', [0, 0.0001]],
  ['engagement_score', [0.111, 0.333, 0.555, 0.777]],
  ['bot_score', [0.5]],
];

function leaf(r: Rng, o: GenOptions): Record<string, unknown> {
  const kinds = ['count', 'count', 'count', 'distinct', 'sum', 'absent', 'sequence', 'context', 'cluster'];
  if (o.features) kinds.push('feature', 'feature', 'feature');
  switch (r.pick(kinds)) {
    case 'count': {
      const name = r.pick(NAMES);
      return withWhere({ count: name, within: r.pick(WINDOWS), ...cmp(r, [0, 1, 2, 3]) }, whereFor(r, name));
    }
    case 'distinct': {
      const [name, by] = r.pick([
        ['page_view', 'path'],
        ['click', 'key'],
        ['add_to_cart', 'sku'],
        ['page_view', 'referrer'],
      ] as const);
      return withWhere({ distinct: name, by, within: r.pick(WINDOWS), ...cmp(r, [0, 1, 2, 3]) }, whereFor(r, name));
    }
    case 'sum': {
      const [name, of, values] = r.pick([
        ['add_to_cart', 'price', [20, 49, 69, 100]],
        ['purchase', 'revenue', [0, 10, 50, 100]],
        ['page_leave', 'dwell_ms', [4000, 30000, 100000]],
        ['click', 'price', [0]],
      ] as const);
      return withWhere({ sum: name, of, within: r.pick(WINDOWS), ...cmp(r, values) }, whereFor(r, name));
    }
    case 'absent': {
      const [x, y] = r.pick([
        ['purchase', 'add_to_cart'],
        ['form_submit', 'page_view'],
        ['click', 'page_view'],
        ['add_to_cart', 'page_leave'],
      ] as const);
      return { absent: x, after: y, for: r.pick(['5s', '30s', '1m', '5m', 20000]) };
    }
    case 'sequence': {
      const steps = Array.from({ length: r.int(2, 3) }, () => {
        const name = r.pick(NAMES);
        const where = whereFor(r, name);
        return where ? { event: name, where } : name;
      });
      return { sequence: steps, within: r.pick(['10s', '1m', '5m', '10m', 'session']) };
    }
    case 'feature': {
      const [feature, values] = r.pick(FEATURE_TESTS);
      const c = cmp(r, values);
      if ('eq' in c) return { feature, gte: c.eq }; // no exact equality on derived numbers
      return { feature, ...c };
    }
    case 'context':
      return r.chance(0.5)
        ? { context: { device: { in: r.chance(0.5) ? ['mobile', 'tablet'] : ['desktop'] } } }
        : { context: { returning: r.chance(0.5) } };
    default:
      return { cluster: r.pick(['a', 'b']) };
  }
}

function cond(r: Rng, o: GenOptions, depth: number): Record<string, unknown> {
  const roll = r.next();
  if (depth < 3 && roll < 0.3) {
    const key = r.chance(0.5) ? 'all' : 'any';
    return { [key]: Array.from({ length: r.int(2, 3) }, () => cond(r, o, depth + 1)) };
  }
  if (depth < 3 && roll < 0.4) return { not: cond(r, o, depth + 1) };
  return leaf(r, o);
}

export function genRules(r: Rng, o: GenOptions): unknown[] {
  return Array.from({ length: r.int(1, 4) }, (_, i) => {
    const rule: Record<string, unknown> = { id: `r${i}`, when: cond(r, o, 0) };
    if (r.chance(0.4)) rule.ttl = r.pick(['5s', '30s', '1m', '10m', 45000]);
    return rule;
  });
}

/**
 * A visitor hovering at a threshold: `ping`s spaced around a short window (just inside, exactly at, just outside,
 * and now and then 5–11 min apart), so memberships exit and re-enter, quickly or not, climbing the damping holds.
 */
function genFlappy(r: Rng): RandomCase {
  const w = r.pick([5, 10, 30]) * S;
  const events: DriverEvent[] = [];
  let t = r.int(1, 5) * S;
  const n = r.int(8, 26);
  for (let i = 0; i < n; i++) {
    if (i > 0) {
      const roll = r.next();
      if (roll < 0.12) t += r.pick([5 * M, 9 * M, 10 * M - S, 10 * M, 10 * M + S, 11 * M]) + r.pick([0, w]);
      else if (roll < 0.5) t += w + r.pick([-S, 0, S]);
      else t += w + r.int(2, 40) * S;
    }
    events.push({ name: r.chance(0.85) ? 'ping' : 'pong', at: t });
  }
  const ttl = () => r.pick([undefined, undefined, '5s', '30s', '2m', 45000]);
  const rule = (id: string, when: unknown) => {
    const x: Record<string, unknown> = { id, when };
    const d = ttl();
    if (d !== undefined) x.ttl = d;
    return x;
  };
  const rules = [rule('r0', { count: 'ping', within: w, gte: 1 })];
  if (r.chance(0.5)) rules.push(rule('r1', { count: 'ping', within: r.pick(['5s', '10s', '30s', '1m']), gte: 2 }));
  if (r.chance(0.3)) rules.push(rule('r2', { not: { count: 'ping', within: w, gte: 1 } }));
  if (r.chance(0.3)) rules.push(rule('r3', { absent: 'pong', after: 'ping', for: r.pick(['5s', '10s', '30s']) }));
  if (r.chance(0.3)) rules.push(rule('r4', { sequence: ['ping', 'pong'], within: r.pick(['10s', '30s', '1m']) }));
  const last = events[events.length - 1]!.at;
  const probes = new Set<number>(events.map((e) => e.at));
  for (let i = 0; i < 6; i++) probes.add(r.int(0, (last + 15 * M) / S) * S);
  probes.add(last + 15 * M);
  return { rules, events, context: {}, cluster: null, probes: [...probes].sort((a, b) => a - b), dense: true };
}

export function genCase(r: Rng, o: GenOptions): RandomCase {
  if (o.flappy) return genFlappy(r);
  const events = genEvents(r, o);
  const rules = genRules(r, o);
  const last = events[events.length - 1]!.at;
  const tail = o.long ? 35 * M : 3 * M;
  const probes = new Set<number>();
  for (const e of events) {
    probes.add(e.at);
    if (e.at >= S) probes.add(e.at - S);
  }
  for (let i = 0; i < 8; i++) probes.add(r.int(0, (last + tail) / S) * S);
  if (o.long) for (const d of [30 * M - S, 30 * M, 30 * M + S]) probes.add(last + d);
  const weights = r.chance(0.2)
    ? Object.fromEntries(
        ['page_views', 'dwell', 'scroll', 'clicks', 'forms', 'cart_adds', 'purchases'].map((k) => [k, r.pick([0, 0.5, 1, 2])]),
      )
    : undefined;
  const c: RandomCase = {
    rules,
    events,
    context: { device: r.pick(['mobile', 'tablet', 'desktop']), returning: r.chance(0.5), lang: 'en' },
    cluster: r.pick([null, 'a', 'b']),
    probes: [...probes].sort((a, b) => a - b),
    // Ticking every second over hours of a long stream is slow: only some long cases get it.
    dense: !o.long || r.chance(0.3),
  };
  if (weights) c.weights = weights;
  return c;
}

// ----------------------------------------------------------------------------------------------------------------
// Shrinking

/** Greedy: drop rules, events and probes one at a time while the case still fails; then simplify rule trees. */
export function shrink(c: RandomCase, fails: (c: RandomCase) => boolean, budget = 400): RandomCase {
  let best = c;
  let tries = 0;
  const attempt = (candidate: RandomCase) => {
    if (tries++ >= budget) return false;
    if (candidate.events.length === 0 || candidate.probes.length === 0) return false;
    if (!fails(candidate)) return false;
    best = candidate;
    return true;
  };
  let progress = true;
  while (progress && tries < budget) {
    progress = false;
    // Keep only the earliest failing probe.
    for (let i = 0; i < best.probes.length && best.probes.length > 1; i++) {
      if (attempt({ ...best, probes: best.probes.slice(0, i + 1) })) {
        progress = true;
        break;
      }
    }
    for (let i = 0; i < best.rules.length && best.rules.length > 1; i++) {
      if (attempt({ ...best, rules: best.rules.filter((_, j) => j !== i) })) {
        progress = true;
        i--;
      }
    }
    for (let i = best.events.length - 1; i >= 0; i--) {
      if (attempt({ ...best, events: best.events.filter((_, j) => j !== i) })) progress = true;
    }
    // Replace a combination by one of its children.
    best.rules.forEach((rule, i) => {
      for (const sub of children((rule as { when: unknown }).when)) {
        const rules = best.rules.slice();
        rules[i] = { ...(rule as object), when: sub };
        if (attempt({ ...best, rules })) {
          progress = true;
          return;
        }
      }
    });
    if (best.weights && attempt({ ...best, weights: undefined } as RandomCase)) progress = true;
    for (const p of best.probes) {
      if (best.probes.length > 1 && attempt({ ...best, probes: [p] })) {
        progress = true;
        break;
      }
    }
  }
  return best;
}

function children(c: unknown): unknown[] {
  if (typeof c !== 'object' || c === null) return [];
  const o = c as Record<string, unknown>;
  if (Array.isArray(o.all)) return o.all;
  if (Array.isArray(o.any)) return o.any;
  if (o.not !== undefined) return [o.not];
  return [];
}
