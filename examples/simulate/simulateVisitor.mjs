// @ts-check
/**
 * Simulates one visitor of a persona: sessions of page views, scrolls, clicks, form events and commerce
 * events, exactly as seglet's tracker (`page_view`, `page_leave`, `scroll_depth`, `click`, `form_*`) and the
 * demo shop's `track()` calls (`add_to_cart`, `purchase`) produce them. Deterministic for a seed.
 *
 * What the stream respects (and the tests check):
 * - times are integers and strictly increasing;
 * - a session's events are never 30 minutes apart, and sessions are separated by more than 30 minutes;
 * - a person's clicks are at least 400 ms apart and a person never loads 20 pages in a minute, so no human
 *   persona ever trips the engine's bot signals; bots do (no interaction at all, page-view spikes, or click
 *   runs under 50 ms apart);
 * - props are flat scalars the tracker would send: `form_submit` carries `{ form }` only (the tracker's
 *   submit listener has no field), a link click carries `href`, a button click does not.
 */
import { getPersona, HUMAN_PERSONA_IDS } from './personas.mjs';
import { createRandom } from './random.mjs';
import {
  CHECKOUT, IN_PAGE_CLICKS, HEADLINES, NEWSLETTER, REFERRERS, SEARCH, SITE_ORIGIN, linkTo, makePage,
} from './site.mjs';

/** @typedef {import('./personas.mjs').Persona} Persona */
/** @typedef {import('./site.mjs').Page} Page */
/** @typedef {import('./site.mjs').PageKind} PageKind */
/** @typedef {import('./site.mjs').Product} Product */
/** @typedef {import('./random.mjs').Random} Random */
/** @typedef {Record<string, string | number | boolean | null>} Props */
/** @typedef {{ name: string, at: number, props: Props }} SimEvent */
/** @typedef {{ persona: string, anonymousId: string, events: SimEvent[] }} SimVisitor */

/** Default start of a visitor's first session: 2026-11-01 09:00 UTC. */
export const DEFAULT_START = Date.UTC(2026, 10, 1, 9);
/** The engine's session gap: the next event this long after the last one starts a new session. */
export const SESSION_GAP_MS = 30 * 60_000;
/** A person's clicks are never closer than this (the engine's rapid-click limit is 50 ms). */
export const HUMAN_CLICK_GAP_MS = 400;
/** A person spends at least this long on a page: fewer than 20 page views a minute, whatever the noise. */
export const HUMAN_MIN_PAGE_MS = 3300;
/** Longest a session can stay idle between two events before it would end: pages never last this long. */
const MAX_PAGE_MS = 20 * 60_000;

const MILESTONES = [25, 50, 75, 90, 100];
const round2 = (/** @type {number} */ x) => Math.round(x * 100) / 100;
const clamp01 = (/** @type {number} */ x) => Math.min(1, Math.max(0, x));

/**
 * Simulates one visitor.
 * @param {{ persona: string | Persona, seed: string | number, start?: number | string | Date, sessions?: number }} options
 *   `start`: when the first session starts (ms since the epoch, ISO text or Date); `sessions`: how many
 *   sessions (default: drawn from the persona)
 * @returns {SimVisitor}
 * @example simulateVisitor({ persona: 'researcher', seed: 7 }).events[0] // { name: 'page_view', at: …, props: { path: '/article.html', … } }
 */
export function simulateVisitor({ persona, seed, start = DEFAULT_START, sessions }) {
  const p = getPersona(persona);
  const rng = createRandom(`${p.id}\u0000${seed}`);
  const anonymousId = rng.uuid();
  const startAt = typeof start === 'number' ? start : new Date(start).getTime();
  if (!Number.isFinite(startAt)) throw new Error(`simulateVisitor: start must be a time, got ${String(start)}`);
  const count = sessions ?? Math.round(rng.draw(p.sessions));
  if (!Number.isInteger(count) || count < 1) throw new Error(`simulateVisitor: sessions must be a positive integer, got ${count}`);

  const out = createStream(Math.round(startAt));
  if (p.bot) simulateBot(p, rng, out, count);
  else simulateHuman(p, rng, out, count);
  return { persona: p.id, anonymousId, events: out.events };
}

