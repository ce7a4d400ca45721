// @ts-check
/**
 * The simulated site: Northwind Outfitters, the demo shop of `examples/shop` grown into a full catalogue (the
 * shop's own four products keep their paths, SKUs and prices). Pages, their titles, the links and buttons a
 * visitor can click on each kind of page, and the checkout form.
 */

/** The site's origin: `page_view.referrer` of a navigation inside it (a multi-page site). */
export const SITE_ORIGIN = 'https://northwind.example';

const SUFFIX = ' · Northwind Outfitters';

/**
 * @typedef {{ sku: string, slug: string, name: string, price: number, sale: boolean, category: string }} Product
 */

/** @type {Product[]} */
export const PRODUCTS = [
  { sku: 'TENT-2P', slug: 'tent', name: 'Ridgeline 2 Tent', price: 249, sale: true, category: 'tents' },
  { sku: 'PACK-45L', slug: 'pack', name: 'Switchback 45 Pack', price: 159, sale: true, category: 'packs' },
  { sku: 'STOVE-EMB', slug: 'stove', name: 'Ember Canister Stove', price: 63.5, sale: false, category: 'cooking' },
  { sku: 'SHELL-CIR', slug: 'shell', name: 'Cirrus Rain Shell', price: 129, sale: false, category: 'clothing' },
  { sku: 'TENT-1P', slug: 'tent-solo', name: 'Ridgeline 1 Tent', price: 199, sale: false, category: 'tents' },
  { sku: 'TENT-3P', slug: 'tent-family', name: 'Basecamp 3 Tent', price: 389, sale: false, category: 'tents' },
  { sku: 'PACK-28L', slug: 'daypack', name: 'Switchback 28 Daypack', price: 89, sale: true, category: 'packs' },
  { sku: 'PACK-65L', slug: 'pack-expedition', name: 'Longhaul 65 Pack', price: 279, sale: false, category: 'packs' },
  { sku: 'BAG-DWN', slug: 'sleeping-bag', name: 'Eider Down Sleeping Bag', price: 329, sale: false, category: 'sleep' },
  { sku: 'BAG-SYN', slug: 'sleeping-bag-synthetic', name: 'Fernside Synthetic Bag', price: 119, sale: true, category: 'sleep' },
  { sku: 'MAT-INF', slug: 'sleeping-mat', name: 'Loft Inflatable Mat', price: 99, sale: false, category: 'sleep' },
  { sku: 'POT-TI', slug: 'titanium-pot', name: 'Feather Titanium Pot', price: 45, sale: true, category: 'cooking' },
  { sku: 'FILT-SQZ', slug: 'water-filter', name: 'Brookline Squeeze Filter', price: 34, sale: true, category: 'cooking' },
  { sku: 'LAMP-300', slug: 'headlamp', name: 'Glowworm 300 Headlamp', price: 29, sale: true, category: 'accessories' },
  { sku: 'SOCK-MER', slug: 'merino-socks', name: 'Merino Trail Socks (2 pairs)', price: 24, sale: true, category: 'clothing' },
  { sku: 'POLE-CF', slug: 'trekking-poles', name: 'Carbon Trekking Poles', price: 139, sale: false, category: 'accessories' },
  { sku: 'FLEECE-M', slug: 'fleece', name: 'Tarn Grid Fleece', price: 79, sale: true, category: 'clothing' },
  { sku: 'BOTTLE-1L', slug: 'bottle', name: 'Summit 1 L Bottle', price: 19, sale: true, category: 'accessories' },
];

export const CATEGORIES = ['tents', 'packs', 'sleep', 'cooking', 'clothing', 'accessories'];

export const GUIDES = [
  { slug: 'three-season-kit', title: 'The three-season backpacking kit: a buying guide', path: '/article.html' },
  { slug: 'choosing-a-tent', title: 'Choosing a tent: weight, space and weather', path: '/guide-choosing-a-tent.html' },
  { slug: 'sleep-systems', title: 'Sleep systems explained: bags, quilts and mats', path: '/guide-sleep-systems.html' },
  { slug: 'layering', title: 'Layering for wet weather', path: '/guide-layering.html' },
  { slug: 'stove-fuel', title: 'Canister, liquid or alcohol? Stove fuels compared', path: '/guide-stove-fuel.html' },
  { slug: 'pack-fit', title: 'How to fit a backpack', path: '/guide-pack-fit.html' },
];

