// @ts-check
/**
 * Visitor personas with ground truth. Each persona is a small set of distributions; every simulated visitor
 * draws their own parameters from them (so two bargain hunters differ), and each session and page adds its
 * own noise. Personas overlap on purpose: bargain hunters and cart abandoners both fill carts, researchers
 * and skimmers both read, some impulse buyers never check out, every human persona sometimes has a session
 * that looks like another's (`borrow`). A model should find them, but not trivially.
 *
 * @typedef {import('./random.mjs').Dist} Dist
 * @typedef {import('./site.mjs').PageKind} PageKind
 * @typedef {keyof typeof import('./site.mjs').REFERRERS} ReferrerKind
 *
 * @typedef {object} Persona
 * @property {string} id
 * @property {string} label
 * @property {string} description
 * @property {Dist} sessions sessions per visitor
 * @property {Dist} gapHours time between sessions, hours (always over the 30-minute session gap)
 * @property {Dist} pages page views a session browses (the visitor's median; each session varies around it)
 * @property {Dist} dwellS active seconds per page (the visitor's median; each page varies around it)
 * @property {Dist} activeShare share of the time on a page the tracker counts as dwell (visible and active)
 * @property {Dist} scroll deepest scroll per page, 0–1 (the visitor's mean)
 * @property {number} clicksPerPage mean in-page clicks per page (buttons, tabs, filters; links come on top)
 * @property {Record<string, number>} clickBias multiplies the site's in-page click weights, by key
 * @property {number} linkClick share of navigations made through a tracked link (the rest: typed, back, menu)
 * @property {Partial<Record<PageKind, number>>} landing first page of a session
 * @property {Partial<Record<PageKind, number>>} pageMix pages after the first
 * @property {Partial<Record<ReferrerKind, number>>} referrers where sessions come from
 * @property {'cheap' | 'pricey' | 'any'} taste which products they look at
 * @property {number} cartAdd chance of adding to cart on a product page
 * @property {number} minCartAdds cart adds every visitor of this persona makes at least, over the visit
 * @property {number} rush chance that an add to cart sends them straight to checkout
 * @property {number} checkout chance that a session ending with a full cart goes to checkout
 * @property {number} purchase chance that a checkout is completed
 * @property {'cheapest' | 'all'} basket what an order holds: the one or two cheapest cart lines, or all
 * @property {number} searchForm chance that going to search uses the search box (form events)
 * @property {number} newsletter chance per session of a newsletter sign-up (a form submit)
 * @property {number} borrow chance per session of browsing like another human persona
 * @property {number} pace multiplier on think time between actions
 * @property {BotTraits} [bot] only for the bot persona
 *
 * @typedef {object} BotTraits
 * @property {Record<'crawler' | 'scraper' | 'clicker', number>} variants
 *   crawler: page after page with no interaction (no clicks, no scroll, no dwell); scraper: one fast burst of
 *   page views (over 20 a minute) that render and so report a first scroll milestone; clicker: machine-speed
 *   click runs (under 50 ms apart), some checking stock with add-to-cart
 * @property {Record<'crawler' | 'scraper' | 'clicker', Dist>} pages page views per session
 * @property {Record<'crawler' | 'scraper' | 'clicker', Dist>} intervalS seconds between page views
 * @property {Dist} clickRun clicks per run (clicker)
 * @property {Dist} clickGapMs milliseconds between clicks in a run (clicker)
 */

/** @type {Persona} */
const bargainHunter = {
  id: 'bargain-hunter',
  label: 'Bargain hunter',
  description: 'many product views, sorts by price and follows sales, fills the cart, rarely buys and then cheaply',
  sessions: { poisson: 2, min: 1, max: 6 },
  gapHours: { logn: [18, 1.1], min: 0.6, max: 120 },
  pages: { logn: [11, 0.35], min: 4, max: 40 },
  dwellS: { logn: [16, 0.35], min: 4 },
  activeShare: { beta: [0.8, 12] },
  scroll: { beta: [0.55, 10] },
  clicksPerPage: 1.5,
  clickBias: { 'sort-price': 5, sale: 5, 'filter-price': 3, coupon: 3, 'load-more': 1.5, compare: 1 },
  linkClick: 0.75,
  landing: { sale: 4, home: 2, category: 2, product: 2, search: 1 },
  pageMix: { product: 40, category: 15, sale: 18, search: 10, home: 5, compare: 3, cart: 4, guide: 2, news: 3 },
  referrers: { deals: 4, search: 3, direct: 2, social: 1 },
  taste: 'cheap',
  cartAdd: 0.2,
  minCartAdds: 2,
  rush: 0.05,
  checkout: 0.3,
  purchase: 0.35,
  basket: 'cheapest',
  searchForm: 0.8,
  newsletter: 0.04,
  borrow: 0.1,
  pace: 0.9,
};