/**
 * The visitor's event list, with the clock `t`: events are appended in time order, each at least 1 ms
 * after the previous one.
 * @param {number} t
 */
function createStream(t) {
  /** @type {SimEvent[]} */
  const events = [];
  return {
    events,
    t,
    /** Appends a page's events, sorted by time; returns the last time used. @param {SimEvent[]} batch */
    append(batch) {
      batch.sort((a, b) => a.at - b.at);
      for (const e of batch) {
        const last = events.length ? events[events.length - 1].at : -Infinity;
        events.push({ name: e.name, at: Math.max(Math.round(e.at), last + 1), props: e.props });
      }
      return events.length ? events[events.length - 1].at : t;
    },
    /** Starts the next session: more than 30 minutes after the last event. @param {number} gapMs */
    gap(gapMs) {
      const last = events.length ? events[events.length - 1].at : this.t;
      this.t = last + Math.max(SESSION_GAP_MS + 60_000, Math.round(gapMs));
    },
  };
}
/** @typedef {ReturnType<typeof createStream>} Stream */

// ---- people --------------------------------------------------------------------------------------------

/**
 * A visitor's own browsing habits, drawn from a persona: the persona gives distributions, the visitor one
 * value of each (their median dwell, scroll, pages per session…).
 * @param {Persona} p
 * @param {Random} rng
 */
function browsingTraits(p, rng) {
  return {
    persona: p,
    pagesMedian: rng.draw(p.pages),
    dwellMedianS: rng.draw(p.dwellS),
    scrollMean: rng.draw(p.scroll),
    clicksPerPage: p.clicksPerPage * rng.logNormal(1, 0.35),
    thinkMs: 2500 * p.pace * rng.logNormal(1, 0.3),
  };
}
/** @typedef {ReturnType<typeof browsingTraits>} Browsing */

/**
 * @param {Persona} p
 * @param {Random} rng
 * @param {Stream} out
 * @param {number} sessions
 */
function simulateHuman(p, rng, out, sessions) {
  const own = browsingTraits(p, rng);
  const visitor = {
    cartAdd: clamp01(p.cartAdd * rng.logNormal(1, 0.4)),
    /** Cart lines kept across sessions (the shop keeps its cart in localStorage). @type {{ product: Product, price: number }[]} */
    cart: [],
    cartAdds: 0,
    lastClickAt: -Infinity,
  };
  for (let s = 0; s < sessions; s++) {
    if (s > 0) out.gap(rng.draw(p.gapHours) * 3_600_000 + rng.uniform(0, 600_000));
    // Now and then a session looks like another persona's browsing; what they buy stays their own.
    const browse = rng.chance(p.borrow)
      ? browsingTraits(getPersona(rng.pick(HUMAN_PERSONA_IDS.filter((id) => id !== p.id))), rng)
      : own;
    humanSession(p, browse, visitor, rng, out, s === sessions - 1);
  }
}

/**
 * One session of a person: a walk over pages, with in-page clicks, scrolls, cart adds, forms, and at the
 * end perhaps a checkout.
 * @param {Persona} p the visitor's persona (commerce)
 * @param {Browsing} browse how this session browses
 * @param {{ cartAdd: number, cart: { product: Product, price: number }[], cartAdds: number, lastClickAt: number }} visitor
 * @param {Random} rng
 * @param {Stream} out
 * @param {boolean} last the visit's last session: any cart adds the persona still owes happen here
 */
