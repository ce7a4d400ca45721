// @ts-check
// The simulator's event streams: deterministic by seed, shaped exactly like the tracker's and track()'s events,
// valid under seglet's event rules, with human timing for people and sessions split by > 30 min gaps.
import { describe, expect, test } from 'vitest';
import { PERSONA_IDS, HUMAN_PERSONA_IDS } from '../../examples/simulate/personas.mjs';
import { SESSION_GAP_MS, simulateVisitor } from '../../examples/simulate/simulateVisitor.mjs';

/** @typedef {import('../../examples/simulate/simulateVisitor.mjs').SimEvent} SimEvent */

const SEEDS = Array.from({ length: 25 }, (_, i) => i + 1);
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const NAME = /^[a-z0-9][a-z0-9_.:-]{0,63}$/;

/**
 * seglet's event rules (README "Events captured", the engine's event schema): the name pattern, flat scalar
 * props, strings of at most 256 characters, prop names of at most 64, at most 32 props, finite times.
 * @param {SimEvent} e
 * @returns {string[]} what is wrong with it
 */
function ruleViolations(e) {
  const faults = [];
  if (typeof e.name !== 'string' || !NAME.test(e.name)) faults.push(`name ${e.name}`);
  if (!Number.isFinite(e.at)) faults.push('time');
  if (e.props === null || typeof e.props !== 'object' || Array.isArray(e.props)) faults.push('props not an object');
  const entries = Object.entries(e.props ?? {});
  if (entries.length > 32) faults.push('over 32 props');
  for (const [key, value] of entries) {
    if (key.length > 64) faults.push(`prop name ${key}`);
    const ok = value === null || typeof value === 'boolean' || (typeof value === 'number' && Number.isFinite(value)) || (typeof value === 'string' && value.length <= 256);
    if (!ok) faults.push(`prop ${key}=${JSON.stringify(value)}`);
  }
  return faults;
}

/** The props each event name carries (tracker and the shop's track() calls); `?` marks optional ones. */
const SHAPES = {
  page_view: ['path', 'referrer', 'title'],
  page_leave: ['path', 'dwell_ms', 'scroll_depth'],
  scroll_depth: ['path', 'depth'],
  click: ['key', 'tag', 'href?'],
  form_focus: ['form', 'field'],
  form_change: ['form', 'field'],
  form_submit: ['form'],
  add_to_cart: ['sku', 'price'],
  purchase: ['revenue', 'items'],
};

/** @param {SimEvent[]} events @returns {SimEvent[][]} */
function sessionsOf(events) {
  /** @type {SimEvent[][]} */
  const sessions = [];
  events.forEach((e, i) => {
    if (i === 0 || e.at - events[i - 1].at >= SESSION_GAP_MS) sessions.push([]);
    sessions[sessions.length - 1].push(e);
  });
  return sessions;
}

const all = PERSONA_IDS.flatMap((persona) => SEEDS.map((seed) => ({ persona, seed, visitor: simulateVisitor({ persona, seed }) })));