export const HEADLINES = [
  { slug: 'bramble-pass', title: 'Bramble Pass reopens after winter storm repairs' },
  { slug: 'upper-lakes-canisters', title: 'Bear-resistant food canisters now required on the Upper Lakes loop' },
  { slug: 'hut-bookings', title: 'Hut-to-hut bookings for the summer traverse open early' },
  { slug: 'trail-crew', title: 'Volunteers wanted for Saturday’s trail clean-up' },
  { slug: 'night-sky', title: 'Clear skies forecast for the meteor shower weekend' },
  { slug: 'river-crossing', title: 'High water closes the Millrace river crossing' },
  { slug: 'fire-ban', title: 'Campfire ban lifted in the northern forests' },
  { slug: 'permit-lottery', title: 'Permit lottery results are out' },
  { slug: 'trail-running', title: 'Record field for the Ridge Run ultra' },
  { slug: 'wildflowers', title: 'Wildflower bloom peaks early this year' },
];

/** Page kinds; a visit is a walk over these. */
export const PAGE_KINDS = /** @type {const} */ ([
  'home', 'category', 'product', 'sale', 'search', 'compare', 'guide', 'news', 'cart', 'contact',
]);
/** @typedef {(typeof PAGE_KINDS)[number]} PageKind */

/**
 * One page: where it is, what it is called, and what it shows.
 * @typedef {{ kind: PageKind, path: string, title: string, product?: Product, length: number }} Page
 */

/** @param {string} text */
const short = (text) => text.replace(/\s+/g, ' ').trim().slice(0, 40);

/**
 * A page of this kind, with its subject picked by `pick` (a product, a guide, a headline…).
 * @param {PageKind} kind
 * @param {import('./random.mjs').Random} rng
 * @param {{ cheap?: boolean, pricey?: boolean, product?: Product }} [bias] which products a visitor looks at
 * @returns {Page}
 */
export function makePage(kind, rng, bias = {}) {
  switch (kind) {
    case 'home':
      return { kind, path: '/', title: 'Northwind Outfitters: gear for the long way round', length: rng.uniform(2.5, 4) };
    case 'category': {
      const c = rng.pick(CATEGORIES);
      return { kind, path: `/category-${c}.html`, title: `${c[0].toUpperCase()}${c.slice(1)}${SUFFIX}`, length: rng.uniform(2.5, 5) };
    }
    case 'product': {
      const product = bias.product ?? pickProduct(rng, bias);
      return { kind, path: `/product-${product.slug}.html`, title: `${product.name}${SUFFIX}`, product, length: rng.uniform(2, 3.5) };
    }
    case 'sale':
      return { kind, path: '/sale.html', title: `Spring sale${SUFFIX}`, length: rng.uniform(3, 5) };
    case 'search':
      return { kind, path: '/search.html', title: `Search${SUFFIX}`, length: rng.uniform(2, 4) };
    case 'compare':
      return { kind, path: '/compare.html', title: `Compare${SUFFIX}`, length: rng.uniform(2, 3.5) };
    case 'guide': {
      const g = rng.pick(GUIDES);
      return { kind, path: g.path, title: `${g.title}${SUFFIX}`, length: rng.uniform(4, 8) };
    }
    case 'news': {
      const h = rng.pick(HEADLINES);
      return { kind, path: `/news-${h.slug}.html`, title: `${h.title}${SUFFIX}`, length: rng.uniform(2.2, 3.8) };
    }
    case 'cart':
      return { kind, path: '/cart.html', title: `Your cart${SUFFIX}`, length: rng.uniform(1.2, 2) };
    case 'contact':
      return { kind, path: '/contact.html', title: `Contact us${SUFFIX}`, length: rng.uniform(1.2, 2) };
  }
}

/**
 * A product, leaning to sale and cheap items or to pricey ones.
 * @param {import('./random.mjs').Random} rng
 * @param {{ cheap?: boolean, pricey?: boolean }} bias
 */