function humanSession(p, browse, visitor, rng, out, last) {
  const b = browse.persona;
  const n = Math.round(Math.min(b.pages.max ?? 60, Math.max(b.pages.min ?? 1, rng.logNormal(browse.pagesMedian, 0.3))));
  /** @type {PageKind[]} */
  const kinds = [rng.weighted(b.landing)];
  for (let i = 1; i < n; i++) kinds.push(rng.weighted(b.pageMix));
  let owed = last ? Math.max(0, p.minCartAdds - visitor.cartAdds) : 0;
  // A visitor who still owes cart adds looks at enough products to make them.
  for (let i = kinds.length - 1; owed > kinds.filter((k) => k === 'product').length; i--) {
    if (i <= 0) kinds.push('product');
    else if (kinds[i] !== 'product') kinds[i] = 'product';
  }
  const bias = { cheap: p.taste === 'cheap', pricey: p.taste === 'pricey' };
  const newsletterPage = rng.chance(p.newsletter) ? rng.int(0, kinds.length - 1) : -1;

  const referrerKind = rng.weighted(p.referrers);
  const referrer = REFERRERS[referrerKind];
  let page = makePage(kinds[0], rng, bias);
  page = { ...page, path: page.path + utmFor(referrerKind, rng) };
  let pageReferrer = referrer;
  let checkout = false;

  for (let i = 0; i < kinds.length; i++) {
    const view = openPage(out, page, pageReferrer, browse, rng, visitor);
    const productsLeft = kinds.slice(i).filter((k) => k === 'product').length;
    const addToCart = () => {
      if (page.kind !== 'product' || !page.product || !(rng.chance(visitor.cartAdd) || owed >= productsLeft)) return;
      const product = page.product;
      const price = product.sale ? round2(product.price * 0.85) : product.price;
      view.click('add-to-cart', 'button');
      view.track('add_to_cart', { sku: product.sku, price });
      visitor.cart.push({ product, price });
      visitor.cartAdds++;
      owed = Math.max(0, owed - 1);
      if (rng.chance(p.rush)) checkout = true;
    };
    // An impulse buyer adds to the cart right away (and may head straight to checkout); others look first.
    const addFirst = p.rush > 0.5;
    if (addFirst) addToCart();
    if (!checkout) for (let k = Math.min(8, rng.poisson(browse.clicksPerPage)); k > 0; k--) view.click(inPageKey(page, b, rng), 'button');
    if (!addFirst) addToCart();
    if (i === newsletterPage && ['guide', 'news', 'home', 'contact'].includes(page.kind)) view.form(NEWSLETTER, 'subscribe');
    const atEnd = checkout || i === kinds.length - 1;
    if (atEnd && !checkout && visitor.cart.length && owed === 0 && rng.chance(p.checkout)) checkout = true;
    if (atEnd && !checkout) {
      view.close(false);
      break;
    }
    const next = checkout ? makePage('cart', rng) : makePage(kinds[i + 1], rng, bias);
    if (next.kind === 'search' && rng.chance(p.searchForm)) view.form(SEARCH, null);
    else if (rng.chance(b.linkClick)) view.click(linkTo(next, page).key, 'a', { href: next.path });
    view.close(true);
    pageReferrer = SITE_ORIGIN;
    page = next;
    if (checkout) {
      checkoutPage(p, visitor, openPage(out, page, pageReferrer, browse, rng, visitor), rng);
      break;
    }
  }
}

/**
 * The cart page with the checkout form: the visitor trims the cart (bargain hunters keep the cheapest
 * lines), fills in fields and either places the order or leaves.
 * @param {Persona} p
 * @param {{ cart: { product: Product, price: number }[] }} visitor
 * @param {ReturnType<typeof openPage>} view
 * @param {Random} rng
 */
