// @ts-check
// Simulated visitors through the real engine (dist/engine.mjs): people are never flagged as bots, bots always
// are, and the personas differ in the features one would expect, on average.
import { describe, expect, test } from 'vitest';
import { FEATURE_NAMES } from '../../examples/simulate/engine.mjs';
import { featureVector } from '../../examples/simulate/featureVectors.mjs';
import { HUMAN_PERSONA_IDS, PERSONA_IDS } from '../../examples/simulate/personas.mjs';
import { simulateVisitor } from '../../examples/simulate/simulateVisitor.mjs';

const PER_PERSONA = 60;

const vectors = PERSONA_IDS.flatMap((persona) =>
  Array.from({ length: PER_PERSONA }, (_, i) => ({ persona, seed: `features:${i}`, ...featureVector(simulateVisitor({ persona, seed: `features:${i}` }).events) })),
);

/** @param {string} persona @param {string} feature */
const mean = (persona, feature) => {
  const rows = vectors.filter((v) => v.persona === persona);
  return rows.reduce((s, v) => s + v.features[feature], 0) / rows.length;
};

describe('featureVector', () => {
  test('returns every engine feature, finite, and the bot flag', () => {
    const { features, bot } = featureVector(simulateVisitor({ persona: 'researcher', seed: 1 }).events);
    expect(Object.keys(features)).toEqual([...FEATURE_NAMES]);
    for (const name of FEATURE_NAMES) expect(Number.isFinite(features[name]), name).toBe(true);
    expect(bot).toBe(false);
    // At the end of the last session: the session is still active, so session features are not zero.
    expect(features.page_views_session).toBeGreaterThan(0);
    expect(features.session_duration_s).toBeGreaterThan(0);
  });

  test('reads the last session only for session features, the whole visit for windowed ones', () => {
    const { events } = simulateVisitor({ persona: 'news-skimmer', seed: 3, sessions: 3 });
    const { features } = featureVector(events);
    const lastStart = events.findLastIndex((e, i) => i > 0 && e.at - events[i - 1].at >= 30 * 60_000);
    const lastViews = events.slice(lastStart).filter((e) => e.name === 'page_view').length;
    expect(features.page_views_session).toBe(lastViews);
    expect(features.sessions_30d).toBe(3);
  });

  test('no human persona is ever flagged as a bot; every bot is', () => {
    const humans = [];
    for (const persona of HUMAN_PERSONA_IDS) {
      for (let seed = 0; seed < 80; seed++) {
        const v = featureVector(simulateVisitor({ persona, seed: `human:${seed}` }).events);
        if (v.bot || v.features.bot_score > 0) humans.push(`${persona} #${seed}: bot_score ${v.features.bot_score}`);
      }
    }
    expect(humans).toEqual([]);
    for (const v of vectors) if (v.persona !== 'bot') expect(v.bot, `${v.persona} ${v.seed}`).toBe(false);
    const bots = vectors.filter((v) => v.persona === 'bot');
    expect(bots.length).toBe(PER_PERSONA);
    for (const v of bots) {
      expect(v.bot, v.seed).toBe(true);
      expect(v.features.bot_score).toBeGreaterThanOrEqual(0.5);
    }
    // Multi-session bots stay flagged in their last session.
    for (let seed = 0; seed < 20; seed++) expect(featureVector(simulateVisitor({ persona: 'bot', seed, sessions: 2 }).events).bot).toBe(true);
  });

  test('personas differ where they should, on average', () => {
    // Reading: researchers dwell and scroll, skimmers flick through pages.
    expect(mean('researcher', 'dwell_avg_s')).toBeGreaterThan(2 * mean('news-skimmer', 'dwell_avg_s'));
    expect(mean('researcher', 'dwell_avg_s')).toBeGreaterThan(2 * mean('bargain-hunter', 'dwell_avg_s'));
    expect(mean('researcher', 'scroll_depth_avg')).toBeGreaterThan(mean('news-skimmer', 'scroll_depth_avg') + 0.2);
    expect(mean('news-skimmer', 'page_views_session')).toBeGreaterThan(2 * mean('researcher', 'page_views_session'));
    expect(mean('news-skimmer', 'page_velocity')).toBeGreaterThan(mean('researcher', 'page_velocity'));
    expect(mean('news-skimmer', 'click_rate')).toBeGreaterThan(mean('researcher', 'click_rate'));
    // Shopping: buyers buy, abandoners never do, bargain hunters fill carts and spend little per order.
    expect(mean('impulse-buyer', 'purchases_30d')).toBeGreaterThan(0.8);
    expect(mean('cart-abandoner', 'purchases_30d')).toBe(0);
    expect(mean('impulse-buyer', 'purchases_30d')).toBeGreaterThan(5 * mean('bargain-hunter', 'purchases_30d'));
    expect(mean('impulse-buyer', 'revenue_30d') / mean('impulse-buyer', 'purchases_30d'))
      .toBeGreaterThan(mean('bargain-hunter', 'revenue_30d') / Math.max(1e-9, mean('bargain-hunter', 'purchases_30d')));
    expect(mean('bargain-hunter', 'cart_adds_7d')).toBeGreaterThan(mean('cart-abandoner', 'cart_adds_7d'));
    expect(mean('cart-abandoner', 'cart_adds_7d')).toBeGreaterThan(5 * mean('researcher', 'cart_adds_7d'));
    expect(mean('cart-abandoner', 'cart_adds_7d')).toBeGreaterThan(5 * mean('news-skimmer', 'cart_adds_7d'));
    expect(mean('impulse-buyer', 'session_duration_s')).toBeLessThan(mean('cart-abandoner', 'session_duration_s'));
    // Bots: fast, no dwell.
    expect(mean('bot', 'dwell_avg_s')).toBeLessThan(2);
    expect(mean('bot', 'page_velocity')).toBeGreaterThan(2 * mean('news-skimmer', 'page_velocity'));
  });

  test('personas overlap: no single feature sorts every visitor of two neighbours apart', () => {
    // Bargain hunters and cart abandoners both fill carts; some impulse buyers never buy.
    const ranges = (/** @type {string} */ persona, /** @type {string} */ f) => {
      const xs = vectors.filter((v) => v.persona === persona).map((v) => v.features[f]);
      return [Math.min(...xs), Math.max(...xs)];
    };
    for (const f of ['cart_adds_7d', 'dwell_avg_s', 'page_views_session']) {
      const [aLo, aHi] = ranges('bargain-hunter', f);
      const [bLo, bHi] = ranges('cart-abandoner', f);
      expect(aLo <= bHi && bLo <= aHi, f).toBe(true);
    }
    expect(vectors.some((v) => v.persona === 'impulse-buyer' && v.features.purchases_30d === 0)).toBe(true);
  });
});