/** @type {Persona} */
const researcher = {
  id: 'researcher',
  label: 'Researcher',
  description: 'few pages read closely: guides and articles, deep scroll, long dwell, compares products',
  sessions: { poisson: 2, min: 1, max: 6 },
  gapHours: { logn: [30, 1.0], min: 0.6, max: 144 },
  pages: { logn: [4, 0.35], min: 1, max: 12 },
  dwellS: { logn: [85, 0.35], min: 20 },
  activeShare: { beta: [0.85, 12] },
  scroll: { beta: [0.85, 12] },
  clicksPerPage: 1.3,
  clickBias: { compare: 5, specs: 3, reviews: 3, toc: 2, 'read-more': 2, 'size-guide': 2 },
  linkClick: 0.7,
  landing: { guide: 5, product: 2, home: 1, compare: 1 },
  pageMix: { guide: 30, product: 30, compare: 18, category: 8, news: 5, home: 5, contact: 2, search: 2 },
  referrers: { search: 5, forum: 3, bing: 1, direct: 1 },
  taste: 'pricey',
  cartAdd: 0.05,
  minCartAdds: 0,
  rush: 0.1,
  checkout: 0.35,
  purchase: 0.5,
  basket: 'all',
  searchForm: 0.5,
  newsletter: 0.12,
  borrow: 0.1,
  pace: 1.3,
};

/** @type {Persona} */
const impulseBuyer = {
  id: 'impulse-buyer',
  label: 'Impulse buyer',
  description: 'lands on a product, adds it to the cart within seconds and pays: few views, higher order values',
  sessions: { poisson: 1.2, min: 1, max: 3 },
  gapHours: { logn: [48, 1.0], min: 0.6, max: 144 },
  pages: { logn: [3.5, 0.3], min: 2, max: 8 },
  dwellS: { logn: [13, 0.35], min: 4 },
  activeShare: { beta: [0.85, 12] },
  scroll: { beta: [0.45, 10] },
  clicksPerPage: 0.7,
  clickBias: { 'gallery-next': 2, 'size-guide': 1.5, wishlist: 0.5 },
  linkClick: 0.8,
  landing: { product: 5, home: 2, sale: 1, news: 1 },
  pageMix: { product: 55, home: 10, category: 12, sale: 10, news: 6, guide: 4, search: 3 },
  referrers: { social: 5, search: 2, direct: 2 },
  taste: 'pricey',
  cartAdd: 0.65,
  minCartAdds: 1,
  rush: 0.75,
  checkout: 0.9,
  purchase: 0.92,
  basket: 'all',
  searchForm: 0.2,
  newsletter: 0.02,
  borrow: 0.1,
  pace: 0.6,
};

/** @type {Persona} */
const cartAbandoner = {
  id: 'cart-abandoner',
  label: 'Cart abandoner',
  description: 'browses products, adds to cart, starts the checkout form and leaves without paying',
  sessions: { poisson: 1.5, min: 1, max: 5 },
  gapHours: { logn: [20, 1.0], min: 0.6, max: 120 },
  pages: { logn: [7, 0.35], min: 3, max: 20 },
  dwellS: { logn: [24, 0.35], min: 5 },
  activeShare: { beta: [0.8, 12] },
  scroll: { beta: [0.6, 10] },
  clicksPerPage: 1.1,
  clickBias: { 'shipping-info': 4, reviews: 2, 'size-guide': 1.5, coupon: 2, 'sort-price': 1 },
  linkClick: 0.75,
  landing: { product: 3, home: 3, category: 2, sale: 1 },
  pageMix: { product: 45, category: 15, home: 8, sale: 8, search: 6, cart: 8, guide: 5, news: 3, compare: 2 },
  referrers: { search: 3, direct: 3, social: 2, deals: 1 },
  taste: 'any',
  cartAdd: 0.3,
  minCartAdds: 1,
  rush: 0.3,
  checkout: 0.8,
  purchase: 0,
  basket: 'all',
  searchForm: 0.5,
  newsletter: 0.04,
  borrow: 0.1,
  pace: 1,
};