function checkoutPage(p, visitor, view, rng) {
  const buy = rng.chance(p.purchase);
  if (p.basket === 'cheapest' && visitor.cart.length > 1) {
    const keep = Math.min(visitor.cart.length, rng.int(1, 2));
    visitor.cart.sort((x, y) => x.price - y.price);
    for (let r = visitor.cart.length - keep; r > 0; r--) view.click('remove-from-cart', 'button');
    visitor.cart.length = keep;
  }
  if (p.clickBias.coupon && rng.chance(0.5)) view.click('coupon', 'button');
  const fields = buy ? CHECKOUT.fields : CHECKOUT.fields.slice(0, rng.int(1, CHECKOUT.fields.length));
  const fast = p.rush > 0.5; // autofill: an impulse buyer's fields fill in a blink
  fields.forEach((field, i) => {
    view.formField(CHECKOUT.form, field, fast ? rng.uniform(400, 2500) : rng.uniform(2500, 12_000), buy || i < fields.length - 1 || rng.chance(0.5));
  });
  if (buy && visitor.cart.length) {
    const revenue = round2(visitor.cart.reduce((sum, line) => sum + line.price, 0));
    view.click('place-order', 'button');
    view.submit(CHECKOUT.form);
    view.track('purchase', { revenue, items: visitor.cart.length });
    visitor.cart.length = 0;
  }
  view.close(false, buy ? rng.uniform(3000, 20_000) : rng.uniform(3000, 40_000));
}

/**
 * `?utm_*` on a landing page from a campaign (the tracker keeps these in `path`).
 * @param {string} referrerKind
 * @param {Random} rng
 */
function utmFor(referrerKind, rng) {
  if (referrerKind === 'deals' && rng.chance(0.6)) return '?utm_source=slickdeals&utm_medium=referral&utm_campaign=spring-sale';
  if (referrerKind === 'social' && rng.chance(0.7)) return `?utm_source=instagram&utm_medium=social&utm_campaign=${rng.pick(['spring-sale', 'new-tents', 'trail-stories'])}`;
  if (referrerKind === 'direct' && rng.chance(0.1)) return '?utm_source=newsletter&utm_medium=email&utm_campaign=weekly';
  return '';
}

/**
 * An in-page click key for this page, weighted by the site and the persona's bias.
 * @param {Page} page
 * @param {Persona} b
 * @param {Random} rng
 */
function inPageKey(page, b, rng) {
  /** @type {Record<string, number>} */
  const weights = {};
  for (const [key, w] of Object.entries(IN_PAGE_CLICKS[page.kind])) weights[key] = w * (b.clickBias[key] ?? 1);
  const key = rng.weighted(weights);
  return key === 'headline' ? `headline-${rng.pick(HEADLINES).slug}` : key;
}

/**
 * Opens a page view for a person and returns the actions they can take on it, placed one after another
 * with think time between them; `close` ends the view with its scroll milestones and `page_leave`.
 * @param {Stream} out
 * @param {Page} page
 * @param {string} referrer
 * @param {Browsing} browse
 * @param {Random} rng
 * @param {{ lastClickAt: number }} visitor
 */