describe('simulateVisitor', () => {
  test('is deterministic for a seed and differs across seeds and personas', () => {
    for (const persona of PERSONA_IDS) {
      const a = simulateVisitor({ persona, seed: 42, start: '2026-11-05T10:00:00Z' });
      const b = simulateVisitor({ persona, seed: 42, start: '2026-11-05T10:00:00Z' });
      expect(b).toEqual(a);
      expect(JSON.stringify(b)).toBe(JSON.stringify(a));
      const c = simulateVisitor({ persona, seed: 43, start: '2026-11-05T10:00:00Z' });
      expect(c.anonymousId).not.toBe(a.anonymousId);
      expect(JSON.stringify(c.events)).not.toBe(JSON.stringify(a.events));
    }
    const ids = new Set(PERSONA_IDS.map((persona) => simulateVisitor({ persona, seed: 42 }).anonymousId));
    expect(ids.size).toBe(PERSONA_IDS.length);
  });

  test('returns the persona, a v4 uuid and events that start at `start`', () => {
    const start = Date.UTC(2026, 0, 10, 8);
    for (const persona of PERSONA_IDS) {
      const v = simulateVisitor({ persona, seed: 'x', start });
      expect(v.persona).toBe(persona);
      expect(v.anonymousId).toMatch(UUID);
      expect(v.events[0]).toMatchObject({ name: 'page_view', at: start });
    }
    expect(() => simulateVisitor({ persona: 'tourist', seed: 1 })).toThrow(/unknown persona "tourist"/);
  });

  // Assertions per event are slow in bulk: each check collects faults, and the test asserts there are none.
  test('every event passes seglet’s event rules and has the tracker’s props', () => {
    /** @type {string[]} */
    const faults = [];
    for (const { persona, seed, visitor } of all) {
      for (const e of visitor.events) {
        const where = `${persona} #${seed} ${e.name}@${e.at}`;
        for (const fault of ruleViolations(e)) faults.push(`${where}: ${fault}`);
        const shape = SHAPES[/** @type {keyof typeof SHAPES} */ (e.name)];
        if (!shape) {
          faults.push(`${where}: unexpected event`);
          continue;
        }
        for (const k of shape) if (!k.endsWith('?') && !(k in e.props)) faults.push(`${where}: no ${k}`);
        const allowed = shape.map((k) => k.replace('?', ''));
        for (const k of Object.keys(e.props)) if (!allowed.includes(k)) faults.push(`${where}: extra ${k}`);
      }
    }
    expect(faults).toEqual([]);
    expect(all.reduce((n, v) => n + v.visitor.events.length, 0)).toBeGreaterThan(5000);
  });

  test('props hold the values the tracker would produce', () => {
    const referrers = new Set(['', 'https://northwind.example', 'https://www.google.com', 'https://www.bing.com',
      'https://www.instagram.com', 'https://www.reddit.com', 'https://news.google.com', 'https://www.slickdeals.net']);
    const PATH = /^\/[a-z0-9./_-]*(\?utm_[a-z]+=[^&]+(&utm_[a-z]+=[^&]+)*)?$/;
    /** @type {string[]} */
    const faults = [];
    for (const { persona, seed, visitor } of all) {
      for (const e of visitor.events) {
        const p = e.props;
        const fault = (/** @type {string} */ what) => faults.push(`${persona} #${seed} ${e.name}@${e.at}: ${what} ${JSON.stringify(p)}`);
        if ('path' in p && !PATH.test(String(p.path))) fault('path');
        if (e.name === 'page_view' && !referrers.has(String(p.referrer))) fault('referrer');
        if (e.name === 'page_view' && String(p.title).length > 200) fault('title');
        if (e.name === 'page_leave' && !(Number.isInteger(p.dwell_ms) && Number(p.dwell_ms) >= 0)) fault('dwell_ms');
        if (e.name === 'page_leave' && !(Number(p.scroll_depth) >= 0 && Number(p.scroll_depth) <= 1)) fault('scroll_depth');
        if (e.name === 'scroll_depth' && ![25, 50, 75, 90, 100].includes(Number(p.depth))) fault('depth');
        if (e.name === 'click' && !(String(p.key).length > 0 && String(p.key).length <= 40)) fault('key');
        // `href` only on links, and only a same-origin path.
        if (e.name === 'click' && (p.tag === 'a' ? !/^\//.test(String(p.href)) : 'href' in p)) fault('href');
        if (e.name === 'add_to_cart' && !(Number(p.price) > 0 && typeof p.sku === 'string')) fault('price');
        if (e.name === 'purchase' && !(Number(p.revenue) > 0 && Number.isInteger(p.items) && Number(p.items) >= 1)) fault('revenue');
      }
    }
    expect(faults).toEqual([]);
  });

  test('page views pair with page leaves; milestones fire once per view and agree with the leave', () => {
    /** @type {string[]} */
    const faults = [];
    for (const { persona, seed, visitor } of all) {
      /** @type {string | null} */
      let open = null;
      /** @type {number[]} */
      let milestones = [];
      for (const e of visitor.events) {
        const fault = (/** @type {string} */ what) => faults.push(`${persona} #${seed} ${e.name}@${e.at}: ${what}`);
        if (e.name === 'page_view') {
          if (open !== null) fault('a view before the previous one left');
          open = String(e.props.path);
          milestones = [];
        } else if (e.name === 'page_leave') {
          if (e.props.path !== open) fault('leaves another path');
          // The deepest milestone reached never exceeds the deepest scroll the leave reports (rounded).
          if (milestones.length && Math.max(...milestones) > Math.round(Number(e.props.scroll_depth) * 100) + 1) fault('milestone past the leave');
          open = null;
        } else {
          if (open === null) fault('outside a page view');
          if (e.name === 'scroll_depth') {
            if (e.props.path !== open) fault('milestone of another path');
            if (milestones.includes(Number(e.props.depth))) fault('milestone twice');
            milestones.push(Number(e.props.depth));
          }
        }
      }
      if (open !== null) faults.push(`${persona} #${seed}: the last view never left`);
    }
    expect(faults).toEqual([]);
  });

  test('times are integers and strictly increasing; people click at most every 50 ms (in fact 400 ms)', () => {
    /** @type {string[]} */
    const faults = [];
    let minHumanGap = Infinity;
    for (const { persona, seed, visitor } of all) {
      visitor.events.forEach((e, i) => {
        if (!Number.isInteger(e.at) || (i > 0 && e.at <= visitor.events[i - 1].at)) faults.push(`${persona} #${seed} event ${i}`);
      });
      if (persona === 'bot') continue;
      const clicks = visitor.events.filter((e) => e.name === 'click').map((e) => e.at);
      for (let i = 1; i < clicks.length; i++) minHumanGap = Math.min(minHumanGap, clicks[i] - clicks[i - 1]);
    }
    expect(faults).toEqual([]);
    expect(minHumanGap).toBeGreaterThanOrEqual(400);
  });

  test('bots click faster than a person or not at all', () => {
    let rapid = 0;
    let none = 0;
    for (const { visitor } of all.filter((v) => v.persona === 'bot')) {
      const clicks = visitor.events.filter((e) => e.name === 'click').map((e) => e.at);
      if (!clicks.length) none++;
      else if (clicks.some((at, i) => i > 0 && at - clicks[i - 1] < 50)) rapid++;
      for (const e of visitor.events) if (e.name === 'page_leave') expect(e.props.dwell_ms).toBeLessThan(10_000);
    }
    expect(rapid + none).toBe(SEEDS.length);
    expect(rapid).toBeGreaterThan(0);
    expect(none).toBeGreaterThan(0);
  });

  test('sessions are separated by more than 30 minutes and `sessions` sets their number', () => {
    for (const persona of PERSONA_IDS) {
      for (const sessions of [1, 2, 4]) {
        for (const seed of [1, 2, 3]) {
          const { events } = simulateVisitor({ persona, seed, sessions });
          const split = sessionsOf(events);
          expect(split.length, `${persona} #${seed}`).toBe(sessions);
          for (let s = 1; s < split.length; s++) {
            expect(split[s][0].at - split[s - 1][split[s - 1].length - 1].at).toBeGreaterThan(SESSION_GAP_MS);
            expect(split[s][0].name).toBe('page_view');
          }
        }
      }
    }
    expect(() => simulateVisitor({ persona: 'researcher', seed: 1, sessions: 0 })).toThrow(/sessions/);
  });

  test('personas do what they are named for', () => {
    /** @param {string} persona @param {(e: SimEvent[]) => boolean} has */
    const share = (persona, has) => all.filter((v) => v.persona === persona && has(v.visitor.events)).length / SEEDS.length;
    const named = (/** @type {string} */ name) => (/** @type {SimEvent[]} */ events) => events.some((e) => e.name === name);
    const clickKey = (/** @type {RegExp} */ re) => (/** @type {SimEvent[]} */ events) => events.some((e) => e.name === 'click' && re.test(String(e.props.key)));
    expect(share('cart-abandoner', named('purchase'))).toBe(0);
    expect(share('cart-abandoner', named('add_to_cart'))).toBe(1);
    expect(share('cart-abandoner', (ev) => ev.some((e) => e.name === 'form_focus' && e.props.form === 'checkout'))).toBeGreaterThan(0.7);
    expect(share('impulse-buyer', named('purchase'))).toBeGreaterThan(0.6);
    expect(share('bargain-hunter', clickKey(/^(sort-price|sale)$/))).toBeGreaterThan(0.8);
    expect(share('bargain-hunter', (ev) => ev.filter((e) => e.name === 'add_to_cart').length >= 2)).toBe(1);
    expect(share('researcher', clickKey(/^compare/))).toBeGreaterThan(0.5);
    expect(share('researcher', (ev) => ev.some((e) => e.name === 'page_view' && /guide|article/.test(String(e.props.path))))).toBeGreaterThan(0.7);
    expect(share('news-skimmer', clickKey(/^headline-/))).toBeGreaterThan(0.9);
    for (const persona of HUMAN_PERSONA_IDS) expect(share(persona, named('scroll_depth')), persona).toBe(1);
  });
});