/** @type {Persona} */
const newsSkimmer = {
  id: 'news-skimmer',
  label: 'News skimmer',
  description: 'many short page views, clicks headlines, scrolls little, hardly shops',
  sessions: { poisson: 2.5, min: 1, max: 7 },
  gapHours: { logn: [10, 1.0], min: 0.6, max: 96 },
  pages: { logn: [13, 0.35], min: 5, max: 40 },
  dwellS: { logn: [7, 0.35], min: 3 },
  activeShare: { beta: [0.85, 12] },
  scroll: { beta: [0.3, 10] },
  clicksPerPage: 1,
  clickBias: { headline: 6, 'more-news': 3, share: 1 },
  linkClick: 0.85,
  landing: { news: 5, home: 4 },
  pageMix: { news: 62, home: 20, guide: 5, product: 5, category: 4, sale: 2, contact: 1 },
  referrers: { news: 5, social: 3, direct: 3, search: 1 },
  taste: 'any',
  cartAdd: 0.05,
  minCartAdds: 0,
  rush: 0.2,
  checkout: 0.3,
  purchase: 0.5,
  basket: 'all',
  searchForm: 0.3,
  newsletter: 0.05,
  borrow: 0.08,
  pace: 0.5,
};

/** @type {Persona} */
const bot = {
  id: 'bot',
  label: 'Bot',
  description: 'automation: fast page views with no dwell, and no clicks or clicks faster than a person',
  sessions: { poisson: 0.4, min: 1, max: 2 },
  gapHours: { logn: [6, 1.0], min: 0.6, max: 48 },
  pages: { fixed: 0 },
  dwellS: { fixed: 0 },
  activeShare: { fixed: 0 },
  scroll: { fixed: 0 },
  clicksPerPage: 0,
  clickBias: {},
  linkClick: 0,
  landing: { home: 3, product: 1, news: 1, category: 1 },
  pageMix: { product: 35, category: 15, guide: 10, news: 20, home: 5, sale: 5, search: 5, compare: 3, contact: 2 },
  referrers: { direct: 8, search: 1 },
  taste: 'any',
  cartAdd: 0.3,
  minCartAdds: 0,
  rush: 0,
  checkout: 0,
  purchase: 0,
  basket: 'all',
  searchForm: 0,
  newsletter: 0,
  borrow: 0,
  pace: 1,
  bot: {
    variants: { crawler: 45, scraper: 25, clicker: 30 },
    pages: {
      crawler: { logn: [30, 0.5], min: 12, max: 150 },
      scraper: { uniform: [22, 80] },
      clicker: { uniform: [3, 15] },
    },
    intervalS: {
      crawler: { logn: [1.2, 0.7], min: 0.15, max: 8 },
      scraper: { uniform: [0.3, 2.6] },
      clicker: { logn: [2.5, 0.5], min: 0.4, max: 10 },
    },
    clickRun: { uniform: [3, 20] },
    clickGapMs: { uniform: [3, 45] },
  },
};

/** Every persona, by id. */
export const PERSONAS = Object.freeze({
  'bargain-hunter': bargainHunter,
  researcher,
  'impulse-buyer': impulseBuyer,
  'cart-abandoner': cartAbandoner,
  'news-skimmer': newsSkimmer,
  bot,
});

/** Persona ids, in a fixed order (the CLI's round-robin mix). */
export const PERSONA_IDS = /** @type {(keyof typeof PERSONAS)[]} */ (Object.keys(PERSONAS));

/** The personas a human visitor can borrow a session's browsing from. */
export const HUMAN_PERSONA_IDS = PERSONA_IDS.filter((id) => !PERSONAS[id].bot);

/**
 * A persona by id (or the persona itself).
 * @param {string | Persona} persona
 * @returns {Persona}
 */
export function getPersona(persona) {
  if (typeof persona === 'object') return persona;
  const found = /** @type {Record<string, Persona>} */ (PERSONAS)[persona];
  if (!found) throw new Error(`unknown persona "${persona}" (known: ${PERSONA_IDS.join(', ')})`);
  return found;
}