function openPage(out, page, referrer, browse, rng, visitor) {
  const t0 = out.t;
  /** @type {SimEvent[]} */
  const events = [{ name: 'page_view', at: t0, props: { path: page.path, referrer, title: page.title.slice(0, 200) } }];
  const dwellMs = Math.max(1500, rng.logNormal(browse.dwellMedianS, 0.5) * 1000);
  const share = rng.draw(browse.persona.activeShare);
  const target = Math.min(MAX_PAGE_MS, Math.max(HUMAN_MIN_PAGE_MS, dwellMs / Math.max(0.3, share)));
  let cursor = t0 + rng.uniform(600, 2500) * browse.persona.pace;
  /** Think time before the next action: spreads actions over the page. */
  const think = () => Math.max(450, Math.min(rng.logNormal(browse.thinkMs, 0.6), target / 2));

  /** When the latest action happened (a `track()` or a submit follows it within milliseconds). */
  let lastAt = t0;

  /** Places the next action at the cursor; a click comes at least the human gap after the previous click. */
  const place = (/** @type {boolean} */ isClick) => {
    if (isClick) cursor = Math.max(cursor, visitor.lastClickAt + HUMAN_CLICK_GAP_MS);
    lastAt = cursor;
    if (isClick) visitor.lastClickAt = lastAt;
    return lastAt;
  };
  const view = {
    /**
     * A click, as the tracker sees it: `href` only on links. A link click is the page's last action.
     * @param {string} key @param {string} tag @param {{ href?: string }} [opts]
     */
    click(key, tag, opts = {}) {
      const at = place(true);
      /** @type {Props} */
      const props = { key: key.slice(0, 40), tag };
      if (opts.href) props.href = opts.href;
      events.push({ name: 'click', at, props });
      cursor = at + (opts.href ? 1 : think());
    },
    /** A `track()` call from the handler of the action just taken. @param {string} name @param {Props} props */
    track(name, props) {
      events.push({ name, at: lastAt + rng.uniform(2, 40), props });
      cursor = Math.max(cursor, lastAt + 60);
    },
    /**
     * Focus a field, type (never read), and perhaps change it.
     * @param {string} form @param {string} field @param {number} typingMs @param {boolean} changed
     */
    formField(form, field, typingMs, changed) {
      const at = place(false);
      events.push({ name: 'form_focus', at, props: { form, field } });
      if (changed) events.push({ name: 'form_change', at: at + typingMs, props: { form, field } });
      cursor = at + typingMs + rng.uniform(300, 1500);
    },
    /** The form submitted by the button just clicked. @param {string} form */
    submit(form) {
      lastAt += rng.uniform(2, 15);
      events.push({ name: 'form_submit', at: lastAt, props: { form } });
      cursor = Math.max(cursor, lastAt + 20);
    },
    /**
     * A one-field form (search box, newsletter): focus, type, change, then submit by its button or by Enter.
     * @param {{ form: string, fields: string[] }} spec @param {string | null} button
     */
    form(spec, button) {
      view.formField(spec.form, spec.fields[0], rng.uniform(1500, 6000), true);
      if (button) view.click(button, 'button');
      else place(false);
      view.submit(spec.form);
    },
    /**
     * Ends the view: scroll milestones over its time, then `page_leave` (by navigation, or the tab closing
     * after `linger` ms); moves the clock to the next page's load.
     * @param {boolean} navigates @param {number} [linger]
     */
    close(navigates, linger) {
      let leaveAt = navigates ? cursor + rng.uniform(40, 300) : Math.max(cursor + (linger ?? 0), t0 + target);
      leaveAt = Math.max(leaveAt, t0 + HUMAN_MIN_PAGE_MS);
      if (navigates) leaveAt = Math.max(leaveAt, t0 + target * rng.uniform(0.7, 1));
      // A link clicked at the page's end: the click moves with the leave, the leave follows the click.
      const exitClick = navigates ? events.findLast((e) => e.name === 'click' && e.props.href !== undefined) : undefined;
      if (exitClick && exitClick.at < leaveAt - 300) {
        exitClick.at = leaveAt - rng.uniform(40, 300);
        visitor.lastClickAt = exitClick.at;
      }
      const wall = leaveAt - t0;
      const dwell = Math.min(wall, dwellMs + Math.max(0, wall - target) * share);
      const depth = scrollDepth(page, browse, rng);
      const visible = Math.min(1, 1 / page.length);
      let m = 0;
      const later = MILESTONES.filter((x) => depth * 100 >= x && visible * 100 < x).length;
      const times = Array.from({ length: later }, () => rng.uniform(t0 + 600, Math.max(t0 + 700, leaveAt - 100))).sort((x, y) => x - y);
      for (const milestone of MILESTONES) {
        if (depth * 100 < milestone) break;
        const at = visible * 100 >= milestone ? t0 + rng.uniform(16, 120) : times[m++];
        events.push({ name: 'scroll_depth', at, props: { path: page.path, depth: milestone } });
      }
      events.push({ name: 'page_leave', at: leaveAt, props: { path: page.path, dwell_ms: Math.round(dwell), scroll_depth: round2(depth) } });
      const end = out.append(events);
      out.t = end + Math.round(rng.uniform(120, 1500));
    },
  };
  return view;
}