export function pickProduct(rng, bias) {
  /** @type {Record<string, number>} */
  const weights = {};
  PRODUCTS.forEach((p, i) => {
    let w = 1;
    if (bias.cheap) w *= (p.sale ? 3 : 1) * (p.price < 100 ? 2.5 : 1);
    if (bias.pricey) w *= p.price >= 120 ? 3 : 0.6;
    weights[i] = w;
  });
  return PRODUCTS[Number(rng.weighted(weights))];
}

/**
 * The link a visitor follows from one page to the next, as the tracker reports it: the `key` is the
 * element's `data-seglet-key` or its visible text (at most 40 characters), `href` its same-origin path.
 * @param {Page} to
 * @param {Page} from
 * @returns {{ key: string, tag: string, href: string }}
 */
export function linkTo(to, from) {
  const href = to.path;
  switch (to.kind) {
    case 'home':
      return { key: 'Northwind Outfitters', tag: 'a', href };
    case 'category':
      return { key: short(`Shop ${to.path.slice('/category-'.length, -'.html'.length)}`), tag: 'a', href };
    case 'product':
      return { key: from.kind === 'compare' ? `compare-view-${to.product?.slug}` : short(to.product?.name ?? 'Product'), tag: 'a', href };
    case 'sale':
      return { key: 'sale', tag: 'a', href };
    case 'search':
      return { key: 'search', tag: 'a', href };
    case 'compare':
      return { key: 'compare', tag: 'a', href };
    case 'guide':
      return { key: from.kind === 'guide' ? 'read-next' : 'guides', tag: 'a', href };
    case 'news':
      return { key: `headline-${to.path.slice('/news-'.length, -'.html'.length)}`, tag: 'a', href };
    case 'cart':
      return { key: 'cart', tag: 'a', href };
    case 'contact':
      return { key: 'Contact', tag: 'a', href };
  }
}

/**
 * What a visitor can click on a page without leaving it (buttons, tabs, filters), with base weights; the
 * persona's `clickBias` multiplies these by key.
 * @type {Record<PageKind, Record<string, number>>}
 */
export const IN_PAGE_CLICKS = {
  home: { 'hero-next': 1, 'headline-teaser': 2, 'menu': 1, 'newsletter-open': 0.3 },
  category: { 'sort-price': 2, 'sort-rating': 1, 'filter-price': 1.5, 'filter-brand': 1, 'sale': 1, 'load-more': 1.5, 'compare': 0.7 },
  product: { 'gallery-next': 3, 'reviews': 1.5, 'specs': 1.5, 'size-guide': 0.8, 'shipping-info': 0.8, 'compare': 0.8, 'wishlist': 0.5, 'sale': 0.4 },
  sale: { 'sort-price': 3, 'filter-price': 2, 'sale': 1.5, 'load-more': 2, 'coupon': 1 },
  search: { 'sort-price': 2, 'sort-rating': 1, 'filter-price': 1, 'load-more': 1 },
  compare: { 'compare': 3, 'specs': 2, 'compare-remove': 1, 'reviews': 1 },
  guide: { 'toc': 2, 'read-more': 1.5, 'compare': 1, 'specs': 0.8, 'share': 0.3, 'footnote': 0.5 },
  news: { 'headline-teaser': 2, 'more-news': 1.5, 'share': 0.5, 'gallery-next': 0.5 },
  cart: { 'quantity-plus': 1, 'coupon': 1, 'shipping-info': 1, 'remove-from-cart': 0.5 },
  contact: { 'faq': 1, 'map': 0.5 },
};

/** Buttons (not links): the `tag` the tracker reports for an in-page click. */
export const BUTTON_TAG = 'button';

/** The demo shop's checkout form (on the cart page) and its fields, in page order. */
export const CHECKOUT = { form: 'checkout', fields: ['name', 'email', 'address'] };
/** The newsletter sign-up on articles and the home page. */
export const NEWSLETTER = { form: 'newsletter', fields: ['email'] };
/** The site search box in the header. */
export const SEARCH = { form: 'search', fields: ['q'] };

/** Referrer origins a visit can land from ('' is direct: typed, bookmark, app). */
export const REFERRERS = {
  search: 'https://www.google.com',
  bing: 'https://www.bing.com',
  social: 'https://www.instagram.com',
  forum: 'https://www.reddit.com',
  news: 'https://news.google.com',
  deals: 'https://www.slickdeals.net',
  direct: '',
};