/**
 * Deepest scroll on a page: at least what the first screen shows, then the visitor's habit with noise.
 * @param {Page} page @param {Browsing} browse @param {Random} rng
 */
function scrollDepth(page, browse, rng) {
  const visible = Math.min(1, 1 / page.length);
  const depth = Math.max(visible, rng.beta(browse.scrollMean, 6));
  return depth >= 0.97 ? 1 : depth;
}

// ---- bots ----------------------------------------------------------------------------------------------

/**
 * A bot: one variant per visitor. A crawler loads page after page in a hidden tab (no dwell, no animation
 * frames so no scroll milestones, no clicks); a scraper renders pages over 20 a minute (only for a
 * one-session visit: a second session would be judged against its own fast pace); a clicker fires click
 * runs under 50 ms apart.
 * @param {Persona} p
 * @param {Random} rng
 * @param {Stream} out
 * @param {number} sessions
 */
function simulateBot(p, rng, out, sessions) {
  const traits = /** @type {import('./personas.mjs').BotTraits} */ (p.bot);
  // A scraper's spike is judged against the visitor's own earlier pace: it only shows in a first session.
  const variant = rng.weighted(sessions > 1 ? { ...traits.variants, scraper: 0 } : traits.variants);
  const hidden = variant === 'crawler' || (variant === 'clicker' && rng.chance(0.5));
  for (let s = 0; s < sessions; s++) {
    if (s > 0) out.gap(rng.draw(p.gapHours) * 3_600_000 + rng.uniform(0, 600_000));
    const n = Math.round(rng.draw(traits.pages[variant]));
    let referrer = REFERRERS[rng.weighted(p.referrers)];
    for (let i = 0; i < n; i++) {
      const page = makePage(i === 0 ? rng.weighted(p.landing) : rng.weighted(p.pageMix), rng);
      const t0 = out.t;
      /** @type {SimEvent[]} */
      const events = [{ name: 'page_view', at: t0, props: { path: page.path, referrer, title: page.title.slice(0, 200) } }];
      referrer = SITE_ORIGIN;
      let leaveAt = t0 + rng.draw(traits.intervalS[variant]) * 1000 - rng.uniform(5, 60);
      let depth = 0;
      if (!hidden) {
        // Rendered: the first screen reports its milestones at once; a clicker may jump to the bottom.
        depth = variant === 'clicker' && rng.chance(0.5) ? 1 : Math.min(1, 1 / page.length);
        let at = t0 + rng.uniform(16, 80);
        for (const milestone of MILESTONES) if (depth * 100 >= milestone) events.push({ name: 'scroll_depth', at: (at += rng.uniform(1, 5)), props: { path: page.path, depth: milestone } });
      }
      if (variant === 'clicker') {
        let at = t0 + rng.uniform(100, 600);
        const keys = Object.keys(IN_PAGE_CLICKS[page.kind]);
        for (let c = Math.round(rng.draw(traits.clickRun)); c > 0; c--) {
          events.push({ name: 'click', at, props: { key: page.kind === 'product' ? 'add-to-cart' : rng.pick(keys), tag: 'button' } });
          at += Math.max(1, Math.round(rng.draw(traits.clickGapMs)));
        }
        if (page.product && rng.chance(p.cartAdd)) {
          events.push({ name: 'add_to_cart', at: at + rng.uniform(1, 20), props: { sku: page.product.sku, price: page.product.price } });
        }
        leaveAt = Math.max(leaveAt, at + 60);
      }
      const dwell = hidden ? 0 : leaveAt - t0;
      events.push({ name: 'page_leave', at: leaveAt, props: { path: page.path, dwell_ms: Math.round(dwell), scroll_depth: round2(depth) } });
      out.t = out.append(events) + Math.round(rng.uniform(5, 60));
    }
  }
}
